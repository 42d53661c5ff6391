package io.arrowfamfs.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.nativeio.CachePolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;

/**
 * Attach time of frames of 4 MiB, 256 MiB, 1 GiB and 4 GiB (one int64 column, 1M-row batches):
 * map the frame's famfs file and attach it, against ArrowFileReader reading the same bytes as a
 * plain file in the same directory (what sharing an .arrow file in /dev/shm costs each reader).
 */
final class AttachBench {
    static final long[] SIZES = {4L << 20, 256L << 20, 1L << 30, 4L << 30};
    private static final int WARMUP = 3;

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
                log.printf(
                        "attach %5d MiB, %3d batches: attach %s ms; ArrowFileReader %s ms%n",
                        size >> 20, frame.batches(), attach, reader);
                g.writeStartObject();
                g.writeNumberField("size_bytes", frame.bytes());
                g.writeNumberField("batches", frame.batches());
                attach.write(g, "attach_ms");
                reader.write(g, "arrowfilereader_ms");
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
