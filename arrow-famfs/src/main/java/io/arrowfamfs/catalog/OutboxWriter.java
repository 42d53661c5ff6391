package io.arrowfamfs.catalog;

import io.arrowfamfs.catalog.CatalogRecord.GrantSpace;
import io.arrowfamfs.commitlog.CommitLog;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.LogFullException;
import io.arrowfamfs.famfs.OutOfSpaceException;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.hosts.Pins;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeFile;
import io.arrowfamfs.nativeio.ResourceClosedException;
import io.arrowfamfs.space.Extent;
import io.arrowfamfs.space.Grant;
import io.arrowfamfs.space.Pool;
import io.arrowfamfs.space.SpaceLayout;
import io.arrowfamfs.space.WriteFaults;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * How a client node publishes (docs/outbox.md): through ring {@code k} of its outbox, which
 * this process alone writes (it holds the host-local lock {@code outbox-k.lock}).
 *
 * <ol>
 *   <li>The outbox: if the node has none, ask for one through the host agent and wait until the
 *       master's agent has made it.
 *   <li>Space: a grant of the ring's writer with room past what this process has written; else
 *       ask for one in the request line and wait for the answer and the grant's record.
 *   <li>The frame: once this host's lease holds (a node the master expelled has its grants
 *       closed, and their space may be reused after the quarantine), written into the grant,
 *       written back (and synced on a disk device).
 *   <li>The record: appended to the ring (written back, then the count moves).
 *   <li>The answer: wait until the master consumed it; a refusal is a typed error with the
 *       master's reason, else the frames are in the catalog.
 * </ol>
 *
 * <p>Every wait for the master's agent lasts at most its patience ({@link AgentWait}), then fails
 * with a typed error: {@link AgentUnavailableException}, or {@link OutboxFullException} when the
 * ring had no room. An ask the master refuses (the device or its famfs log full) fails at once with the
 * exception the master met, {@link OutOfSpaceException} or {@link LogFullException}.
 *
 * <p>A process that takes a ring over first waits until the master consumed what its
 * predecessor left, so that it writes only past space the master knows is used. Thread-safe:
 * publishes are serialized.
 */
final class OutboxWriter implements AutoCloseable {
    /** The least a grant asks for: a few frames' worth, so small frames do not ask every time. */
    static final long MIN_GRANT = 8L * SpaceLayout.UNIT_SIZE;

    private final Volume volume;
    private final Catalog catalog;
    private final AgentWait wait;
    private final Pins pins;
    private final NativeFile lock;
    private final int k;
    private final long writerId;
    private final OutboxFile outbox;
    private final Map<Integer, Writable> pools = new HashMap<>();
    /** Where the next frame goes in each of this writer's grants: past every frame it wrote. */
    private final Map<Long, Long> next = new HashMap<>();
    /**
     * Frames this process wrote that no commit of its own published yet, and their grants: a
     * grant holding one stays open (another node's commit may still name it, {@link Catalog#appendWritten}).
     */
    private final Map<Extent, Long> unpublished = new HashMap<>();

    private long askSeq;
    private boolean closed;

    private OutboxWriter(
            Volume volume, Catalog catalog, AgentWait wait, Pins pins, NativeFile lock, int k, OutboxFile outbox) {
        this.volume = volume;
        this.catalog = catalog;
        this.wait = wait;
        this.pins = pins;
        this.lock = lock;
        this.k = k;
        this.writerId = OutboxDescriptor.writerId(volume.node().uuid(), k);
        this.outbox = outbox;
    }

