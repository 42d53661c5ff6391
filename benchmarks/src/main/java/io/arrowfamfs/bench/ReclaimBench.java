package io.arrowfamfs.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.arrowfamfs.catalog.VolumeSettings;
import io.arrowfamfs.cli.ChildJvm;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.space.SpaceLayout;
import io.arrowfamfs.space.SpaceReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A table read by four reader processes (each a node of its own) is dropped; how long after the
 * last reader released it is its space free for new frames? The lease, grace and quarantine are
 * set short (L = G = Q = 200 ms), and this process is the master's agent, reclaiming on its own
 * as it always does. The space is watched every 200 microseconds from the drop on: space free
 * before the last reader released its frames is an early reuse, which must never happen.
 *
 * <p>The bound: a reader that leaves heartbeats once more as it goes, so its host stops holding
 * the table back within a heartbeat period T; then the next reclamation pass (within T)
 * quarantines the space, and Q later frees it: about Q + 2T, at most L + G + Q (a reader host
 * that dies instead waits out its lease and grace).
 */
final class ReclaimBench {
    private static final Duration SHORT = Duration.ofMillis(200);
    private static final int READERS = 4;
    private static final int FRAMES = 4;
    private static final int ROWS = 200_000;

    private ReclaimBench() {}

    static void run(BenchSite site, int runs, JsonGenerator g, PrintWriter log) throws Exception {
        Samples reusable = new Samples();
        int early = 0;
        try (BenchVolume bench = new BenchVolume(site, 512L << 20, CachePolicy.COHERENT);
                VectorSchemaRoot root = Columns.int64(bench.allocator, ROWS, 3)) {
            bench.configure(
                    Map.of(VolumeSettings.LEASE, SHORT, VolumeSettings.GRACE, SHORT, VolumeSettings.QUARANTINE, SHORT));
            bench.catalog.createPool(64L * SpaceLayout.UNIT_SIZE, Placement.PACKED);
            for (int run = 0; run < Math.max(runs, 5); run++) {
                String table = "dropped_" + run;
                for (int f = 0; f < FRAMES; f++) {
                    try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                        frame.add(root);
                        bench.catalog.createOrAppend(table, frame, bench.allocator);
                    }
                }
                boolean[] freedEarly = {false};
                double after = measure(bench, table, freedEarly);
                reusable.add(after);
                early += freedEarly[0] ? 1 : 0;
            }
        }
        long configured = 3 * SHORT.toMillis();
        log.printf(
                "reclaim: a table read by %d reader processes, dropped: its space is free %s ms after the last"
                        + " reader released it (L + G + Q = %d ms); freed before that: %d times%n",
                READERS, reusable, configured, early);
        g.writeStartObject();
        g.writeNumberField("configured_ms", configured);
        reusable.write(g, "reusable_after_release_ms");
        g.writeNumberField("early_reuses", early);
        g.writeEndObject();
    }

    /** One run: readers attach, the table is dropped, readers release; ms from the last release to free. */
    private static double measure(BenchVolume bench, String table, boolean[] freedEarly) throws Exception {
        List<ChildJvm> readers = new ArrayList<>();
        try {
            for (int i = 0; i < READERS; i++) {
                readers.add(ChildJvm.start(
                        BenchMain.class.getName(),
                        List.of(),
                        "bench-reader",
                        "attach",
                        "-d",
                        bench.device.toString(),
                        "--node-id",
                        UUID.randomUUID().toString(),
                        table));
            }
            for (ChildJvm reader : readers) {
                reader.expect("ready");
            }
            long before = held(bench);
            bench.catalog.drop(table);
            long dropped = held(bench);
            long watchUntil = System.nanoTime() + 3 * 3 * SHORT.toNanos(); // readers hold it through several L+G+Q
            while (System.nanoTime() - watchUntil < 0) {
                freedEarly[0] |= held(bench) < dropped;
                LockSupport.parkNanos(200_000);
            }
            for (ChildJvm reader : readers) {
                reader.tell("done");
            }
            long last = 0;
            for (ChildJvm reader : readers) {
                last = Math.max(last, Long.parseLong(reader.expect("released")[1]));
            }
            while (held(bench) > before) {
                LockSupport.parkNanos(200_000);
            }
            long free = System.nanoTime();
            for (ChildJvm reader : readers) {
                if (reader.waitFor() != 0) {
                    throw new IOException("reclaim reader failed");
                }
            }
            return (free - last) / 1e6;
        } finally {
            readers.forEach(ChildJvm::close);
        }
    }

    /** Bytes retired or in quarantine on the device, as of a refresh. */
    private static long held(BenchVolume bench) {
        bench.catalog.refresh();
        SpaceReport.PoolSpace total = bench.catalog.space().total();
        return total.retired() + total.quarantined();
    }
}
