package io.arrowfamfs.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/** Stand-in for the flights dataset when it is absent: same columns, deterministic values. */
final class DemoData {
    private static final String[] AIRPORTS = {"ATL", "ORD", "DFW", "DEN", "LAX", "SFO", "JFK", "SEA", "BOS", "PHX"};

    private DemoData() {}

    /** Writes {@code rows} synthetic flights as an Arrow IPC stream in the temp directory, once. */
    static Path generate(long rows) throws IOException {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "arrow-famfs-demo-flights-" + rows + ".arrows");
        if (Files.exists(file)) {
            return file;
        }
        Path partial = Files.createTempFile(file.getParent(), "arrow-famfs-demo", ".partial");
        try {
            write(partial, rows);
            Files.move(partial, file);
        } finally {
            Files.deleteIfExists(partial);
        }
        return file;
    }

    private static void write(Path partial, long rows) throws IOException {
        Random random = new Random(42);
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.of(
                        new TimeStampMicroVector("date", allocator),
                        new BigIntVector("delay", allocator),
                        new BigIntVector("distance", allocator),
                        new VarCharVector("origin", allocator),
                        new VarCharVector("destination", allocator));
                FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE);
                ArrowStreamWriter writer = new ArrowStreamWriter(root, null, channel)) {
            writer.start();
            long base = 978_307_200_000_000L; // 2001-01-01
            for (long done = 0; done < rows; ) {
                int n = (int) Math.min(1 << 20, rows - done);
                root.allocateNew();
                for (int i = 0; i < n; i++) {
                    ((TimeStampMicroVector) root.getVector("date")).setSafe(i, base + (done + i) * 10_000_000L);
                    ((BigIntVector) root.getVector("delay")).setSafe(i, random.nextInt(200) - 20);
                    ((BigIntVector) root.getVector("distance")).setSafe(i, 100 + random.nextInt(2500));
                    ((VarCharVector) root.getVector("origin")).setSafe(i, airport(random));
                    ((VarCharVector) root.getVector("destination")).setSafe(i, airport(random));
                }
                root.setRowCount(n);
                writer.writeBatch();
                done += n;
            }
            writer.end();
        }
    }

    private static byte[] airport(Random random) {
        return AIRPORTS[random.nextInt(AIRPORTS.length)].getBytes(StandardCharsets.US_ASCII);
    }
}
