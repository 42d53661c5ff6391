package io.arrowfamfs.bench;

import io.arrowfamfs.catalog.CatalogSnapshot;
import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.cli.DeviceOptions;
import io.arrowfamfs.cli.Tables;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.frame.VerifyMode;
import io.arrowfamfs.query.QueryResult;
import io.arrowfamfs.query.QuerySession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Reader processes for the benchmarks (another "host" each):
 * <ul>
 *   <li>{@code attach TABLE}: attach every frame, scan every value, print {@code ready SUM},
 *       hold until a line arrives on stdin, then close the frames and print {@code released NANOTIME};
 *   <li>{@code copy FILE}: read FILE with ArrowFileReader keeping every batch (a private copy),
 *       scan it, print {@code ready SUM}, hold until a line arrives on stdin;
 *   <li>{@code visibility TABLE N}: N times, print {@code waiting VERSION}, wait for the next
 *       commit, attach its newest frame and print {@code visible NANOTIME}.
 *   <li>{@code publish TABLE N}: a writer on a client node: N times, wait for a line on stdin,
 *       append a frame of 1,000 int64 rows through the node's outbox, and print {@code published
 *       START END} (System.nanoTime before and after).
 *   <li>{@code first-scan-off SQL} and {@code first-scan-first-use SQL}: open the catalog with
 *       that verify mode and a query session, run SQL once (this process's first scan of the
 *       tables it reads) and print {@code scanned MILLIS}.
 * </ul>
 */
