package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.catalog.CatalogRecord.GrantSpace;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeFile;
import io.arrowfamfs.nativeio.NonCoherentMemory;
import io.arrowfamfs.space.Extent;
import io.arrowfamfs.testkit.ShmDir;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The outbox protocol on simulated memory without cache coherence: a client host asks for space
 * and appends commit records (one or two parts) to its ring while the master host, at random
 * moments between any two of the client's accesses, answers asks and consumes records, and the
 * client reads the answers. The master never takes a torn or stale record nor misses one, the
 * client never sees an answer ahead of what it sent; and the simulator catches a client that
 * skips its records' write-back, a master that skips its invalidations, and a master that writes
 * the client's request line (two writers on one line).
 */
class OutboxNonCoherentTest {
    private static final UUID NODE = UUID.fromString("eeeeeeee-0000-4000-8000-000000000001");
    private static final int COMMITS = 200;
    private static final long[] SEEDS = {1, 2, 3, 4, 5, 6};

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    private int runs;

    /** One run: the client's commits and asks, the master interleaved, what either side found wrong. */
    private final class Run implements AutoCloseable {
        final MappedRegion memory;
        final NonCoherentMemory sim;
        final OutboxFile client;
        final OutboxFile master;
        final Random choices;
        final List<String> problems = new ArrayList<>();
        long appended;
        long asked;
        long consumed;
        long answered;
        long lastAnswerSeen;

        Run(long seed, Consumer<NonCoherentMemory> faults, boolean masterWritesRequests) {
            try (NativeFile file = NativeFile.create(shm.device("outbox-" + ++runs), 0644, true)) {
                file.truncate(OutboxDescriptor.FILE_SIZE);
                memory = file.map(0, OutboxDescriptor.FILE_SIZE, false);
            }
            memory.putBytes(0, OutboxFile.headerLine(NODE), 0, 64);
            sim = new NonCoherentMemory(memory, seed);
            choices = new Random(seed);
            client = OutboxFile.over(sim.host("client", true), CachePolicy.NON_COHERENT, NODE);
            master = OutboxFile.over(sim.host("master", true), CachePolicy.NON_COHERENT, NODE);
            faults.accept(sim);
            sim.interleave(0.3, () -> {
                if (choices.nextBoolean()) {
                    masterStep(masterWritesRequests);
                } else {
                    clientReadsAnswer();
                }
            });
        }

        /** The master: answers a new ask, consumes every complete commit below the count. */
        void masterStep(boolean writesRequest) {
            Optional<OutboxFile.Request> request = master.request(0);
            if (request.isPresent()) {
                if (request.get().askSeq() > asked || request.get().askSeq() < answered) {
                    problems.add(
                            "master read ask " + request.get().askSeq() + " asked=" + asked + " answered=" + answered);
                }
                answered = Math.max(answered, request.get().askSeq());
            }
            if (writesRequest) {
                master.writeRequest(0, new OutboxFile.Request(0, answered, 1, GrantSpace.NONE)); // not its line
            }
            long count = master.ring(0).count();
            if (count > appended + 2 || count < consumed) { // an append in progress moves the count first
                problems.add("master read count " + count + " appended=" + appended + " consumed=" + consumed);
            }
            while (consumed < count) {
                Optional<OutboxRecord> first = decode(consumed);
                if (first.isEmpty()) {
                    problems.add("torn or stale record below the count: index=" + consumed + " count=" + count);
                    return;
                }
                int parts = first.get().parts();
                if (consumed + parts > count) {
                    return; // the rest of the commit is not there yet
                }
                for (int p = 1; p < parts; p++) {
                    if (decode(consumed + p).isEmpty()) {
                        problems.add("torn or stale part below the count: index=" + (consumed + p));
                        return;
                    }
                }
                if (first.get().writerSeq() != consumed + 1) {
                    problems.add("record out of order: index=" + consumed + " writer_seq="
                            + first.get().writerSeq());
                }
                consumed += parts;
            }
            master.writeAnswer(0, new OutboxFile.Answer(consumed, answered, 0, 0, GrantRefusal.NONE));
        }

