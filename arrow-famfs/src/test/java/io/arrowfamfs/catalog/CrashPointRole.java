package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.testkit.RecordedChild;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * One role of {@link CrashPointTest}: its current life (a {@link CrashPointProcess}), the frames
 * it announced in all its lives, and what its tables held when it was last killed.
 */
final class CrashPointRole implements AutoCloseable {
    /**
     * Flags for the roles' JVMs: the client compiler only and one GC thread start a JVM on about
     * two thirds of the CPU time, and the test starts one per kill on two cores; the JVM's own
     * warnings go to stderr, so that stdout holds the role's lines and nothing else.
     */
    private static final List<String> JVM_FLAGS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:+DisplayVMOutputToStderr");
    /** How long {@link #awaitStep} waits: many steps' worth. */
    private static final long STEP_PATIENCE_NANOS = 200_000_000;
    /** How often {@link #awaitStep} looks: well inside a step, and no core spent on it. */
    private static final long STEP_POLL_NANOS = 100_000;
    /** First ids of two lives are this far apart: no life publishes a hundred thousand frames. */
    private static final long LIFE_STRIDE = 100_000 * CrashPointProcess.ID_STRIDE;

    final String name;
    final NodeId node;
    final List<String> tables;
    private final Path device;
    private final Path pins;
    private final long firstIds;
    private final Random random;
    private int lives;
    private RecordedChild current;
    /** Whether the current life printed "ready". */
    private boolean ready;
    /** Lines of the current life already read into {@link #announced}. */
    private int read;
    /** The rows of every frame this role announced, in any life, by first id. */
    private final Map<Long, Long> announced = new HashMap<>();
    /** Every line of every life, each prefixed with its life's number: for a failure to show. */
    private final List<String> transcript = new ArrayList<>();
    /** Each table's frames by first id, in order, as found after the last kill; absent: no table. */
    Map<String, List<Long>> settled = new HashMap<>();

    /**
     * @param index this role's place among the test's roles: its ids are apart from the others'
     * @param random the test's seeded random, which gives each life its seed
     */
    CrashPointRole(int index, String name, NodeId node, List<String> tables, Path device, Path pins, Random random) {
        this.name = name;
        this.node = node;
        this.tables = tables;
        this.device = device;
        this.pins = pins;
        this.firstIds = index * 1_000_000 * LIFE_STRIDE;
        this.random = random;
    }

    /** Starts the next life. */
    void start() {
        if (current != null) {
            absorb();
            current.close();
        }
        lives++;
        read = 0;
        ready = false;
        current = new RecordedChild(
                JVM_FLAGS,
                CrashPointProcess.class,
                name,
                device.toString(),
                node.uuid().toString(),
                pins.toString(),
                Long.toString(random.nextLong()),
                Long.toString(firstIds + lives * LIFE_STRIDE));
    }

    /** {@return whether the current life opened the volume and runs its role} */
    boolean isReady() {
        ready = ready || current.lines().contains("ready");
        return ready;
    }

    /**
     * Waits, a while at most, until the current life has begun a step (printed its intent and
     * not yet its outcome): kills timed from then on land in the step's allocation, copy,
     * write-back, commit, checkpoint or outbox round trip rather than in the pause between two.
     */
    void awaitStep() {
        long deadline = System.nanoTime() + STEP_PATIENCE_NANOS;
        while (!current.lastLine().orElse("").startsWith("intent ") && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(STEP_POLL_NANOS);
        }
    }

    /** Kills the current life with SIGKILL; what it did. */
    CrashPointSteps kill() {
        if (!current.isAlive()) {
            throw new AssertionError(name + " exited " + current.exitValue() + " by itself: " + current.lines());
        }
        return CrashPointSteps.of(current.kill());
    }

    /** {@return the rows of the frame whose ids start at {@code first}, if this role announced it} */
    Optional<Long> rowsOf(long first) {
        absorb();
        return Optional.ofNullable(announced.get(first));
    }

    /** Reads the frames the current life announced since the last call. */
    private void absorb() {
        List<String> lines = current.lines();
        for (; read < lines.size(); read++) {
            String line = lines.get(read);
            transcript.add(lives + ": " + line);
            String[] w = line.split(" ");
            if (w[0].equals("intent") && w.length == 5) {
                if (w[1].equals("append") || w[1].equals("replace")) {
                    announced.put(Long.parseLong(w[3]), Long.parseLong(w[4]));
                }
            } else if (!w[0].equals("ok") && !w[0].equals("failed") && !line.equals("ready")) {
                throw new AssertionError(name + " printed what no step prints: " + line);
            }
        }
    }

    /** {@return the last {@code count} lines this role printed, in all its lives, each after its life's number} */
    String transcript(int count) {
        absorb();
        return String.join("\n", transcript.subList(Math.max(0, transcript.size() - count), transcript.size()));
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
        }
    }
}
