package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.hosts.LeaseExpiredException;
import io.arrowfamfs.hosts.Pins;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One life of a role of {@link CrashPointTest}, which SIGKILLs it at a random moment. Args: ROLE
 * DEVICE NODE PINS SEED FIRST_ID. It opens DEVICE as NODE, with its host's pin tables in PINS,
 * prints "ready" and runs its role until it is killed:
 *
 * <ul>
 *   <li>{@code writer} (a master-host process): appends small and large frames to tables m0, m1
 *       and m2, replaces them, drops them, retires single frames;
 *   <li>{@code client} (a client node): appends to and replaces tables c0 and c1, through its
 *       outbox;
 *   <li>{@code agent} (a master-host process): serves as the master's agent and runs {@code gc}
 *       passes (closing dead writers' grants, reclaiming) one after another.
 * </ul>
 *
 * A publishing role prints {@code intent OP TABLE FIRST_ID ROWS} before each step (OP append,
 * replace, drop or retire; a frame's ids run from FIRST_ID, the first of its life, one stride
 * apart; a retire names the retired frame's first id, a drop 0 0) and {@code ok} once it
 * returned: everything printed before the kill is in the pipe, so the test knows every step that
 * finished and the one that may have been under way. Every master-host process is a candidate
 * for the master's agent, so a kill of any of them may kill the agent.
 */
public final class CrashPointProcess {
    static final List<String> WRITER_TABLES = List.of("m0", "m1", "m2");
    static final List<String> CLIENT_TABLES = List.of("c0", "c1");
    /** The most frames a table gets before the writer replaces, drops or retires. */
    static final int MAX_FRAMES = 6;
    /** Rows of a large frame: 1.2 MB of ids, more than a packing grant takes, so a grant of its own. */
    static final int LARGE_ROWS = 150_000;
    /** First ids of two frames of a life are this far apart: no frame has more rows. */
    static final long ID_STRIDE = 1_000_000;
    /**
     * The longest pause between two steps: the roles leave the test's two cores some room, and a
     * writer publishes no faster than reclamation keeps up on a small device.
     */
    static final long MAX_PAUSE_NANOS = 12_000_000;

    private final Catalog catalog;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final Random random;
    private long nextId;

    private CrashPointProcess(
            Catalog catalog, BufferAllocator allocator, VectorSchemaRoot root, Random random, long firstId) {
        this.catalog = catalog;
        this.allocator = allocator;
        this.root = root;
        this.random = random;
        this.nextId = firstId;
    }

    public static void main(String[] args) {
        String role = args[0];
        NodeId node = new NodeId(UUID.fromString(args[2]), role);
        System.setProperty(Pins.DIRECTORY_PROPERTY, args[3]);
        try (BufferAllocator allocator = new RootAllocator();
                Volume volume = Volume.open(Path.of(args[1]), VolumeOptions.of(node));
                Catalog catalog = Catalog.open(volume);
                VectorSchemaRoot root = TableWriterProcess.root(allocator)) {
            CrashPointProcess process = new CrashPointProcess(
                    catalog, allocator, root, new Random(Long.parseLong(args[4])), Long.parseLong(args[5]));
            switch (role) {
                case "writer" -> process.write();
                case "client" -> process.publishThroughOutbox();
                case "agent" -> process.serve();
                default -> throw new IllegalArgumentException("unknown role: " + role);
            }
        }
    }

    /** Publishes, replaces, drops and retires on the master until killed. */
    private void write() {
        say("ready");
        while (true) {
            pause();
            String table = WRITER_TABLES.get(random.nextInt(WRITER_TABLES.size()));
            List<FrameRef> frames =
                    catalog.refresh().table(table).map(TableState::frames).orElse(null);
            boolean full = frames != null && frames.size() >= MAX_FRAMES;
            int pick = random.nextInt(100);
            if (frames == null || (!full && pick >= 32) || (frames.isEmpty() && pick >= 20)) {
                publish("append", table);
            } else if (full ? pick < 40 : pick < 12) {
                publish("replace", table);
            } else if (full ? pick < 60 : pick < 20) {
                step("drop " + table + " 0 0", () -> catalog.drop(table));
            } else {
                FrameRef frame = frames.get(random.nextInt(frames.size()));
                try {
                    long first = firstId(frame);
                    step("retire " + table + " " + first + " 0", () -> catalog.retire(table, frame));
                } catch (LeaseExpiredException e) {
                    // the host's lease lapsed before the step began (see step): next step
                }
            }
        }
    }

    /** Appends and replaces through this client node's outbox until killed. */
    private void publishThroughOutbox() {
        say("ready");
        while (true) {
            pause();
            String table = CLIENT_TABLES.get(random.nextInt(CLIENT_TABLES.size()));
            int frames =
                    catalog.refresh().table(table).map(t -> t.frames().size()).orElse(0);
            publish(frames >= MAX_FRAMES || random.nextInt(100) < 20 ? "replace" : "append", table);
        }
    }

    /** The master's agent (when elected) and gc passes, until killed. */
    private void serve() {
        catalog.serveAsAgent();
        say("ready");
        while (true) {
            catalog.collect();
            pause();
        }
    }

    private void pause() {
        LockSupport.parkNanos(random.nextLong(MAX_PAUSE_NANOS));
    }

    private void publish(String op, String table) {
        int rows = random.nextInt(100) < 8 ? LARGE_ROWS : 100 + random.nextInt(4_000);
        long first = nextId;
        nextId += ID_STRIDE;
        TableWriterProcess.fill(root, first, rows);
        try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
            frame.add(root);
            step(op + " " + table + " " + first + " " + rows, () -> {
                if (op.equals("replace")) {
                    catalog.replace(table, frame, allocator);
                } else {
                    catalog.createOrAppend(table, frame, allocator);
                }
            });
        }
    }

    /**
     * Runs one step between its {@code intent} and its {@code ok} line. A step may fail as the
     * protocol says it may when the host's lease lapsed (every master-host process was dead for
     * a lease, say, so the host was expelled) or the master's agent does not answer: then it
     * prints {@code failed}, and whether it was committed is for the test to find out.
     */
    private static void step(String what, Runnable step) {
        say("intent " + what);
        try {
            step.run();
            say("ok");
        } catch (LeaseExpiredException | AgentUnavailableException e) {
            say("failed " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    private long firstId(FrameRef ref) {
        try (Frame frame = catalog.attach(ref, allocator, false);
                VectorSchemaRoot batch = frame.batch(0)) {
            return ((BigIntVector) batch.getVector("id")).get(0);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