        Optional<OutboxRecord> decode(long index) {
            return OutboxRecord.decode(master.ring(0).readSlot(index), index);
        }

        /** The client reads the master's answer: never ahead of what it sent, never going back. */
        void clientReadsAnswer() {
            Optional<OutboxFile.Answer> answer = client.answer(0);
            if (answer.isEmpty()) {
                return; // torn: not yet
            }
            long seen = answer.get().consumed();
            if (seen > appended + 2 || seen < lastAnswerSeen || answer.get().askAnswered() > asked) {
                problems.add("client read answer consumed=" + seen + " asked_answered="
                        + answer.get().askAnswered() + " appended=" + appended + " asked=" + asked + " before="
                        + lastAnswerSeen);
            }
            lastAnswerSeen = Math.max(lastAnswerSeen, seen);
        }

        Run play() {
            for (int i = 0; i < COMMITS && appended + 2 - consumed <= OutboxDescriptor.SLOTS; i++) {
                if (choices.nextInt(10) == 0) {
                    client.writeRequest(0, new OutboxFile.Request(1 << 24, ++asked, 7, asked));
                }
                int parts = choices.nextInt(2) + 1;
                List<byte[]> records = new ArrayList<>();
                for (int p = 0; p < parts; p++) {
                    records.add(record(appended + p, appended + 1, p, parts));
                }
                appended = client.ring(0).append(appended, records);
            }
            sim.interleave(0, null);
            masterStep(false);
            clientReadsAnswer();
            if (consumed != appended) {
                problems.add("master stopped at " + consumed + " of " + appended);
            }
            return this;
        }

        @Override
        public void close() {
            sim.close();
            memory.close();
        }
    }

    private static byte[] record(long index, long writerSeq, int part, int parts) {
        FrameLocation at = new FrameLocation(new Extent(0, 4096 * (index + 1), 1000), 0, 9, 0, 3);
        return new OutboxRecord(
                        index,
                        writerSeq,
                        CatalogWriter.Mode.APPEND,
                        "t",
                        part,
                        parts,
                        List.of(new FrameRef(at, 10, 1, -1)))
                .encode();
    }

    private List<String> run(
            long seed, Consumer<NonCoherentMemory> faults, boolean masterWritesRequests, boolean oneWriterPerLine) {
        try (Run run = new Run(seed, faults, masterWritesRequests)) {
            List<String> problems = run.play().problems;
            if (oneWriterPerLine) {
                assertEquals(List.of(), run.sim.violations(), "one writer per line: " + run.sim);
            } else {
                problems.addAll(run.sim.violations());
            }
            return problems;
        }
    }

    @Test
    void theMasterTakesEveryRecordOnceAndNoneTornAndTheClientNoAnswerAheadOfIt() {
        for (long seed : SEEDS) {
            List<String> problems = run(seed, sim -> {}, false, true);
            assertTrue(problems.isEmpty(), NonCoherentMemory.summary(seed, problems));
        }
    }

    @Test
    void aClientThatSkipsItsRecordsWriteBackIsCaught() {
        long ring = OutboxDescriptor.ringOffset(0) + OutboxDescriptor.PAGE;
        for (long seed : SEEDS) {
            List<String> problems =
                    run(seed, sim -> sim.skipWriteBacks("client", (offset, count) -> offset >= ring), false, true);
            assertTrue(
                    problems.stream().anyMatch(p -> p.startsWith("torn or stale")),
                    NonCoherentMemory.summary(seed, problems));
        }
    }

    @Test
    void aMasterThatSkipsItsInvalidatesIsCaught() {
        for (long seed : SEEDS) {
            List<String> problems =
                    run(seed, sim -> sim.skipInvalidates("master", (offset, count) -> true), false, true);
            assertFalse(problems.isEmpty(), NonCoherentMemory.summary(seed, problems));
        }
    }

    @Test
    void aMasterThatWritesTheClientsRequestLineIsCaught() {
        for (long seed : SEEDS) {
            List<String> problems = run(seed, sim -> {}, true, false);
            assertFalse(problems.isEmpty(), NonCoherentMemory.summary(seed, problems));
        }
    }
}
