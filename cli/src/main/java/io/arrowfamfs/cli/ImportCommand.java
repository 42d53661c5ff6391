package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.catalog.TableImport;
import io.arrowfamfs.query.ImportSource;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "import",
        description = {
            "Publish a Parquet, CSV or Arrow IPC (file or stream) source as a new frame of" + " TABLE (master only).",
            "TABLE is created if it does not exist; its schema must match the source's otherwise."
        },
        footer = "  arrow-famfs import ../shared/datasets/flights-3m.parquet flights")
final class ImportCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--batch-rows",
            paramLabel = "N",
            defaultValue = "1048576",
            description = "rows per record batch (default: ${DEFAULT-VALUE})")
    int batchRows;

    @Option(
            names = "--dictionary-threshold",
            paramLabel = "N",
            defaultValue = "" + TableImport.DEFAULT_DICTIONARY_THRESHOLD,
            description = "a new table stores a column of strings or of 64-bit values (integers, timestamps)"
                    + " with at most N distinct values as codes into a dictionary; 0 stores every value as it is"
                    + " (default: ${DEFAULT-VALUE}; an existing table keeps its own choice)")
    int dictionaryThreshold;

    @Parameters(index = "0", paramLabel = "SRC", description = "the source file; its format is told by its content")
    Path source;

    @Parameters(index = "1", paramLabel = "TABLE", description = "the table to create or append to")
    String table;

    @Override
    public Integer call() throws Exception {
        if (dictionaryThreshold < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--dictionary-threshold must be 0 or more: " + dictionaryThreshold);
        }
        try (Tables tables = new Tables(device);
                ImportSource input = ImportSource.open(source, tables.allocator, batchRows)) {
            Progress progress = new Progress(spec.commandLine().getErr(), "import " + source.getFileName());
            long start = System.nanoTime();
            FrameRef frame = TableImport.run(
                    tables.catalog, table, input.reader(), tables.allocator, batchRows, dictionaryThreshold, progress);
            progress.done();
            spec.commandLine()
                    .getOut()
                    .printf(
                            "imported %s (%s) into %s: %,d rows, %d batches, %s in %.0f ms; table version %d%n",
                            source,
                            input.format(),
                            table,
                            frame.rows(),
                            frame.batches(),
                            Sizes.human(frame.bytes()),
                            (System.nanoTime() - start) / 1e6,
                            tables.catalog.snapshot().require(table).version());
        }
        return 0;
    }
}
