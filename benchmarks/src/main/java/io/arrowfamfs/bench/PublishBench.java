package io.arrowfamfs.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.catalog.VolumeSettings;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeFile;
import io.arrowfamfs.space.SpaceLayout;
import io.arrowfamfs.space.SpaceReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Publishing a 1 GiB frame from in-memory vectors (statistics, layout, copy into famfs with
 * CRC32C, CLWB write-back of every line, famfs log append and catalog commit: the non-coherent
 * policy, so cache write-back is included) against a single-thread memcpy of the same bytes into
 * memory already faulted in, and into fresh pages of the same kind of device.
 */
final class PublishBench {
    private static final int BATCHES = 128;

    private PublishBench() {}

    static void run(BenchSite site, int runs, JsonGenerator g, PrintWriter log) throws IOException {
        long frameBytes = (long) BATCHES * Columns.BATCH_ROWS * 8;
        try (BenchVolume bench =
                new BenchVolume(site, (runs + 2) * (frameBytes + (64L << 20)), CachePolicy.NON_COHERENT)) {
            List<VectorSchemaRoot> sources = new ArrayList<>();
            try {
                for (int b = 0; b < BATCHES; b++) {
                    sources.add(Columns.int64(bench.allocator, Columns.BATCH_ROWS, b));
                }
                Samples publish = new Samples();
                for (int i = 0; i < 1 + runs; i++) {
                    long start = System.nanoTime();
                    FrameRef frame;
                    try (FrameBuilder builder = new FrameBuilder(sources.get(0).getSchema())) {
                        for (VectorSchemaRoot source : sources) {
                            builder.add(source);
                        }
                        frame = bench.catalog.createOrAppend("publish", builder, bench.allocator);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (i > 0) {
                        publish.add(frame.bytes() / seconds / 1e9);
                    }
                }
                Samples memcpy = memcpy(bench, sources, frameBytes, runs);
                Samples fresh = memcpyIntoFreshShm(bench, sources, frameBytes, runs);
                Samples used = intoUsedSpace(site, sources, frameBytes, runs);
                log.printf(
                        "publish 1 GiB: into fresh pool space %s GB/s, into space used before %s GB/s; memcpy %s"
                                + " GB/s; memcpy into fresh device pages %s GB/s%n",
                        publish, used, memcpy, fresh);
                g.writeStartObject();
                g.writeNumberField("frame_bytes", frameBytes);
                publish.write(g, "publish_gbps");
                used.write(g, "publish_used_space_gbps");
                memcpy.write(g, "memcpy_gbps");
                fresh.write(g, "memcpy_fresh_shm_gbps");
                g.writeNumberField("ratio", Math.round(publish.median() / memcpy.median() * 1000) / 1000.0);
                g.writeNumberField("ratio_used_space", Math.round(used.median() / memcpy.median() * 1000) / 1000.0);
                g.writeEndObject();
            } finally {
                sources.forEach(VectorSchemaRoot::close);
            }
        }
    }

    /**
     * Publishing into pool space a dropped frame used before (its pages faulted, as a DAX
     * device's always are): a pool with room for one frame, so that each publish after the first
     * takes the units the one before it freed. The lease, grace and quarantine are short (50 ms
     * each), and the reclamation between runs is not timed.
     */
    private static Samples intoUsedSpace(BenchSite site, List<VectorSchemaRoot> sources, long bytes, int runs)
            throws IOException {
        Samples samples = new Samples();
        Duration shortly = Duration.ofMillis(50);
        try (BenchVolume bench = new BenchVolume(site, bytes + (256L << 20), CachePolicy.NON_COHERENT)) {
            bench.configure(Map.of(
                    VolumeSettings.LEASE, shortly, VolumeSettings.GRACE, shortly, VolumeSettings.QUARANTINE, shortly));
            long frameUnits =
                    SpaceLayout.alignUp(bytes + bytes / 32 + (4L << 20), SpaceLayout.UNIT_SIZE); // + validity, footer
            bench.catalog.createPool(frameUnits + SpaceLayout.UNIT_SIZE, Placement.PACKED);
            for (int i = 0; i < 2 + runs; i++) {
                String table = "used_" + i;
                long start = System.nanoTime();
                FrameRef frame;
                try (FrameBuilder builder = new FrameBuilder(sources.get(0).getSchema())) {
                    for (VectorSchemaRoot source : sources) {
                        builder.add(source);
                    }
                    frame = bench.catalog.createOrAppend(table, builder, bench.allocator);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (frame.location().extent().pool() != 0) {
                    throw new IOException("publish into used space went to a new pool: " + frame.location());
                }
                if (i > 1) { // the first publish faults the pool in; the second is the first into used space
                    samples.add(frame.bytes() / seconds / 1e9);
                }
                bench.catalog.drop(table);
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (held(bench) > 0) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IOException("the dropped frame was never freed");
                    }
                    LockSupport.parkNanos(1_000_000);
                }
            }
        }
        return samples;
    }

    private static long held(BenchVolume bench) {
        bench.catalog.refresh();
        SpaceReport.PoolSpace total = bench.catalog.space().total();
        return total.retired() + total.quarantined();
    }

    /**
     * The same bytes copied into pages the emulated device does not have yet, reserved and
     * faulted in as a publish must (fallocate, then a shared mapping): what the device itself
     * costs, with nothing of arrow-famfs in it.
     */
    private static Samples memcpyIntoFreshShm(BenchVolume bench, List<VectorSchemaRoot> sources, long bytes, int runs) {
        Samples samples = new Samples();
        for (int i = 0; i < 1 + runs; i++) {
            Path file = bench.dir.resolve("memcpy-" + i + ".bin");
            try (NativeFile target = NativeFile.create(file, 0644, true)) {
                target.truncate(bytes);
                long start = System.nanoTime();
                target.allocate(0, bytes);
                try (MappedRegion region = target.map(0, bytes, false)) {
                    long at = 0;
                    for (VectorSchemaRoot source : sources) {
                        ArrowBuf data = source.getVector(0).getDataBuffer();
                        int length = Columns.BATCH_ROWS * 8;
                        region.putBytes(at, data.nioBuffer(0, length));
                        at += length;
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (i > 0) {
                    samples.add(bytes / seconds / 1e9);
                }
            } finally {
                try {
                    java.nio.file.Files.deleteIfExists(file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return samples;
    }

    private static Samples memcpy(BenchVolume bench, List<VectorSchemaRoot> sources, long bytes, int runs) {
        Samples samples = new Samples();
        try (ArrowBuf target = bench.allocator.buffer(bytes)) {
            target.setZero(0, bytes); // fault every page in before timing
            for (int i = 0; i < 1 + runs; i++) {
                long start = System.nanoTime();
                long at = 0;
                for (VectorSchemaRoot source : sources) {
                    ArrowBuf data = source.getVector(0).getDataBuffer();
                    long length = (long) Columns.BATCH_ROWS * 8;
                    MemoryUtil.copyMemory(data.memoryAddress(), target.memoryAddress() + at, length);
                    at += length;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (i > 0) {
                    samples.add(bytes / seconds / 1e9);
                }
            }
        }
        return samples;
    }
}
