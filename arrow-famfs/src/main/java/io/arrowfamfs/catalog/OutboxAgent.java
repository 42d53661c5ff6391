package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;
import io.arrowfamfs.commitlog.CommitLog;
import io.arrowfamfs.famfs.FamfsNode;
import io.arrowfamfs.famfs.LockTimeoutException;
import io.arrowfamfs.famfs.Namespace;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.hosts.HostsFile;
import io.arrowfamfs.hosts.LeaseTracker;
import io.arrowfamfs.hosts.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The master's side of the outboxes (docs/outbox.md), run by the process whose lease tracker is
 * elected: makes the outboxes hosts ask for, answers grant requests with grants, and commits
 * what the rings hold, each commit once (a commit whose frames are all live already is a retry
 * after a restart, and is only acknowledged). Polls every ring's count, a counter read each,
 * sleeping 20 to 200 microseconds between polls, so that a client's commit is visible within
 * about a millisecond; looks for new outboxes every heartbeat period.
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

    /** One outbox and, per ring, how far the master has consumed it and which ask it answered. */
    private static final class OutboxState {
        final OutboxFile file;
        final long[] consumed = new long[OutboxDescriptor.RINGS];
        final long[] answered = new long[OutboxDescriptor.RINGS];
        final long[] rejected = new long[OutboxDescriptor.RINGS];

        OutboxState(OutboxFile file) {
            this.file = file;
            for (int k = 0; k < OutboxDescriptor.RINGS; k++) {
                OutboxFile.Answer a = file.answer(k).orElse(OutboxFile.Answer.NONE);
                consumed[k] = a.consumed();
                answered[k] = a.askAnswered();
                rejected[k] = a.rejectedSeq();
            }
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
        if (now - lastScan >= periodNanos) {
            lastScan = now;
            for (UUID node : hosts.outboxesWanted()) {
                OutboxFile.createIfMissing(volume, node);
            }
            discover();
        }
        boolean busy = false;
        for (OutboxState state : outboxes.values()) {
            for (int k = 0; k < OutboxDescriptor.RINGS; k++) {
                busy |= answerAsk(state, k);
                busy |= consume(state, k);
            }
        }
        return busy;
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

    /** Grants the space a ring's writer asked for, once per ask, closing the grant it gave back. */
    private boolean answerAsk(OutboxState state, int k) {
        Optional<OutboxFile.Request> request = state.file.request(k);
        if (request.isEmpty() || request.get().askSeq() <= state.answered[k]) {
            return false;
        }
        long writerId = OutboxDescriptor.writerId(state.file.node(), k);
        writer.grantTo(
                writerId,
                "node=" + state.file.node() + " ring=" + k,
                request.get().bytes(),
                request.get().closes());
        state.answered[k] = request.get().askSeq();
        answer(state, k);
        return true;
    }

    /** Commits the next complete commit of ring {@code k}, if one is there. */
    private boolean consume(OutboxState state, int k) {
        CommitLog ring = state.file.ring(k);
        long count = ring.count();
        long at = state.consumed[k];
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
        try {
            writer.commitWritten(commit.table(), commit.mode(), frames, state.file.node(), allocator);
        } catch (ArrowFamfsException | IllegalArgumentException e) {
            if (e instanceof LockTimeoutException) {
                throw e; // the master is busy, not the commit wrong: next pass
            }
            state.file.writeErrorText(k, commit.writerSeq(), e.getMessage());
            state.rejected[k] = commit.writerSeq();
        }
        state.consumed[k] = at + parts;
        answer(state, k);
        return true;
    }

    private static Optional<OutboxRecord> record(CommitLog ring, long index) {
        try {
            return OutboxRecord.decode(ring.readSlot(index), index);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void answer(OutboxState state, int k) {
        state.file.writeAnswer(k, new OutboxFile.Answer(state.consumed[k], state.answered[k], state.rejected[k]));
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
