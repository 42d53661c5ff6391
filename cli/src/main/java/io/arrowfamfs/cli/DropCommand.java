package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.CatalogSnapshot;
import io.arrowfamfs.catalog.TableState;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "drop",
        description = {
            "Drop TABLE (master only): one atomic commit; readers that hold its frames keep them.",
            "Its frames are retired: their space is held for readers that may still read them, and reported",
            "as retired; reusing it after the last reader leaves is the master agent's job, not built yet."
        },
        footer = "  arrow-famfs drop flights")
final class DropCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TABLE", description = "the table to drop")
    String table;

    @Override
    public Integer call() {
        try (Tables tables = new Tables(device)) {
            TableState dropped = tables.catalog.snapshot().require(table);
            tables.catalog.drop(table);
            CatalogSnapshot after = tables.catalog.snapshot();
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "dropped %s: %d frames, %,d rows, %s; catalog version %d%n",
                    table, dropped.frames().size(), dropped.rows(), Sizes.human(dropped.bytes()), after.version());
            out.printf(
                    "its frames are retired, held for readers that may still read them (%s retired on this device)%n",
                    Sizes.human(tables.catalog.space().total().retired()));
        }
        return 0;
    }
}
