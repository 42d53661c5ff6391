package io.arrowfamfs.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.frame.FrameIdentity;
import io.arrowfamfs.frame.VerifyMode;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.space.Pool;
import io.arrowfamfs.space.PoolMappings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;

/**
 * Attach time of frames of 4 MiB, 256 MiB, 1 GiB and 4 GiB (one int64 column, 1M-row batches):
 * map the frame's famfs file and attach it, against ArrowFileReader reading the same bytes as a
 * plain file in the same directory (what sharing an .arrow file in /dev/shm costs each reader).
 *
 * <p>Then the first scan of the frame in a process (map, attach, and sum every value of every
 * batch) with each batch checked against its CRC32C on first use ({@code verify=first-use}) and
 * without ({@code verify=off}), the two alternating run by run. A process checks a batch once,
 * so each run attaches under a fresh {@link FrameIdentity}: every run is a first use.
 */
final class AttachBench {
    static final long[] SIZES = {4L << 20, 256L << 20, 1L << 30, 4L << 30};
    private static final int WARMUP = 20;
    /** Where each first scan's sum goes, so the JIT cannot drop the loop. */
    static volatile long sink;

    private AttachBench() {}

    static void run(BenchSite site, int runs, JsonGenerator g, PrintWriter log) throws IOException {
        long total = 0;
        for (long size : SIZES) {
            total += size;
        }
        try (BenchVolume bench = new BenchVolume(site, total + (1L << 30), CachePolicy.COHERENT)) {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (long size : SIZES) {
                FrameRef frame = publish(bench, size);
                Samples attach = new Samples();
                for (int i = 0; i < WARMUP + runs; i++) {
                    long start = System.nanoTime();
                    Frame attached = bench.catalog.attach(frame, bench.allocator, false);
                    long elapsed = System.nanoTime() - start;
                    attached.close();
                    if (i >= WARMUP) {
                        attach.add(elapsed / 1e6);
                    }
                }
                Samples reader = arrowFileReader(bench, frame, runs);
                Samples checked = new Samples();
                Samples unchecked = new Samples();
                for (int i = 0; i < 1 + runs; i++) {
                    double on = firstScan(bench, frame, VerifyMode.FIRST_USE);
                    double off = firstScan(bench, frame, VerifyMode.OFF);
                    if (i > 0) {
                        checked.add(on);
                        unchecked.add(off);
                    }
                }
                log.printf(
                        "attach %5d MiB, %3d batches: attach %s ms; ArrowFileReader %s ms%n"
                                + "  first scan: verify=first-use %s ms; verify=off %s ms%n",
                        size >> 20, frame.batches(), attach, reader, checked, unchecked);
                g.writeStartObject();
                g.writeNumberField("size_bytes", frame.bytes());
                g.writeNumberField("batches", frame.batches());
                attach.write(g, "attach_ms");
                reader.write(g, "arrowfilereader_ms");
                checked.write(g, "first_scan_verify_first_use_ms");
                unchecked.write(g, "first_scan_verify_off_ms");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** A frame of {@code size} bytes of int64 values in 1M-row batches. */
    private static FrameRef publish(BenchVolume bench, long size) {
        long rows = size / 8;
        int batchRows = (int) Math.min(rows, Columns.BATCH_ROWS);
        try (VectorSchemaRoot root = Columns.int64(bench.allocator, batchRows, size);
                FrameBuilder builder = new FrameBuilder(root.getSchema())) {
            for (long done = 0; done < rows; done += batchRows) {
                builder.add(root); // the same buffers, retained again: no memory per batch
            }
            return bench.catalog.createOrAppend("attach_" + (size >> 20), builder, bench.allocator);
        }
    }

    /**
     * Maps and attaches {@code ref} as a frame this process has never used, then sums every int64
     * of every batch; returns the milliseconds, mapping included.
     */
    private static double firstScan(BenchVolume bench, FrameRef ref, VerifyMode verify) {
        long start = System.nanoTime();
        FrameIdentity fresh = new FrameIdentity(bench.device, UUID.randomUUID(), ref.name());
        Pool pool = bench.catalog.pools().get(ref.location().extent().pool());
        long sum = 0;
        try (PoolMappings pools = new PoolMappings(bench.volume);
                MappedRegion region = pools.slice(pool, ref.location().extent());
                Frame frame = Frame.attach(fresh, region, bench.allocator, verify, bench.volume.cachePolicy())) {
            for (int b = 0; b < frame.batchCount(); b++) {
                try (VectorSchemaRoot batch = frame.batch(b)) {
                    ArrowBuf values = batch.getVector(0).getDataBuffer();
                    for (int row = 0; row < batch.getRowCount(); row++) {
                        sum += values.getLong(8L * row);
                    }
                }
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e6;
        sink = sum;
        return elapsed;
    }

    /** Reads every batch of the same bytes, copied to a plain file, with Arrow's file reader. */
    private static Samples arrowFileReader(BenchVolume bench, FrameRef frame, int runs) throws IOException {
        Path copy = bench.copyOut(frame, "frame.arrow");
        Samples samples = new Samples();
        try {
            for (int i = 0; i < 1 + runs; i++) {
                long start = System.nanoTime();
                try (FileChannel channel = FileChannel.open(copy);
                        ArrowFileReader reader = new ArrowFileReader(channel, bench.allocator)) {
                    while (reader.loadNextBatch()) {
                        // each batch is read into the reader's own buffers: a copy
                    }
                }
                if (i > 0) {
                    samples.add((System.nanoTime() - start) / 1e6);
                }
            }
        } finally {
            Files.delete(copy);
        }
        return samples;
    }
}
