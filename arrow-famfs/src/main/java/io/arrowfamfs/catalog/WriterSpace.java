package io.arrowfamfs.catalog;

import io.arrowfamfs.catalog.CatalogRecord.CloseGrant;
import io.arrowfamfs.catalog.CatalogRecord.CreatePool;
import io.arrowfamfs.catalog.CatalogRecord.GrantSpace;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Namespace;
import io.arrowfamfs.famfs.OutOfSpaceException;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.nativeio.NativeFile;
import io.arrowfamfs.space.Extent;
import io.arrowfamfs.space.Grant;
import io.arrowfamfs.space.Pool;
import io.arrowfamfs.space.PoolMappings;
import io.arrowfamfs.space.SpaceLayout;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Where this process's writer puts frames: small ones packed one after another, 64-byte
 * aligned, into its current packing grant (the free tail of a unit another grant left, else a
 * whole unit; replaced by the next when full); large ones
 * each into a grant of their own, closed by the frame's commit so that the units past its end
 * are free at once. Grants and new pools are commits; they happen under the log lock, like every
 * method here but {@link #pack}. Thread-safe: this object's monitor guards the packing grant.
 */
final class WriterSpace {
    /** A frame larger than this gets a grant of its own. */
    static final long PACK_LIMIT = SpaceLayout.UNIT_SIZE / 2;
    /** The writer id of the catalog's own checkpoints. */
    static final long CHECKPOINT_WRITER = 0;

    /** A range taken for a frame, and the grant it lies in. */
    record Allocated(Pool pool, Extent extent, Grant grant, boolean ownGrant) {}

    private final Volume volume;
    private final Catalog catalog;
    private final PoolMappings pools;
    private final Function<List<CatalogRecord>, Long> commit;
    /** Writes a checkpoint if one more record would need it (see {@link #grant}). */
    private final Runnable checkpointIfDue;

    private final long writer;
    private final String writerName;
    private long writerSeq;
    private Optional<Grant> packing = Optional.empty();
    private long packingNext;
    /** Frames packed into each packing grant and not settled yet (committed or given up), by grant id. */
    private final Map<Long, Integer> inFlight = new HashMap<>();
    /** Those frames. */
    private final Set<Allocated> unsettled = new HashSet<>();
    /** Packing grants replaced while frames were in flight in them: closed by the last one's commit. */
    private final Set<Long> retiring = new HashSet<>();

    WriterSpace(
            Volume volume,
            Catalog catalog,
            PoolMappings pools,
            Function<List<CatalogRecord>, Long> commit,
            Runnable checkpointIfDue) {
        this.volume = volume;
        this.catalog = catalog;
        this.pools = pools;
        this.commit = commit;
        this.checkpointIfDue = checkpointIfDue;
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == CHECKPOINT_WRITER);
        this.writer = id;
        this.writerName =
                new WriterName(volume.node().uuid(), ProcessHandle.current().pid()).toString();
    }

    /**
     * Takes {@code size} bytes in the packing grant if it has room, without the log lock: the
     * grant is this process's alone, so no other writer can take the same bytes. Empty for a
     * large frame, or when the grant is full (then {@link #allocate}, under the lock, grants more).
     */
    synchronized Optional<Allocated> pack(long size) {
        long aligned = SpaceLayout.alignUp(size, SpaceLayout.FRAME_ALIGNMENT);
        if (aligned > PACK_LIMIT
                || packing.isEmpty()
                || packingNext + aligned > packing.get().range().end()
                || !stillOpen(packing.get())) {
            return Optional.empty();
        }
        Grant grant = packing.get();
        Extent extent = new Extent(grant.range().pool(), packingNext, size);
        packingNext += aligned;
        return Optional.of(inFlight(new Allocated(pool(grant), extent, grant, false)));
    }

    /** Takes {@code size} bytes for a frame, under the log lock: packed into the packing grant, or a grant of its own. */
    synchronized Allocated allocate(long size) {
        long aligned = SpaceLayout.alignUp(size, SpaceLayout.FRAME_ALIGNMENT);
        if (aligned > PACK_LIMIT) {
            Grant grant = grant(writer, writerName, size, GrantSpace.NONE, NativeFile.PAGE_SIZE);
            return new Allocated(
                    pool(grant), new Extent(grant.range().pool(), grant.range().offset(), size), grant, true);
        }
        if (packing.isEmpty()
                || !stillOpen(packing.get())
                || packingNext + aligned > packing.get().range().end()) {
            // a grant frames are still being copied into stays open until the last of them commits
            Optional<Grant> replaced = packing.filter(this::stillOpen);
            long closes = replaced.filter(g -> !inFlight.containsKey(g.id()))
                    .map(Grant::id)
                    .orElse(GrantSpace.NONE);
            replaced.filter(g -> inFlight.containsKey(g.id())).ifPresent(g -> retiring.add(g.id()));
            Grant grant = grant(writer, writerName, aligned, closes, SpaceLayout.UNIT_SIZE);
            packing = Optional.of(grant);
            packingNext = grant.range().offset();
        }
        Grant grant = packing.get();
        Extent extent = new Extent(grant.range().pool(), packingNext, size);
        packingNext += aligned;
        return inFlight(new Allocated(pool(grant), extent, grant, false));
    }

    /** The location of the frame of {@code length} bytes written at the start of {@code placed}, with this writer's next sequence number. */
    synchronized FrameLocation stamp(Allocated placed, long length) {
        Extent range = placed.extent();
        return new FrameLocation(
                new Extent(range.pool(), range.offset(), length),
                placed.grant().generation(),
                writer,
                ++writerSeq,
                placed.grant().id());
    }

    /**
     * The record that closes the grant a frame lands in, committed with the frame: its own grant,
     * or a packing grant replaced while this was its last frame in flight. Called once per frame,
     * under the log lock, as its commit is assembled.
     */
    synchronized Optional<CatalogRecord> closingRecord(Allocated placed) {
        if (placed.ownGrant()) {
            return Optional.of(new CloseGrant(placed.grant().id()));
        }
        long id = placed.grant().id();
        return settle(placed) && retiring.remove(id) ? Optional.of(new CloseGrant(id)) : Optional.empty();
    }

    private Allocated inFlight(Allocated placed) {
        inFlight.merge(placed.grant().id(), 1, Integer::sum);
        unsettled.add(placed);
        return placed;
    }

    /**
     * A packed frame that no longer keeps its grant open: committed in the same hold of the log
     * lock it was allocated in (a schema frame), or given up (its copy or commit failed). Later
     * calls for the same frame do nothing. A replaced grant it was the last frame of is closed by
     * {@link #release}, or when the writer is found dead.
     *
     * @return true if it was the last frame in flight in its grant
     */
    synchronized boolean settle(Allocated placed) {
        if (!unsettled.remove(placed)) {
            return false;
        }
        long id = placed.grant().id();
        if (inFlight.merge(id, -1, Integer::sum) <= 0) {
            inFlight.remove(id);
            return true;
        }
        return false;
    }

    /** Commits {@code records} (none of which names its own seq); returns the first one's seq. */
    long commitRecords(List<CatalogRecord> records) {
        return commit.apply(records);
    }

    synchronized boolean holdsGrant() {
        return packing.isPresent() || !retiring.isEmpty();
    }

    /** Closes the packing grant, if it is still open: its unused units are free again. */
    synchronized void release() {
        Optional<Grant> held = packing;
        packing = Optional.empty();
        if (held.isPresent() && stillOpen(held.get())) {
            commit.apply(List.of(new CloseGrant(held.get().id())));
        }
        for (long id : retiring) {
            if (catalog.inState(s -> s.space.openGrant(id)).isPresent()) {
                commit.apply(List.of(new CloseGrant(id)));
            }
        }
        retiring.clear();
    }

    /**
     * Grants {@code bytes} (rounded up to units) to {@code owner}, in the free run reused longest
     * ago, creating a pool if none has room; reserves the first {@code reserve}-rounded bytes of
     * it behind an emulated device. {@code closes} is a grant the same record closes.
     *
     * <p>A checkpoint that one more record brings due is written before the range is chosen, not
     * when the grant commits: it takes space itself, and would take this range first, leaving a
     * record that contradicts the space and a catalog no one can replay.
     */
    Grant grant(long owner, String ownerName, long bytes, long closes, long reserve) {
        Optional<Extent> free = freeRange(bytes);
        while (free.isEmpty()) {
            createPool(autoPoolSize(bytes), Placement.PACKED, false);
            free = freeRange(bytes);
        }
        Extent range = free.get();
        Pool pool = catalog.pool(range.pool());
        if (!catalog.inState(s -> s.reservedPools.contains(pool.id()))) {
            long reserved = Math.min(range.length(), SpaceLayout.alignUp(bytes, reserve));
            volume.reserve(pools.file(pool), range.offset(), reserved);
        }
        long id = commit.apply(List.of(new GrantSpace(owner, range, closes, ownerName)));
        return catalog.inState(s -> s.space.openGrant(id))
                .orElseThrow(() -> new CorruptCatalogException("grant committed but not open: grant=" + id));
    }

    /** Where {@code bytes} go, in the state after a checkpoint that was due took its space; empty if no pool has room. */
    private Optional<Extent> freeRange(long bytes) {
        checkpointIfDue.run();
        return catalog.inState(s -> s.space.findFree(bytes));
    }

    /**
     * Creates pool number {@code pools().size()}: its famfs file, then its record. A pool file a
     * killed creator logged but never recorded is adopted as it is. {@code reserveNow} reserves
     * the memory behind the whole pool on an emulated device at once (as a DAX device has it),
     * instead of grant by grant. A checkpoint that is due is written before the number is chosen:
     * it may create a pool itself.
     */
    Pool createPool(long size, Placement placement, boolean reserveNow) {
        checkpointIfDue.run();
        List<Pool> existing = catalog.pools();
        int id = existing.size();
        String path = SpaceLayout.poolPath(id);
        Namespace namespace = volume.refresh();
        if (namespace.lookup(SpaceLayout.POOLS_DIR).isEmpty()) {
            volume.mkdir(SpaceLayout.POOLS_DIR, 0755);
        }
        long units = SpaceLayout.alignUp(size, SpaceLayout.UNIT_SIZE);
        long poolSize;
        if (namespace.lookup(path).orElse(null) instanceof FamfsFile orphan) {
            poolSize = orphan.size() - orphan.size() % SpaceLayout.UNIT_SIZE;
        } else {
            poolSize = units;
            volume.createReservableFile(path, poolSize, 0644, placement);
        }
        Pool pool = new Pool(id, path, poolSize, SpaceLayout.UNIT_SIZE);
        if (reserveNow) {
            volume.reserve(volume.refresh().file(path), 0, poolSize);
        }
        commit.apply(List.of(new CreatePool(pool, reserveNow)));
        return pool;
    }

    /**
     * The size of a pool made because a publish found no room: at least what it needs, else
     * {@link SpaceLayout#AUTO_POOL_SIZE} or half the device's free space, whichever is smaller,
     * so that later pools (and other famfs files) still find room.
     */
    private long autoPoolSize(long need) {
        long needed = SpaceLayout.alignUp(need, SpaceLayout.UNIT_SIZE);
        long free = volume.refresh().freeBytes();
        long half = (free / 2) - (free / 2) % SpaceLayout.UNIT_SIZE;
        long size = Math.max(needed, Math.min(SpaceLayout.AUTO_POOL_SIZE, half));
        if (size > free) {
            throw new OutOfSpaceException(
                    "device full: no room for a pool: device=" + volume.path() + " needed=" + needed
                            + " free=" + free + " pools=" + catalog.pools().size()
                            + "; hint: drop tables to free pool space, or use a larger device");
        }
        return size;
    }

    private boolean stillOpen(Grant grant) {
        return catalog.inState(s -> s.space.openGrant(grant.id())).isPresent();
    }

    private Pool pool(Grant grant) {
        return catalog.pool(grant.range().pool());
    }
}
