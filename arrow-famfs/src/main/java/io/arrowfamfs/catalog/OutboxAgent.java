package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;
import io.arrowfamfs.commitlog.CommitLog;
import io.arrowfamfs.famfs.FamfsNode;
import io.arrowfamfs.famfs.LockTimeoutException;
import io.arrowfamfs.famfs.LogFullException;
import io.arrowfamfs.famfs.Namespace;
import io.arrowfamfs.famfs.OutOfSpaceException;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.hosts.HostsFile;
import io.arrowfamfs.hosts.LeaseTracker;
import io.arrowfamfs.hosts.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The master's side of the outboxes (docs/outbox.md), run by the process whose lease tracker is
 * elected: makes the outboxes hosts ask for, answers grant requests with grants (or, when the
 * device or its famfs log is full, with a refusal saying so), and commits what the rings hold,
 * each commit once (a commit whose frames are all live already is a retry after a restart, and
 * is only acknowledged). A node that is gone (no slot of the host table for L + G, no join
 * asked) has its grants closed, what they left unused retired (reused after the quarantine). Polls every ring's count, a counter read each, sleeping 20 to 200
 * microseconds between polls, so that a client's commit is visible within about a millisecond;
 * looks for new outboxes every heartbeat period.
 */
final class OutboxAgent implements AutoCloseable {
    private static final long BUSY_PARK_NANOS = 20_000;
    private static final long IDLE_PARK_NANOS = 200_000;

    private final Volume volume;
    private final CatalogWriter writer;
    private final HostsFile hosts;
    private final LeaseTracker tracker;
    private final long periodNanos;
    private final BufferAllocator allocator = new RootAllocator();
    private final Map<UUID, OutboxState> outboxes = new HashMap<>();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile RuntimeException lastFailure;
    private long lastScan;

    /** One outbox and, per ring, the answer the master gives: how far it consumed, which ask it answered. */
    private static final class OutboxState {
        final OutboxFile file;
        final OutboxFile.Answer[] answers = new OutboxFile.Answer[OutboxDescriptor.RINGS];

        OutboxState(OutboxFile file) {
            this.file = file;
            for (int k = 0; k < OutboxDescriptor.RINGS; k++) {
                answers[k] = file.answer(k).orElse(OutboxFile.Answer.NONE);
            }
        }

        /** Writes ring {@code k}'s answer line as {@code answer}, and keeps it. */
        void answer(int k, OutboxFile.Answer answer) {
            file.writeAnswer(k, answer);
            answers[k] = answer;
        }
    }

