package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.hosts.Pins;
import io.arrowfamfs.space.Extent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A writer on a client node (its own node id and pin directory) publishing through its outbox.
 * Args: device, node UUID, pin directory. Commands: {@code append TABLE BASE ROWS} (prints "ok
 * COMMIT" or "error CLASS MESSAGE"), {@code stream TABLE BASE ROWS N} (N frames, ids from BASE,
 * "ok FIRST_ID" after each), {@code write BASE ROWS} (writes a frame without publishing it,
 * prints it as {@link #format}).
 */
public final class OutboxClientProcess {
    private OutboxClientProcess() {}

    public static void main(String[] args) throws Exception {
        System.setProperty(Pins.DIRECTORY_PROPERTY, Path.of(args[2]).toString());
        NodeId node = new NodeId(UUID.fromString(args[1]), "writer");
        try (BufferAllocator allocator = new RootAllocator();
                Volume volume = Volume.open(Path.of(args[0]), VolumeOptions.of(node));
                Catalog catalog = Catalog.open(volume);
                VectorSchemaRoot root = TableWriterProcess.root(allocator)) {
            say("started");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] w = line.split(" ");
                try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                    if (w[0].equals("append")) {
                        TableWriterProcess.fill(root, Long.parseLong(w[2]), Integer.parseInt(w[3]));
                        frame.add(root);
                        say("ok "
                                + catalog.createOrAppend(w[1], frame, allocator).commit());
                    } else if (w[0].equals("stream")) { // stream TABLE BASE ROWS N: N frames, "ok BASE" after each
                        long base = Long.parseLong(w[2]);
                        int rows = Integer.parseInt(w[3]);
                        for (int f = 0; f < Integer.parseInt(w[4]); f++) {
                            try (FrameBuilder each = new FrameBuilder(root.getSchema())) {
                                TableWriterProcess.fill(root, base + (long) f * rows, rows);
                                each.add(root);
                                catalog.createOrAppend(w[1], each, allocator);
                            }
                            say("ok " + (base + (long) f * rows));
                        }
                    } else if (w[0].equals("write")) {
                        TableWriterProcess.fill(root, Long.parseLong(w[1]), Integer.parseInt(w[2]));
                        frame.add(root);
                        say(format(catalog.write(frame)));
                    } else {
                        say("unknown " + line);
                    }
                } catch (RuntimeException e) {
                    say("error " + e.getClass().getSimpleName() + " " + e.getMessage());
                }
            }
        }
    }

    /** A written frame as one line: pool, offset, length, generation, writer, grant, rows, batches. */
    static String format(FrameRef f) {
        FrameLocation l = f.location();
        return "frame " + l.extent().pool() + " " + l.extent().offset() + " "
                + l.extent().length() + " " + l.generation() + " " + l.writer() + " " + l.grant() + " " + f.rows() + " "
                + f.batches();
    }

    /** The frame {@link #format} printed. */
    static FrameRef parse(String line) {
        String[] w = line.split(" ");
        Extent extent = new Extent(Integer.parseInt(w[1]), Long.parseLong(w[2]), Long.parseLong(w[3]));
        return new FrameRef(
                new FrameLocation(extent, Integer.parseInt(w[4]), Long.parseLong(w[5]), 0, Long.parseLong(w[6])),
                Long.parseLong(w[7]),
                Integer.parseInt(w[8]),
                -1);
    }

    /** Waits (a minute at most) until the master's agent consumed every record {@code node}'s ring 0 holds. */
    static void awaitConsumed(Volume master, UUID node) throws InterruptedException {
        try (OutboxFile outbox = OutboxFile.open(master, node)) {
            long count = outbox.ring(0).count();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!outbox.answer(0).map(a -> a.consumed() >= count).orElse(false)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("the master's agent never consumed what node " + node + " left");
                }
                Thread.sleep(5);
            }
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
