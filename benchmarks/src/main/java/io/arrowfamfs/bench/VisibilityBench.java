package io.arrowfamfs.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.arrowfamfs.cli.ChildJvm;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.nativeio.CachePolicy;
import java.io.PrintWriter;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * From the moment the master starts publishing a frame (writing it, logging it in famfs and
 * committing it) to the moment a reader process that was waiting for the commit holds the new
 * frame attached. Both sides read CLOCK_MONOTONIC (System.nanoTime), which processes on one
 * host share. The reader polls one counter in shared memory: it spins, then parks up to 50 us.
 */
final class VisibilityBench {
    private static final int WARMUP = 3000; // the publish path reaches C2 after a few thousand frames
    private static final int ROWS = 1000;

    private VisibilityBench() {}

    static void run(BenchSite site, int runs, JsonGenerator g, PrintWriter log) throws Exception {
        int measured = Math.max(runs, 20);
        try (BenchVolume bench = new BenchVolume(site, 1L << 30, CachePolicy.COHERENT);
                VectorSchemaRoot root = Columns.int64(bench.allocator, ROWS, 5)) {
            try (FrameBuilder first = new FrameBuilder(root.getSchema())) {
                first.add(root);
                bench.catalog.createOrAppend("visible", first, bench.allocator);
            }
            Samples visible = new Samples();
            Samples publish = new Samples();
            try (ChildJvm reader = ChildJvm.start(
                    BenchMain.class.getName(),
                    List.of(),
                    "bench-reader",
                    "visibility",
                    "-d",
                    bench.device.toString(),
                    "--node-id",
                    UUID.randomUUID().toString(),
                    "visible",
                    String.valueOf(WARMUP + measured))) {
                for (int i = 0; i < WARMUP + measured; i++) {
                    reader.expect("waiting");
                    Thread.sleep(2); // the reader has spun and is parked in its waiting loop by now
                    long start = System.nanoTime();
                    try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                        frame.add(root);
                        bench.catalog.append("visible", frame, bench.allocator);
                    }
                    long published = System.nanoTime();
                    long seen = Long.parseLong(reader.expect("visible")[1]);
                    if (i >= WARMUP) {
                        visible.add((seen - start) / 1e6);
                        publish.add((published - start) / 1e6);
                    }
                }
                reader.waitFor();
            }
            log.printf(
                    "visibility: publish on the master to attached in a waiting reader process: %s ms "
                            + "(of which publishing on the master: %s ms)%n",
                    visible, publish);
            g.writeStartObject();
            visible.write(g, "visible_ms");
            publish.write(g, "publish_ms");
            g.writeEndObject();
        }
    }
}