    /**
     * Takes a free ring of this node's outbox, asking for the outbox first if there is none.
     *
     * @param wait how this writer waits for the master's agent
     * @throws AgentUnavailableException if the master's agent makes no outbox within the wait's patience
     * @throws PublishRejectedException if every ring of the node is taken by a live process
     */
    static OutboxWriter open(Volume volume, Catalog catalog, Pins pins, AgentWait wait) {
        UUID node = volume.node().uuid();
        NativeFile lock = null;
        int ring = -1;
        for (int k = 0; k < OutboxDescriptor.RINGS && ring < 0; k++) {
            NativeFile candidate = NativeFile.create(pins.lockFile("outbox-" + k + ".lock"), 0600, false);
            if (candidate.tryLockExclusive()) {
                lock = candidate;
                ring = k;
            } else {
                candidate.close();
            }
        }
        if (lock == null) {
            throw new PublishRejectedException("every outbox ring of this node is taken: node=" + node + " rings="
                    + OutboxDescriptor.RINGS + "; hint: at most that many processes of one node publish at once");
        }
        try {
            if (!OutboxFile.exists(volume, node)) {
                pins.wantOutbox();
                wait.until("an outbox for node=" + node, () -> OutboxFile.exists(volume, node));
            }
            OutboxWriter writer =
                    new OutboxWriter(volume, catalog, wait, pins, lock, ring, OutboxFile.open(volume, node));
            writer.drainPredecessor();
            return writer;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Waits until the master consumed what an earlier process of this ring left in it. */
    private void drainPredecessor() {
        long count = outbox.ring(k).count();
        wait.until("the master to consume ring " + k + "'s records", () -> consumed() >= count);
        askSeq = outbox.request(k).map(OutboxFile.Request::askSeq).orElse(0L);
    }

    /**
     * Writes one frame into this writer's granted space (asking for more if needed), without
     * publishing it: the frame another node's commit may name ({@link #commit}).
     */
    synchronized FrameRef write(long bound, long rows, int batches, FrameContents contents) {
        checkOpen();
        pins.awaitAgent(wait.patience()); // an expelled node's grants are closed: never write into them
        catalog.refresh();
        long aligned = SpaceLayout.alignUp(bound, SpaceLayout.FRAME_ALIGNMENT);
        Grant grant = grantWithRoom(aligned);
        long offset = next.get(grant.id());
        next.put(grant.id(), offset + aligned); // a write that fails leaves its range unused
        Writable target = pool(catalog.pool(grant.range().pool()));
        target.faults().prefault(target.mapping(), offset, bound);
        long length;
        try (MappedRegion slice = target.mapping().slice(offset, bound)) {
            length = contents.write(slice, volume.cachePolicy());
            if (length <= 0 || length > bound) {
                throw new IllegalStateException("frame length " + length + " outside its range of " + bound);
            }
            if (!volume.isMemoryBacked()) {
                slice.sync(0, length);
            }
        }
        next.put(grant.id(), offset + SpaceLayout.alignUp(length, SpaceLayout.FRAME_ALIGNMENT));
        Extent extent = new Extent(grant.range().pool(), offset, length);
        unpublished.put(extent, grant.id());
        return new FrameRef(new FrameLocation(extent, grant.generation(), writerId, 0, grant.id()), rows, batches, -1);
    }

    /**
     * Asks the master to publish {@code frames} (written by this or other writers) as table
     * {@code name}, and waits for its answer.
     *
     * @return the frames as the table now lists them
     * @throws PublishRejectedException if the master refused the commit, with its reason
     * @throws OutboxFullException if the ring has no room for the commit, the agent consuming nothing
     * @throws AgentUnavailableException if the master's agent does not answer within the wait's patience
     */
    synchronized List<FrameRef> commit(String name, CatalogWriter.Mode mode, List<FrameRef> frames) {
        checkOpen();
        TableNames.check(name);
        CommitLog ring = outbox.ring(k);
        int parts = (frames.size() + OutboxRecord.PER_PART - 1) / OutboxRecord.PER_PART;
        if (parts == 0 || parts > OutboxDescriptor.SLOTS) {
            throw new PublishRejectedException("commit of " + frames.size() + " frames does not fit an outbox: table="
                    + name + " max=" + OutboxDescriptor.SLOTS * OutboxRecord.PER_PART);
        }
        long index = ring.count();
        awaitRoom(index, parts);
        long writerSeq = index + 1;
        List<byte[]> records = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            List<FrameRef> part =
                    frames.subList(p * OutboxRecord.PER_PART, Math.min(frames.size(), (p + 1) * OutboxRecord.PER_PART));
            records.add(new OutboxRecord(index + p, writerSeq, mode, name, p, parts, part).encode());
        }
        ring.append(index, records);
        OutboxFile.Answer answer =
                awaitAnswer("the master's agent to commit to table " + name, a -> a.consumed() >= index + parts);
        if (answer.rejectedSeq() == writerSeq) {
            throw new PublishRejectedException(
                    outbox.errorText(k, writerSeq).orElse("commit refused by the master: table=" + name));
        }
        List<FrameRef> committed = committed(name, frames);
        frames.forEach(f -> unpublished.remove(f.location().extent()));
        return committed;
    }

    /** The frames as the table lists them, once the catalog shows the commit. */
    private List<FrameRef> committed(String name, List<FrameRef> frames) {
        List<FrameRef> found = new ArrayList<>(frames.size());
        wait.until("the commit to reach the catalog", () -> {
            found.clear();
            Optional<TableState> table = catalog.refresh().table(name);
            for (FrameRef frame : frames) {
                table.flatMap(t -> t.frames().stream()
                                .filter(f -> f.location()
                                        .extent()
                                        .equals(frame.location().extent()))
                                .findFirst())
                        .ifPresent(found::add);
            }
            return found.size() == frames.size();
        });
        return List.copyOf(found);
    }

    /**
     * A grant of this writer with {@code bytes} free past what it wrote; else asks the master for
     * one, giving back a grant that has too little room and holds no frame of this process still
     * unpublished (the master closes it with the new grant's record: its units go free as its
     * frames do, instead of staying granted for good).
     */
    private Grant grantWithRoom(long bytes) {
        for (int attempt = 0; attempt < 2; attempt++) {
            long givenBack = GrantSpace.NONE;
            for (Grant grant : myGrants()) {
                long at = next.computeIfAbsent(grant.id(), id -> catalog.inState(s -> s.space.used(id)));
                if (at + bytes <= grant.range().end()) {
                    return grant;
                }
                if (!unpublished.containsValue(grant.id())) {
                    givenBack = grant.id();
                }
            }
            long ask = ++askSeq;
            long asked = Math.max(bytes, MIN_GRANT);
            outbox.writeRequest(
                    k,
                    new OutboxFile.Request(asked, ask, ProcessHandle.current().pid(), givenBack));
            OutboxFile.Answer answer = awaitAnswer("a grant of " + bytes + " bytes", a -> a.askAnswered() >= ask);
            if (answer.refusedAsk() == ask) {
                throw answer.refusal()
                        .exception("the master granted no space: node="
                                + volume.node().uuid() + " ring=" + k
                                + " asked=" + asked + ": "
                                + outbox.refusalText(k, ask).orElse("no reason recorded"));
            }
            catalog.refresh();
        }
        throw new PublishRejectedException("the master granted no room: bytes=" + bytes + " writer=" + writerId
                + "; hint: the device may be full (arrow-famfs info)");
    }

    private List<Grant> myGrants() {
        return catalog.inState(s -> s.space.openGrants().stream()
                .filter(g -> g.writer() == writerId)
                .toList());
    }

    private long consumed() {
        return outbox.answer(k).map(OutboxFile.Answer::consumed).orElse(-1L);
    }

    /** A pool's writable mapping, and which of its units were prefaulted. */
    private record Writable(MappedRegion mapping, WriteFaults faults) {}

    /** A writable mapping of {@code pool}, made once. */
    private Writable pool(Pool pool) {
        return pools.computeIfAbsent(pool.id(), id -> {
            FamfsFile file = volume.refresh().file(pool.relpath());
            return new Writable(volume.mapShared(file), new WriteFaults());
        });
    }

    /** Waits until the ring has room for {@code parts} records past {@code index}. */
    private void awaitRoom(long index, int parts) {
        if (!wait.within(() -> index - consumed() + parts <= OutboxDescriptor.SLOTS)) {
            throw new OutboxFullException("outbox ring full: outbox="
                    + OutboxDescriptor.path(volume.node().uuid())
                    + " ring=" + k + " unconsumed=" + (index - consumed()) + " slots=" + OutboxDescriptor.SLOTS
                    + " needed=" + parts + " waited=" + wait.patience().toMillis() + "ms"
                    + "; hint: the master's agent consumes no outbox: run arrow-famfs agent (or any arrow-famfs"
                    + " process) on the master");
        }
    }

    /** Waits for an answer line that {@code done} accepts, and returns it. */
    private OutboxFile.Answer awaitAnswer(String what, Predicate<OutboxFile.Answer> done) {
        return wait.value(what, () -> outbox.answer(k).filter(done));
    }

    private void checkOpen() {
        if (closed) {
            throw new ResourceClosedException("outbox writer of " + volume.path());
        }
    }

    /** Unmaps the pools and the outbox and gives the ring up; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pools.values().forEach(writable -> writable.mapping().close());
            outbox.close();
        } finally {
            lock.close();
        }
    }
}