@Command(name = "bench-reader", hidden = true, description = "A benchmark's reader process (started by bench).")
final class BenchReaderCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "MODE",
            description = "attach, copy, visibility, follow, publish, first-scan-off or first-scan-first-use")
    String mode;

    @Parameters(
            index = "1",
            paramLabel = "TARGET",
            description = "the table (attach, visibility, follow, publish) or file (copy)")
    String target;

    @Parameters(
            index = "2",
            arity = "0..1",
            paramLabel = "COUNT",
            defaultValue = "0",
            description =
                    "commits to wait for (visibility), frames to follow (follow) or publish (publish); default: ${DEFAULT-VALUE}")
    int count;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        switch (mode) {
            case "attach" -> attach(out);
            case "publish" -> publish(out);
            case "copy" -> copy(out);
            case "visibility" -> visibility(out);
            case "follow" -> follow(out);
            case "first-scan-off" -> firstScan(out, VerifyMode.OFF);
            case "first-scan-first-use" -> firstScan(out, VerifyMode.FIRST_USE);
            default -> throw new IllegalArgumentException("unknown bench-reader mode: " + mode);
        }
        return 0;
    }

    private void attach(PrintWriter out) throws IOException {
        try (Tables tables = new Tables(device)) {
            List<Frame> frames = new ArrayList<>();
            try {
                long sum = 0;
                for (FrameRef ref : tables.catalog().snapshot().require(target).frames()) {
                    Frame frame = tables.catalog().attach(ref, tables.allocator(), false);
                    frames.add(frame);
                    for (int b = 0; b < frame.batchCount(); b++) {
                        try (VectorSchemaRoot batch = frame.batch(b)) {
                            sum += sum(batch);
                        }
                    }
                }
                out.println("ready " + sum);
                out.flush();
                awaitLine();
            } finally {
                frames.forEach(Frame::close);
            }
            out.println("released " + System.nanoTime());
            out.flush();
        }
    }

    private void firstScan(PrintWriter out, VerifyMode verify) throws Exception {
        try (Tables tables = new Tables(device, verify);
                QuerySession session = QuerySession.open(tables.catalog())) {
            long start = System.nanoTime();
            try (QueryResult result = session.execute(target)) {
                java.sql.ResultSet rows = result.resultSet();
                while (rows.next()) {
                    rows.getObject(1);
                }
            }
            out.println("scanned " + (System.nanoTime() - start) / 1e6);
            out.flush();
        }
    }

    private void publish(PrintWriter out) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Tables tables = new Tables(device);
                VectorSchemaRoot root = Columns.int64(tables.allocator(), 1000, 11)) {
            out.println("ready " + ProcessHandle.current().pid());
            out.flush();
            for (int i = 0; i < count && in.readLine() != null; i++) {
                long start = System.nanoTime();
                try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                    frame.add(root);
                    tables.catalog().createOrAppend(target, frame, tables.allocator());
                }
                out.println("published " + start + " " + System.nanoTime());
                out.flush();
            }
        }
    }

    private void copy(PrintWriter out) throws IOException {
        List<ArrowRecordBatch> kept = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
                ArrowFileReader reader = new ArrowFileReader(FileChannel.open(Path.of(target)), allocator)) {
            try {
                long sum = 0;
                while (reader.loadNextBatch()) {
                    sum += sum(reader.getVectorSchemaRoot());
                    kept.add(new VectorUnloader(reader.getVectorSchemaRoot()).getRecordBatch());
                }
                out.println("ready " + sum);
                out.flush();
                awaitLine();
            } finally {
                kept.forEach(ArrowRecordBatch::close);
            }
        }
    }

    private void visibility(PrintWriter out) {
        try (Tables tables = new Tables(device)) {
            CatalogSnapshot snapshot = tables.catalog().snapshot();
            for (int i = 0; i < count; i++) {
                out.println("waiting " + snapshot.version());
                out.flush();
                int frames = snapshot.require(target).frames().size();
                snapshot = awaitFrames(tables, snapshot, frames + 1);
                TableState table = snapshot.require(target);
                try (Frame frame = tables.catalog()
                        .attach(table.frames().get(table.frames().size() - 1), tables.allocator(), false)) {
                    out.println("visible " + System.nanoTime() + " " + frame.rows());
                    out.flush();
                }
            }
        }
    }

    /**
     * Follows TABLE until it has COUNT frames, attaching each new frame as its commit is seen;
     * prints "following", then "followed N" with the frames attached.
     */
    private void follow(PrintWriter out) {
        try (Tables tables = new Tables(device)) {
            out.println("following " + count);
            out.flush();
            CatalogSnapshot snapshot = tables.catalog().snapshot();
            int seen = 0;
            while (seen < count) {
                snapshot = awaitFrames(tables, snapshot, seen + 1);
                List<FrameRef> frames = snapshot.require(target).frames();
                for (FrameRef ref : frames.subList(seen, frames.size())) {
                    try (Frame frame = tables.catalog().attach(ref, tables.allocator(), false)) {
                        if (frame.rows() != ref.rows()) {
                            throw new IllegalStateException("frame rows differ: " + frame.rows() + " " + ref.rows());
                        }
                    }
                }
                seen = frames.size();
            }
            out.println("followed " + seen);
            out.flush();
        }
    }

    /** The first snapshot whose TABLE has at least {@code frames} frames (a publish may be several commits). */
    private CatalogSnapshot awaitFrames(Tables tables, CatalogSnapshot from, int frames) {
        CatalogSnapshot snapshot = from;
        while (snapshot.table(target).map(t -> t.frames().size()).orElse(0) < frames) {
            CatalogSnapshot next = tables.catalog().awaitChange(snapshot.version(), Duration.ofSeconds(60));
            if (next.version() == snapshot.version()) {
                throw new IllegalStateException("no commit for 60 s: table=" + target + " frames=" + frames);
            }
            snapshot = next;
        }
        return snapshot;
    }

    /** Sum of every int64 value of the batch's first column, read through a typed view: touches every page. */
    private static long sum(VectorSchemaRoot batch) {
        FieldVector vector = batch.getFieldVectors().get(0);
        int rows = batch.getRowCount();
        LongBuffer values = vector.getDataBuffer()
                .nioBuffer(0, rows * 8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asLongBuffer();
        long sum = 0;
        for (int i = 0; i < rows; i++) {
            sum += values.get(i);
        }
        return sum;
    }

    private static void awaitLine() throws IOException {
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}
