package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.frame.Frame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntToLongFunction;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * One demo reader process (a client node): attaches every frame of TABLE zero-copy, aggregates
 * delay and distance, prints {@code ready NODE ROLE ATTACH_MS WARM_ATTACH_MS SCAN_MS ROWS SUM_DELAY
 * SUM_DISTANCE MAX_DELAY} (the first attach pays this JVM's class loading; the warm one is what
 * attach costs), then waits for a line on stdin (so every reader holds its mappings at once) and
 * prints {@code memory RSS PSS} of the device mappings before exiting.
 */
@Command(name = "demo-reader", hidden = true, description = "One demo reader process (started by demo).")
final class DemoReaderCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TABLE", description = "the table to attach")
    String table;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (Tables tables = new Tables(device)) {
            TableState state = tables.catalog.snapshot().require(table);
            List<Frame> frames = new ArrayList<>();
            try {
                long start = System.nanoTime();
                for (FrameRef ref : state.frames()) {
                    frames.add(tables.catalog.attach(ref, tables.allocator, false));
                }
                long attached = System.nanoTime();
                long rows = 0;
                long sumDelay = 0;
                long sumDistance = 0;
                long maxDelay = Long.MIN_VALUE;
                for (Frame frame : frames) {
                    for (int b = 0; b < frame.batchCount(); b++) {
                        try (VectorSchemaRoot batch = frame.batch(b)) {
                            IntToLongFunction delay = longs(frame, batch.getVector("delay"));
                            IntToLongFunction distance = longs(frame, batch.getVector("distance"));
                            for (int i = 0; i < batch.getRowCount(); i++) {
                                long d = delay.applyAsLong(i);
                                sumDelay += d;
                                maxDelay = Math.max(maxDelay, d);
                                sumDistance += distance.applyAsLong(i);
                            }
                            rows += batch.getRowCount();
                        }
                    }
                }
                long scanned = System.nanoTime();
                for (FrameRef ref : state.frames()) {
                    tables.catalog.attach(ref, tables.allocator, false).close();
                }
                long warm = System.nanoTime();
                for (FrameRef ref : state.frames()) {
                    tables.catalog.attach(ref, tables.allocator, false).close();
                }
                long warmAttach = System.nanoTime() - warm;
                out.println(String.format(
                        Locale.ROOT,
                        "ready %s %s %.3f %.3f %.1f %d %d %d %d",
                        tables.volume.node(),
                        tables.volume.role().label(),
                        (attached - start) / 1e6,
                        warmAttach / 1e6,
                        (scanned - attached) / 1e6,
                        rows,
                        sumDelay,
                        sumDistance,
                        maxDelay));
                out.flush();
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                MappingMemory memory = MappingMemory.of(tables.volume.path());
                out.println("memory " + memory.rssBytes() + " " + memory.pssBytes());
                out.flush();
            } finally {
                frames.forEach(Frame::close);
            }
        }
        return 0;
    }

    /** Row i's value of a BIGINT column, stored as it is or as codes into the frame's dictionary. */
    private static IntToLongFunction longs(Frame frame, FieldVector vector) {
        DictionaryEncoding encoding = vector.getField().getDictionary();
        if (encoding == null) {
            return ((BigIntVector) vector)::get;
        }
        BaseIntVector codes = (BaseIntVector) vector;
        BigIntVector values = (BigIntVector) frame.dictionary(encoding.getId()).getVector();
        return i -> values.get((int) codes.getValueAsLong(i));
    }
}
