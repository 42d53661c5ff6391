package io.arrowfamfs.commitlog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeFile;
import io.arrowfamfs.nativeio.NonCoherentMemory;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The commit log on simulated memory without cache coherence: one writer host appends while
 * reader hosts catch up at random moments (between any two of the writer's accesses), with
 * random partial evictions and prefetches. Readers never see a count ahead of its records and
 * never accept a torn record; and the simulator catches an append that skips the records'
 * write-back, a reader that skips its invalidations, and two hosts writing one line.
 */
class CommitLogNonCoherentTest {
    /** 96-byte slots share lines with their neighbours; the counter is alone on line 1. */
    private static final CommitLogLayout LAYOUT = CommitLogLayout.ownLine(128, 96, 700, 64);
    /** 512-byte slots on line boundaries, as the catalog's. */
    private static final CommitLogLayout ALIGNED = CommitLogLayout.ownLine(128, 512, 400, 64);

    private static final int READERS = 3;
    private static final int APPENDS = 250;
    private static final long[] SEEDS = {1, 2, 3, 4, 5, 6, 7, 8};

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    private int runs;

    /** A record of {@code size} bytes: seq (u64), a payload derived from seq, CRC32C of all but its last 4 bytes. */
    private static byte[] record(int size, long seq) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(seq);
        while (b.position() < size - 4) {
            b.put((byte) (seq * 31 + b.position()));
        }
        b.putInt(size - 4, crc(b.array()));
        return b.array();
    }

    private static int crc(byte[] record) {
        CRC32C crc = new CRC32C();
        crc.update(record, 0, record.length - 4);
        return (int) crc.getValue();
    }

    /** A line of its own past the slots of {@code layout}, for a second writing host. */
    private static long heartbeat(CommitLogLayout layout) {
        return (layout.regionLength() + 63) & -64;
    }

    /** What a reader refuses in a slot below the count it read: the owner's checks. */
    private static String problem(byte[] slot, long index) {
        ByteBuffer b = ByteBuffer.wrap(slot).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(slot.length - 4) != crc(slot)) {
            return "torn or missing record (crc mismatch): index=" + index;
        }
        if (b.getLong(0) != index) {
            return "stale record: index=" + index + " seq=" + b.getLong(0);
        }
        return null;
    }

    /** One run: the writer's appends, readers interleaved, and what the readers found wrong. */
    private final class Run implements AutoCloseable {
        final CommitLogLayout layout;
        final MappedRegion memory;
        final NonCoherentMemory sim;
        final CommitLog writer;
        final List<CommitLog> readers = new ArrayList<>();
        final long[] seen = new long[READERS];
        final List<String> problems = new ArrayList<>();
        final Random choices;
        long count;

        Run(CommitLogLayout layout, long seed, Consumer<NonCoherentMemory> faults) {
            this.layout = layout;
            try (NativeFile file = NativeFile.create(shm.device("log-" + ++runs), 0644, true)) {
                file.truncate(heartbeat(layout) + 64);
                memory = file.map(0, heartbeat(layout) + 64, false);
            }
            sim = new NonCoherentMemory(memory, seed);
            choices = new Random(seed);
            writer = new CommitLog(sim.host("writer", true), layout, CachePolicy.NON_COHERENT, false, "writer");
            for (int r = 0; r < READERS; r++) {
                MappedRegion view = sim.host("reader-" + r, false);
                readers.add(new CommitLog(view, layout, CachePolicy.NON_COHERENT, false, "reader-" + r));
            }
            faults.accept(sim);
            sim.interleave(0.3, () -> catchUp(choices.nextInt(READERS)));
        }

        /** Reader {@code r} reads the count and every slot it has not read yet, checking each. */
        void catchUp(int r) {
            long now = readers.get(r).count();
            if (now < seen[r] || now > count + 3) {
                problems.add("count went from " + seen[r] + " to " + now + " reader-" + r);
            }
            for (long index = seen[r]; index < now; index++) {
                String problem = problem(readers.get(r).readSlot(index), index);
                if (problem != null) {
                    problems.add(problem + " reader-" + r + " count=" + now);
                }
            }
            seen[r] = Math.max(seen[r], now);
        }

        /** Appends batches of one to three records, then lets every reader catch up once more. */
        Run play() {
            for (int i = 0; i < APPENDS && count + 3 <= layout.capacity(); i++) {
                List<byte[]> batch = new ArrayList<>();
                for (int k = choices.nextInt(3) + 1; k > 0; k--) {
                    batch.add(record(layout.slotSize(), count + batch.size()));
                }
                count = writer.append(count, batch);
            }
            sim.interleave(0, null);
            for (int r = 0; r < READERS; r++) {
                catchUp(r);
                if (seen[r] != count) {
                    problems.add("reader-" + r + " stopped at count=" + seen[r] + " writer count=" + count);
                }
            }
            return this;
        }

        @Override
        public void close() {
            sim.close();
            memory.close();
        }
    }

    /** The problems readers found in one run with {@code faults} injected; empty when the protocol held. */
    private List<String> run(long seed, Consumer<NonCoherentMemory> faults) {
        return run(LAYOUT, seed, faults);
    }

    private List<String> run(CommitLogLayout layout, long seed, Consumer<NonCoherentMemory> faults) {
        try (Run run = new Run(layout, seed, faults)) {
            List<String> problems = run.play().problems;
            assertEquals(List.of(), run.sim.violations(), "one writer host: " + run.sim);
            return problems;
        }
    }

    @Test
    void readersNeverSeeACountAheadOfItsRecordsNorATornRecord() {
        for (long seed : SEEDS) {
            List<String> problems = run(seed, sim -> {});
            assertTrue(problems.isEmpty(), NonCoherentMemory.summary(seed, problems));
        }
    }

    @Test
    void anAppendThatSkipsTheRecordsWriteBackIsCaught() {
        for (long seed : SEEDS) {
            List<String> problems = run(seed, sim -> sim.skipWriteBacks("writer", (offset, count) -> offset >= 128));
            assertTrue(
                    problems.stream().anyMatch(p -> p.startsWith("torn or missing record")),
                    NonCoherentMemory.summary(seed, problems));
        }
    }

    @Test
    void aReaderThatSkipsItsInvalidatesIsCaught() {
        for (long seed : SEEDS) {
            List<String> problems = run(seed, sim -> sim.skipInvalidates("reader-0", (offset, count) -> true));
            assertTrue(
                    problems.stream().anyMatch(p -> p.contains("reader-0")), NonCoherentMemory.summary(seed, problems));
            assertTrue(
                    problems.stream().allMatch(p -> p.contains("reader-0")), NonCoherentMemory.summary(seed, problems));
        }
    }

    @Test
    void aReaderThatSkipsOnlyTheSlotsInvalidateReadsStaleLines() {
        for (long seed : SEEDS) {
            List<String> problems = run(seed, sim -> sim.skipInvalidates("reader-0", (offset, count) -> offset >= 128));
            assertTrue(
                    problems.stream().anyMatch(p -> p.startsWith("torn or missing record") && p.contains("reader-0")),
                    NonCoherentMemory.summary(seed, problems));
        }
    }

    @Test
    void lineAlignedSlotsHoldAndAMissingSlotInvalidateIsCaughtThroughPrefetchedLines() {
        for (long seed : SEEDS) {
            List<String> problems = run(ALIGNED, seed, sim -> {});
            assertTrue(problems.isEmpty(), NonCoherentMemory.summary(seed, problems));
            List<String> mutant =
                    run(ALIGNED, seed, sim -> sim.skipInvalidates("reader-0", (offset, count) -> offset >= 128));
            assertTrue(
                    mutant.stream().anyMatch(p -> p.startsWith("torn or missing record") && p.contains("reader-0")),
                    NonCoherentMemory.summary(seed, mutant));
        }
    }

    @Test
    void aSecondHostWritingTheCountersLineIsAViolation() {
        try (Run run = new Run(LAYOUT, 1, sim -> {})) {
            MappedRegion heartbeat = run.sim.host("other", true);
            run.play();
            heartbeat.putLong(heartbeat(LAYOUT), 1);
            heartbeat.writeBack(heartbeat(LAYOUT), 8, CachePolicy.NON_COHERENT);
            assertEquals(List.of(), run.sim.violations(), "a line no other host writes");
            heartbeat.putLong(72, 1); // next to the counter, on its line
            assertEquals(
                    List.of("cache line written by two hosts: line=1 offset=64 first=writer second=other seed=1"),
                    run.sim.violations());
        }
    }
}
