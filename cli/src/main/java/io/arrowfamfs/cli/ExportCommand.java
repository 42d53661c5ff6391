package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.frame.Frame;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "export",
        description = "Write TABLE out as a plain Arrow IPC file that any Arrow library reads.",
        footer = "  arrow-famfs export flights flights.arrow")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TABLE", description = "the table to export")
    String table;

    @Parameters(index = "1", paramLabel = "FILE", description = "the Arrow file to write (replaced if it exists)")
    Path file;

    @Override
    public Integer call() throws Exception {
        try (Tables tables = new Tables(device)) {
            TableState state = tables.catalog.snapshot().require(table);
            long rows = 0;
            try (FileChannel channel = FileChannel.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING);
                    VectorSchemaRoot out = VectorSchemaRoot.create(
                            plain(tables.catalog.schema(state, tables.allocator)), tables.allocator);
                    ArrowFileWriter writer = new ArrowFileWriter(out, null, channel)) {
                writer.start();
                VectorLoader loader = new VectorLoader(out);
                for (FrameRef ref : state.frames()) {
                    try (Frame frame = tables.catalog.attach(ref, tables.allocator, false)) {
                        for (int b = 0; b < frame.batchCount(); b++) {
                            try (VectorSchemaRoot batch = decoded(frame, b, out.getSchema(), tables.allocator);
                                    ArrowRecordBatch records = new VectorUnloader(batch).getRecordBatch()) {
                                loader.load(records);
                                writer.writeBatch();
                                rows += batch.getRowCount();
                            }
                        }
                    }
                }
                writer.end();
                out.clear();
            }
            spec.commandLine().getOut().printf("exported %s: %,d rows to %s%n", table, rows, file);
        }
        return 0;
    }

    /** {@code schema} with its dictionary-encoded fields as plain fields of their values' type: the file stores values. */
    private static Schema plain(Schema schema) {
        List<Field> fields = new ArrayList<>();
        for (Field field : schema.getFields()) {
            fields.add(new Field(
                    field.getName(),
                    new FieldType(field.isNullable(), field.getType(), null, field.getMetadata()),
                    field.getChildren()));
        }
        return new Schema(fields, schema.getCustomMetadata());
    }

    /** Batch {@code b} of {@code frame} with its dictionary-encoded columns decoded (copied); the rest zero-copy. */
    private static VectorSchemaRoot decoded(Frame frame, int b, Schema plain, BufferAllocator allocator) {
        try (VectorSchemaRoot batch = frame.batch(b)) {
            List<FieldVector> vectors = new ArrayList<>();
            try {
                for (int c = 0; c < batch.getFieldVectors().size(); c++) {
                    FieldVector vector = batch.getVector(c);
                    DictionaryEncoding encoding = vector.getField().getDictionary();
                    FieldVector values = encoding == null
                            ? vector
                            : (FieldVector)
                                    DictionaryEncoder.decode(vector, frame.dictionary(encoding.getId()), allocator);
                    try {
                        var transfer = values.getTransferPair(plain.getFields().get(c), allocator);
                        transfer.transfer();
                        vectors.add((FieldVector) transfer.getTo());
                    } finally {
                        if (values != vector) {
                            values.close();
                        }
                    }
                }
            } catch (RuntimeException e) {
                vectors.forEach(FieldVector::close);
                throw e;
            }
            return new VectorSchemaRoot(plain.getFields(), vectors, batch.getRowCount());
        }
    }
}
