package io.arrowfamfs.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.arrowfamfs.cli.ChildJvm;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.nativeio.CachePolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * From the moment a writer starts publishing a frame to the moment a reader process that was
 * waiting for the commit holds the new frame attached, two ways: the master publishing its own
 * frame (write, commit), and a writer process on a client node publishing through its outbox
 * (write into its grant, append the record; the master's agent, in this process, checks the
 * frame and commits it). Every side reads CLOCK_MONOTONIC (System.nanoTime), which processes on
 * one host share. The reader polls one counter in shared memory: it spins, then parks up to 50 us.
 */
final class VisibilityBench {
    private static final int WARMUP = 3000; // the publish path reaches C2 after a few thousand frames
    private static final int ROWS = 1000;

    private static final int OUTBOX_WARMUP = 3000; // as the master's path: the agent's commit path reaches C2

    private VisibilityBench() {}

    /** A client writer process publishes; a reader process waits; this process is the master's agent. */
    private static void throughOutbox(BenchVolume bench, int measured, Samples visible, Samples publish)
            throws Exception {
        int total = OUTBOX_WARMUP + measured;
        try (ChildJvm writer = child(bench, "publish", total + 1)) {
            writer.expect("ready");
            writer.tell("go"); // the first frame creates the table
            writer.expect("published");
            try (ChildJvm reader = child(bench, "visibility", total)) {
                for (int i = 0; i < total; i++) {
                    reader.expect("waiting");
                    Thread.sleep(2);
                    writer.tell("go");
                    String[] done = writer.expect("published");
                    long seen = Long.parseLong(reader.expect("visible")[1]);
                    if (i >= OUTBOX_WARMUP) {
                        long start = Long.parseLong(done[1]);
                        visible.add((seen - start) / 1e6);
                        publish.add((Long.parseLong(done[2]) - start) / 1e6);
                    }
                }
                reader.waitFor();
            }
            writer.waitFor();
        }
    }

    /** A bench-reader process in {@code mode} on table from_client, as a node of its own. */
    private static ChildJvm child(BenchVolume bench, String mode, int count) throws IOException {
        return bench.reader(mode, "from_client", String.valueOf(count));
    }

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
            Samples outboxVisible = new Samples();
            Samples outboxPublish = new Samples();
            throughOutbox(bench, measured, outboxVisible, outboxPublish);
            log.printf(
                    "visibility: publish on a client node through its outbox to attached in a waiting reader"
                            + " process: %s ms (of which the client's publish call: %s ms)%n",
                    outboxVisible, outboxPublish);
            g.writeStartObject();
            visible.write(g, "visible_ms");
            publish.write(g, "publish_ms");
            outboxVisible.write(g, "outbox_visible_ms");
            outboxPublish.write(g, "outbox_publish_ms");
            g.writeEndObject();
        }
    }
}
