package io.arrowfamfs.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.cli.ChildJvm;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.nativeio.CachePolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Memory of 8 reader processes that each attach a 2 GiB frame and scan all of it, as the sum of
 * their whole-process PSS, against 8 processes that read the same bytes with ArrowFileReader and
 * keep what they read (a private copy each). Also the PSS of the frame mappings alone.
 */
final class ShareBench {
    static final int READERS = 8;
    static final long FRAME_BYTES = 2L << 30;
    /**
     * The same small JVM for both kinds of reader: their data lives outside the heap, so a small
     * young generation and C1 alone keep each JVM's own memory near 40 MB.
     */
    static final List<String> READER_JVM = List.of(
            "-XX:+UseSerialGC",
            "-Xmx64m",
            "-Xmn8m",
            "-Xss256k",
            "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=16m",
            "-XX:CICompilerCount=1",
            "-XX:-UsePerfData");

    private ShareBench() {}

    static void run(BenchSite site, int runs, JsonGenerator g, PrintWriter log) throws Exception {
        try (BenchVolume bench = new BenchVolume(site, FRAME_BYTES + (1L << 30), CachePolicy.COHERENT)) {
            FrameRef frame;
            try (VectorSchemaRoot root = Columns.int64(bench.allocator, Columns.BATCH_ROWS, 3);
                    FrameBuilder builder = new FrameBuilder(root.getSchema())) {
                for (long b = 0; b < FRAME_BYTES / (Columns.BATCH_ROWS * 8L); b++) {
                    builder.add(root);
                }
                frame = bench.catalog.createOrAppend("share", builder, bench.allocator);
            }
            long[] shared = measure(
                    log,
                    "attach",
                    bench.device,
                    args -> List.of(
                            "bench-reader",
                            "attach",
                            "-d",
                            bench.device.toString(),
                            "--node-id",
                            UUID.randomUUID().toString(),
                            "share"));
            Path copy = bench.copyOut(frame, "share.arrow");
            long[] copied;
            try {
                copied =
                        measure(log, "ArrowFileReader", copy, args -> List.of("bench-reader", "copy", copy.toString()));
            } finally {
                Files.delete(copy);
            }
            log.printf(
                    "share: %d readers of a %d MiB frame: sum PSS %d MiB (frame mappings %d MiB); "
                            + "ArrowFileReader copies: sum PSS %d MiB%n",
                    READERS, frame.bytes() >> 20, shared[0] >> 20, shared[1] >> 20, copied[0] >> 20);
            g.writeStartObject();
            g.writeNumberField("readers", READERS);
            g.writeNumberField("frame_bytes", frame.bytes());
            g.writeNumberField("sum_pss_bytes", shared[0]);
            g.writeNumberField("frame_mapping_sum_pss_bytes", shared[1]);
            g.writeNumberField("copy_sum_pss_bytes", copied[0]);
            g.writeNumberField("ratio_to_frame", Math.round((double) shared[0] / frame.bytes() * 1000) / 1000.0);
            g.writeEndObject();
        }
    }

    /**
     * Starts the readers, waits until every one holds its data, then sums their whole-process PSS
     * and their PSS for mappings of {@code data}: {total, mappings of data}.
     */
    private static long[] measure(
            PrintWriter log, String kind, Path data, java.util.function.Function<Integer, List<String>> args)
            throws Exception {
        List<ChildJvm> readers = new ArrayList<>();
        try {
            for (int i = 0; i < READERS; i++) {
                readers.add(ChildJvm.start(
                        BenchMain.class.getName(), READER_JVM, args.apply(i).toArray(String[]::new)));
            }
            for (ChildJvm reader : readers) {
                reader.expect("ready");
            }
            long total = 0;
            long mapping = 0;
            for (ChildJvm reader : readers) {
                total += reader.pssBytes();
                mapping += reader.mappingOf(data).pssBytes();
            }
            for (ChildJvm reader : readers) {
                reader.tell("done");
            }
            for (ChildJvm reader : readers) {
                if (reader.waitFor() != 0) {
                    throw new IOException(kind + " reader failed");
                }
            }
            log.printf("share: %s readers hold %d MiB together%n", kind, total >> 20);
            return new long[] {total, mapping};
        } finally {
            readers.forEach(ChildJvm::close);
        }
    }
}
