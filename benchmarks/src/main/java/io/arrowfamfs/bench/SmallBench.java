package io.arrowfamfs.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.arrowfamfs.cli.ChildJvm;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.space.Pool;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * 64 KiB frames published back to back by one writer, more than the 16,384 records a format-1
 * catalog held, while a reader process follows every commit and attaches each new frame. Each
 * window's frames are built before its clock starts (building is the caller's work, reported
 * apart); the rate covers publishing: allocation, copy, write-back and commit. The
 * commit rate is measured over windows of equal length (one window per run), so a rate that
 * drops as the catalog grows (checkpoints, a longer table) shows as a spread. Baseline in the
 * same run: format 1's way, one famfs file (one log entry) per frame, measured first. The pool
 * is made with {@code pool create} and touched once before the clock starts, so that its memory
 * exists as on a DAX device (an emulated device would otherwise allocate and zero tmpfs pages
 * as grants first use them).
 */
final class SmallBench {
    private static final int ROWS = 8 * 1024; // 64 KiB of int64 values
    private static final int COMMITS = 17_000;
    /**
     * Commits before the clock starts: C2 is still compiling the publish path after 3,000 (its
     * compiler thread then takes one of the two cores from the writer and the reader).
     */
    private static final int WARMUP = 10_000;

    private static final int BASELINE_FILES = 500; // each a 2 MiB famfs unit: 1 GiB

    private SmallBench() {}

    static void run(BenchSite site, int runs, JsonGenerator g, PrintWriter log) throws Exception {
        int window = COMMITS / runs;
        try (BenchVolume bench = new BenchVolume(site, 4L << 30, CachePolicy.COHERENT);
                VectorSchemaRoot root = Columns.int64(bench.allocator, ROWS, 11)) {
            Samples baseline = baseline(bench, root, runs);
            long entriesBefore = bench.volume.refresh().entries();
            touch(bench, bench.catalog.createPool(2L << 30, Placement.PACKED));
            try (FrameBuilder first = new FrameBuilder(root.getSchema())) {
                first.add(root);
                bench.catalog.createOrAppend("small", first, bench.allocator);
            }
            Samples rate = new Samples();
            Samples build = new Samples();
            String followed;
            try (ChildJvm reader = ChildJvm.start(
                    BenchMain.class.getName(),
                    List.of(),
                    "bench-reader",
                    "follow",
                    "-d",
                    bench.device.toString(),
                    "--node-id",
                    UUID.randomUUID().toString(),
                    "small",
                    String.valueOf(1 + WARMUP + window * runs))) {
                reader.expect("following");
                for (int i = 0; i < WARMUP; i++) {
                    try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                        frame.add(root);
                        bench.catalog.append("small", frame, bench.allocator);
                    }
                }
                for (int w = 0; w < runs; w++) {
                    List<FrameBuilder> frames = new ArrayList<>(window);
                    long built = System.nanoTime();
                    for (int i = 0; i < window; i++) {
                        FrameBuilder frame = new FrameBuilder(root.getSchema()).add(root); // the same buffers, retained
                        frame.size(); // lays out its footer: building the frame, not publishing it
                        frames.add(frame);
                    }
                    long start = System.nanoTime();
                    build.add((start - built) / 1e3 / window);
                    try {
                        for (FrameBuilder frame : frames) {
                            bench.catalog.append("small", frame, bench.allocator);
                        }
                        rate.add(window / ((System.nanoTime() - start) / 1e9));
                    } finally {
                        frames.forEach(FrameBuilder::close);
                    }
                }
                followed = reader.expect("followed")[1];
                reader.waitFor();
            }
            long entriesUsed = bench.volume.refresh().entries() - entriesBefore;
            int commits = window * runs;
            log.printf(
                    "small: %,d frames of 64 KiB after %,d of warm-up, one writer: %s commits/s; a reader process"
                            + " followed %s; famfs log entries used: %d%n",
                    commits, WARMUP, rate, followed, entriesUsed);
            log.printf("small: baseline, one famfs file per frame (format 1): %s files/s%n", baseline);
            log.printf("small: building each frame beforehand (not in the rate): %s us%n", build);
            g.writeStartObject();
            g.writeNumberField("commits", commits);
            g.writeNumberField("warmup_commits", WARMUP);
            rate.write(g, "commits_per_s");
            g.writeNumberField("followed", Long.parseLong(followed));
            g.writeNumberField("log_entries_used", entriesUsed);
            baseline.write(g, "baseline_famfs_file_per_frame_per_s");
            build.write(g, "frame_build_us");
            g.writeEndObject();
        }
    }

    /**
     * Makes the pool's memory all there, as a DAX device's is, before the clock starts: the
     * emulated device's tmpfs pages, reserved by {@code pool create}, are zeroed on first touch,
     * which costs as much as the whole publish of a small frame (see {@code bench publish},
     * memcpy into fresh device pages). The writer's own mapping still faults its page tables in.
     */
    private static void touch(BenchVolume bench, Pool pool) {
        try (MappedRegion memory = bench.volume.map(bench.volume.refresh().file(pool.relpath()), false)) {
            memory.prefaultForWrite(0, memory.length());
        }
    }

    /** Format 1's way: every frame a famfs file of its own, logged and written under the log lock. */
    private static Samples baseline(BenchVolume bench, VectorSchemaRoot root, int runs) {
        Samples rate = new Samples();
        bench.volume.mkdir("baseline", 0755);
        int window = BASELINE_FILES / runs;
        int n = 0;
        for (int w = 0; w < runs; w++) {
            long start = System.nanoTime();
            for (int i = 0; i < window; i++) {
                try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                    frame.add(root);
                    bench.volume.createFileAtomically(
                            "baseline/" + n++ + ".arrow",
                            frame.size(),
                            0444,
                            Placement.PACKED,
                            region -> frame.writeTo(region, CachePolicy.COHERENT));
                }
            }
            rate.add(window / ((System.nanoTime() - start) / 1e9));
        }
        return rate;
    }
}