    OutboxAgent(Volume volume, CatalogWriter writer, HostsFile hosts, LeaseTracker tracker, Duration period) {
        this.volume = volume;
        this.writer = writer;
        this.hosts = hosts;
        this.tracker = tracker;
        this.periodNanos = period.toNanos();
        this.thread = new Thread(this::run, "arrow-famfs-outbox-agent");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopped) {
            boolean busy = false;
            try {
                if (tracker.isTracking()) {
                    busy = pass();
                    lastFailure = null;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            LockSupport.parkNanos(busy ? BUSY_PARK_NANOS : tracker.isTracking() ? IDLE_PARK_NANOS : periodNanos);
        }
    }

    /** {@return what the last pass threw, or null} */
    RuntimeException lastFailure() {
        return lastFailure;
    }

    /** One pass over every ring; true if it did anything. */
    synchronized boolean pass() {
        long now = System.nanoTime();
        boolean scan = now - lastScan >= periodNanos;
        Set<UUID> gone = Set.of();
        if (scan) {
            lastScan = now;
            for (UUID node : hosts.outboxesWanted()) {
                OutboxFile.createIfMissing(volume, node);
            }
            discover();
            gone = goneNodes();
        }
        boolean busy = false;
        for (OutboxState state : outboxes.values()) {
            for (int k = 0; k < OutboxDescriptor.RINGS; k++) {
                if (!gone.contains(state.file.node())) {
                    busy |= answerAsk(state, k);
                }
                busy |= consume(state, k);
            }
        }
        for (UUID node : gone) {
            // after its last records were committed above; asked again under the log lock
            busy |= writer.retireGrantsOf(node, () -> tracker.isGone(node)) > 0;
        }
        return busy;
    }

    /**
     * The nodes with an outbox that are gone ({@link LeaseTracker#isGone}): their grants are
     * closed once their rings are consumed, and their asks wait until they join again.
     */
    private Set<UUID> goneNodes() {
        Set<UUID> gone = new HashSet<>();
        for (UUID node : outboxes.keySet()) {
            if (!node.equals(volume.node().uuid()) && tracker.isGone(node)) {
                gone.add(node);
            }
        }
        return gone;
    }

    /** Maps the outboxes famfs has that this agent has not mapped yet. */
    private void discover() {
        Namespace namespace = volume.refresh();
        if (namespace.lookup(OutboxDescriptor.DIRECTORY).isEmpty()) {
            return;
        }
        for (FamfsNode file : namespace.list(OutboxDescriptor.DIRECTORY)) {
            String name = file.relpath().substring(file.relpath().lastIndexOf('/') + 1);
            UUID node;
            try {
                node = UUID.fromString(name);
            } catch (IllegalArgumentException e) {
                continue; // not an outbox of ours
            }
            outboxes.computeIfAbsent(node, n -> new OutboxState(OutboxFile.open(volume, n)));
        }
    }

    /**
     * Grants the space a ring's writer asked for, once per ask, closing the grant it gave back.
     * A full device or famfs log refuses the ask at once, its reason in the refusal text: a
     * retry would meet it again until someone frees space, and the writer would hear only that
     * the agent did not answer.
     */
    private boolean answerAsk(OutboxState state, int k) {
        Optional<OutboxFile.Request> request = state.file.request(k);
        OutboxFile.Answer last = state.answers[k];
        if (request.isEmpty() || request.get().askSeq() <= last.askAnswered()) {
            return false;
        }
        long ask = request.get().askSeq();
        OutboxFile.Answer answer;
        try {
            writer.grantTo(
                    OutboxDescriptor.writerId(state.file.node(), k),
                    "node=" + state.file.node() + " ring=" + k,
                    request.get().bytes(),
                    request.get().closes());
            answer = last.granted(ask);
        } catch (OutOfSpaceException e) {
            answer = refuse(state, k, ask, GrantRefusal.OUT_OF_SPACE, e);
        } catch (LogFullException e) {
            answer = refuse(state, k, ask, GrantRefusal.LOG_FULL, e);
        }
        state.answer(k, answer);
        return true;
    }

    /** Writes why ask {@code ask} is refused, before the answer line names it; returns that answer. */
    private static OutboxFile.Answer refuse(OutboxState state, int k, long ask, GrantRefusal refusal, Exception why) {
        state.file.writeRefusalText(k, ask, why.getMessage());
        return state.answers[k].refused(ask, refusal);
    }

    /** Commits the next complete commit of ring {@code k}, if one is there. */
    private boolean consume(OutboxState state, int k) {
        CommitLog ring = state.file.ring(k);
        long count = ring.count();
        OutboxFile.Answer last = state.answers[k];
        long at = last.consumed();
        if (count <= at) {
            return false;
        }
        Optional<OutboxRecord> first = record(ring, at);
        if (first.isEmpty()) {
            return false; // torn or not written back yet: next pass
        }
        int parts = first.get().parts();
        if (count < at + parts) {
            return false;
        }
        List<FrameRef> frames = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            Optional<OutboxRecord> part = record(ring, at + p);
            if (part.isEmpty()) {
                return false;
            }
            frames.addAll(part.get().frames());
        }
        OutboxRecord commit = first.get();
        long rejected = last.rejectedSeq();
        try {
            writer.commitWritten(commit.table(), commit.mode(), frames, state.file.node(), allocator);
        } catch (ArrowFamfsException | IllegalArgumentException e) {
            if (e instanceof LockTimeoutException) {
                throw e; // the master is busy, not the commit wrong: next pass
            }
            state.file.writeErrorText(k, commit.writerSeq(), e.getMessage());
            rejected = commit.writerSeq();
        }
        state.answer(k, last.consumedTo(at + parts, rejected));
        return true;
    }

    private static Optional<OutboxRecord> record(CommitLog ring, long index) {
        try {
            return OutboxRecord.decode(ring.readSlot(index), index);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Stops the thread, then unmaps the outboxes; idempotent. */
    @Override
    public void close() {
        stopped = true;
        Ticker.stop(thread);
        synchronized (this) {
            outboxes.values().forEach(s -> s.file.close());
            outboxes.clear();
            allocator.close();
        }
    }
}
