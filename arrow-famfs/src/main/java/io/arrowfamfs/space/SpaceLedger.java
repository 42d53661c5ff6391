package io.arrowfamfs.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * The state of every unit of every pool, built by replaying the catalog's space records in
 * order: pools, grants and their closing, frames committed, retired, quarantined and freed. Every
 * process that replays the same records holds the same ledger, so the master needs no second
 * structure in shared memory to know what is free: the catalog is the one place space changes
 * hands, in the same atomic step as the commits that use it.
 *
 * <p>A unit is <i>free</i> when no open grant covers it and no frame (live, retired or
 * quarantined) overlaps it. Its generation grows each time it returns to free from a grant, so a
 * frame's generation (its grant's) tells whether its memory held other data before.
 *
 * <p>Not thread-safe: the catalog replays into it under its lock.
 */
public final class SpaceLedger {
    private static final long NO_GRANT = -1;
    /** {@link UnitGenerations#tail} of a unit with no free tail. */
    public static final long NO_TAIL = -1;

    private final TreeMap<Integer, Units> pools = new TreeMap<>();
    private final Map<Long, OpenGrant> grants = new HashMap<>();
    private final List<RetiredExtent> retired = new ArrayList<>();
    /** The extents of {@link #retired}, for {@link #retiredAt}. */
    private final Set<Extent> retiredExtents = new HashSet<>();

    /** {@return the pools, by id} */
    public Collection<Pool> pools() {
        return pools.values().stream().map(units -> units.pool).toList();
    }

    /**
     * {@return pool {@code id}, if the ledger has it}
     *
     * @param id a pool id
     */
    public Optional<Pool> pool(int id) {
        Units units = pools.get(id);
        return units == null ? Optional.empty() : Optional.of(units.pool);
    }

    /**
     * {@return the grants not yet closed}
     */
    public List<Grant> openGrants() {
        return grants.values().stream().map(open -> open.grant).toList();
    }

    /**
     * {@return the open grant {@code id}, if it is open}
     *
     * @param id a grant's id
     */
    public Optional<Grant> openGrant(long id) {
        OpenGrant open = grants.get(id);
        return open == null ? Optional.empty() : Optional.of(open.grant);
    }

    /**
     * Adds a pool whose units are all free, at generation 0.
     *
     * @param pool the new pool; its id must be new
     * @throws SpaceConflictException if the ledger has a pool of that id
     */
    public void addPool(Pool pool) {
        if (pools.containsKey(pool.id())) {
            throw new SpaceConflictException("pool exists: pool=" + pool.id() + " path=" + pool.relpath());
        }
        pools.put(pool.id(), new Units(pool));
    }

    /**
     * Grants {@code range} to {@code writer}: whole free units, or the free tail of one unit whose
     * other bytes hold frames (what a closed grant left unused: see {@link #closeGrant}).
     *
     * @param id the grant's id (the sequence number of its record)
     * @param writer the writer the units go to
     * @param range whole free units of one pool, or one unit's free tail
     * @return the grant, with the generation of its units
     * @throws SpaceConflictException if the range is neither
     */
    public Grant grant(long id, long writer, Extent range) {
        Units units = units(range);
        if (grants.containsKey(id)) {
            throw new SpaceConflictException("grant exists: grant=" + id);
        }
        int first = units.unitOf(range.offset());
        int last = units.unitOf(range.end() - 1);
        boolean tail = first == last
                && units.tail[first] == range.offset()
                && units.grant[first] == NO_GRANT
                && range.end() == units.end(first);
        boolean whole = range.offset() % units.pool.unitSize() == 0 && range.length() % units.pool.unitSize() == 0;
        if (!tail && !whole) {
            throw new SpaceConflictException(
                    "grant neither whole units nor a unit's free tail: grant=" + id + " " + range);
        }
        int generation = 0;
        for (int u = first; u <= last; u++) {
            if (!tail && !units.isFree(u)) {
                throw new SpaceConflictException("grant over units in use: grant=" + id + " " + range + " unit=" + u);
            }
            generation = Math.max(generation, units.generation[u]);
        }
        Grant grant = new Grant(id, writer, range, generation);
        install(units, grant, range.offset());
        return grant;
    }

    private void install(Units units, Grant grant, long used) {
        Extent range = grant.range();
        for (int u = units.unitOf(range.offset()); u <= units.unitOf(range.end() - 1); u++) {
            if (units.grant[u] != NO_GRANT) {
                throw new SpaceConflictException("grant over a unit granted already: grant=" + grant.id() + " unit=" + u
                        + " holder=" + units.grant[u]);
            }
            units.grant[u] = grant.id();
            units.generation[u] = grant.generation();
            units.tail[u] = NO_TAIL;
        }
        grants.put(grant.id(), new OpenGrant(grant, used));
    }

    /**
     * Closes a grant. Its units that hold no frame become free, one generation up (they may hold
     * bytes a writer wrote and never published). The unit where its committed frames end keeps
     * the rest of its bytes, from the next cache line on, as a free tail that the next small grant
     * takes: a writer that stops after a few small frames strands no unit. The other units stay
     * until their frames are freed.
     *
     * @param id the grant to close
     * @param seq the sequence number of the closing record: the units' place in the reuse order
     * @throws SpaceConflictException if the grant is not open
     */
    public void closeGrant(long id, long seq) {
        OpenGrant open = grants.remove(id);
        if (open == null) {
            throw new SpaceConflictException("grant not open: grant=" + id);
        }
        Extent range = open.grant.range();
        Units units = units(range);
        long tailFrom = SpaceLayout.alignUp(open.used, SpaceLayout.FRAME_ALIGNMENT);
        for (int u = units.unitOf(range.offset()); u <= units.unitOf(range.end() - 1); u++) {
            units.grant[u] = NO_GRANT;
            units.releaseIfEmpty(u, seq);
            if (!units.isFree(u) && tailFrom >= units.start(u) && tailFrom < units.end(u)) {
                units.tail[u] = tailFrom;
            }
        }
    }

    /**
     * Closes the grant of a writer that is gone (its node expelled): what it left unused, from
     * the cache line past its committed frames to the grant's end, is retired at {@code atCount}
     * like a dropped frame, not freed. The writer may only be paused and still write there when
     * it resumes, so those bytes are reused only after the quarantine, as any retired range. The
     * unit where its committed frames end returns with them.
     *
     * @param id the grant to close
     * @param seq the sequence number of the closing record
     * @param atCount the commit count after the closing record
     * @throws SpaceConflictException if the grant is not open
     */
    public void retireGrant(long id, long seq, long atCount) {
        OpenGrant open = grants.get(id);
        if (open == null) {
            throw new SpaceConflictException("grant not open: grant=" + id);
        }
        Extent range = open.grant.range();
        long from = Math.max(range.offset(), SpaceLayout.alignUp(open.used, SpaceLayout.FRAME_ALIGNMENT));
        if (from < range.end()) {
            Extent unused = new Extent(range.pool(), from, range.end() - from);
            restoreRetired(new RetiredExtent(unused, atCount, RetiredExtent.NOT_YET));
        }
        grants.remove(id);
        Units units = units(range);
        for (int u = units.unitOf(range.offset()); u <= units.unitOf(range.end() - 1); u++) {
            units.grant[u] = NO_GRANT;
            units.releaseIfEmpty(u, seq);
        }
    }

    /**
     * Records a committed frame (or schema frame, or checkpoint): its units hold it until it is
     * retired and freed.
     *
     * @param frame the frame's bytes, inside a pool and, if it was written into a grant, inside it
     * @param grant the grant it was written into, whose used mark moves past it
     * @throws SpaceConflictException if the frame lies outside the pool or the grant
     */
    public void use(Extent frame, long grant) {
        OpenGrant open = grants.get(grant);
        if (open == null) {
            throw new SpaceConflictException("frame in a grant that is not open: grant=" + grant + " " + frame);
        }
        if (!contains(open.grant.range(), frame)) {
            throw new SpaceConflictException(
                    "frame outside its grant: grant=" + grant + " " + frame + " granted=" + open.grant.range());
        }
        open.used = Math.max(open.used, frame.end());
        Units units = units(frame);
        units.each(frame, u -> units.live[u]++);
        units.liveBytes += SpaceLayout.footprint(frame.length());
    }

    /**
     * Records a frame that was live before this ledger's first record (a checkpoint's frames):
     * like {@link #use}, with no grant.
     *
     * @param frame the frame's bytes, inside a pool
     */
    public void restoreLive(Extent frame) {
        Units units = units(frame);
        units.each(frame, u -> units.live[u]++);
        units.liveBytes += SpaceLayout.footprint(frame.length());
    }

    /**
     * Retires a live frame at commit count {@code atCount}: snapshots older than that may still
     * read it, so its units stay held until {@link #quarantine} and {@link #free}.
     *
     * @param frame a live frame's bytes
     * @param atCount the commit count after the retiring commit
     */
    public void retire(Extent frame, long atCount) {
        Units units = units(frame);
        units.each(frame, u -> {
            units.live[u]--;
            units.held[u]++;
        });
        units.liveBytes -= SpaceLayout.footprint(frame.length());
        units.retiredBytes += SpaceLayout.footprint(frame.length());
        retired.add(new RetiredExtent(frame, atCount, RetiredExtent.NOT_YET));
        retiredExtents.add(frame);
    }

    /**
     * Quarantines every retired range retired at or below {@code bound}: no host reads a
     * snapshot that old any more.
     *
     * @param bound the lowest commit count any live host may still read
     * @param seq the sequence number of the quarantining record
     * @return the number of ranges quarantined
     */
    public int quarantine(long bound, long seq) {
        int moved = 0;
        for (int i = 0; i < retired.size(); i++) {
            RetiredExtent r = retired.get(i);
            if (!r.quarantined() && r.retiredAt() <= bound) {
                retired.set(i, r.quarantine(seq));
                Units units = units(r.extent());
                units.retiredBytes -= SpaceLayout.footprint(r.extent().length());
                units.quarantinedBytes += SpaceLayout.footprint(r.extent().length());
                moved++;
            }
        }
        return moved;
    }

    /**
     * Frees every range quarantined by a record at or below {@code quarantineSeq}; units left
     * holding nothing become free, one generation up.
     *
     * @param quarantineSeq the newest quarantining record whose quarantine has passed
     * @param seq the sequence number of the freeing record: the units' place in the reuse order
     * @return the number of ranges freed
     */
    public int free(long quarantineSeq, long seq) {
        int freed = 0;
        for (Iterator<RetiredExtent> it = retired.iterator(); it.hasNext(); ) {
            RetiredExtent r = it.next();
            if (r.quarantined() && r.quarantinedAt() <= quarantineSeq) {
                it.remove();
                retiredExtents.remove(r.extent());
                Units units = units(r.extent());
                units.quarantinedBytes -= SpaceLayout.footprint(r.extent().length());
                units.each(r.extent(), u -> {
                    units.held[u]--;
                    units.releaseIfEmpty(u, seq);
                });
                freed++;
            }
        }
        return freed;
    }

    /**
     * The free range best used next for {@code bytes}: the smallest free unit tail that holds
     * it, else the run of whole free units freed longest ago (never-used units count as oldest),
     * so that a slow reader of recently freed memory is the least likely to meet new data.
     *
     * @param bytes the bytes the run must hold; positive
     * @return a unit's tail, or a run of whole units; empty if no pool has room
     */
    public Optional<Extent> findFree(long bytes) {
        Optional<Extent> tail = findTail(bytes);
        if (tail.isPresent()) {
            return tail;
        }
        Extent best = null;
        long bestAge = Long.MAX_VALUE;
        for (Units units : pools.values()) {
            int unitSize = units.pool.unitSize();
            long need = SpaceLayout.alignUp(bytes, unitSize) / unitSize;
            if (need > units.pool.units()) {
                continue;
            }
            int run = 0;
            for (int u = 0; u < units.pool.units(); u++) {
                run = units.isFree(u) ? run + 1 : 0;
                if (run >= need) {
                    int start = u - (int) need + 1;
                    long runAge = maxFreedAt(units, start, (int) need);
                    if (runAge < bestAge) {
                        bestAge = runAge;
                        best = new Extent(units.pool.id(), (long) start * unitSize, need * unitSize);
                    }
                    run = 0; // next candidate starts after this run
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * {@return how many units overlapping {@code extent} are free: 0 for every range a live frame holds}
     *
     * @param extent a range inside a pool the ledger has
     */
    public int freeUnitsUnder(Extent extent) {
        Units units = units(extent);
        int[] free = {0};
        units.each(extent, u -> free[0] += units.isFree(u) ? 1 : 0);
        return free[0];
    }

    /** The smallest free tail of a unit that holds {@code bytes}, if any. */
    private Optional<Extent> findTail(long bytes) {
        Extent best = null;
        for (Units units : pools.values()) {
            for (int u = 0; u < units.pool.units(); u++) {
                long room = units.tailRoom(u);
                if (room >= bytes && (best == null || room < best.length())) {
                    best = new Extent(units.pool.id(), units.tail[u], room);
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@return where every byte of every pool is} */
    public SpaceReport report() {
        Map<Integer, Long> granted = new HashMap<>();
        for (OpenGrant open : grants.values()) {
            long unused =
                    Math.max(0, open.grant.range().end() - SpaceLayout.alignUp(open.used, SpaceLayout.FRAME_ALIGNMENT));
            granted.merge(open.grant.range().pool(), unused, Long::sum);
        }
        List<SpaceReport.PoolSpace> lines = new ArrayList<>();
        for (Units units : pools.values()) {
            long free = 0;
            for (int u = 0; u < units.pool.units(); u++) {
                free += units.isFree(u) ? units.pool.unitSize() : units.tailRoom(u);
            }
            long grantedBytes = granted.getOrDefault(units.pool.id(), 0L);
            long accounted = units.liveBytes + units.retiredBytes + units.quarantinedBytes + free + grantedBytes;
            lines.add(new SpaceReport.PoolSpace(
                    units.pool.id(),
                    units.pool.size(),
                    units.liveBytes,
                    units.retiredBytes,
                    units.quarantinedBytes,
                    free,
                    grantedBytes,
                    units.pool.size() - accounted));
        }
        return new SpaceReport(lines);
    }

    /** {@return the retired ranges not yet freed, oldest first, each with where it is in the reclaim pipeline} */
    public List<RetiredExtent> retired() {
        return List.copyOf(retired);
    }

    /**
     * {@return how far into open grant {@code id} committed frames reach}
     *
     * @param id an open grant's id
     * @throws SpaceConflictException if the grant is not open
     */
    public long used(long id) {
        OpenGrant open = grants.get(id);
        if (open == null) {
            throw new SpaceConflictException("grant not open: grant=" + id);
        }
        return open.used;
    }

    /**
     * {@return every run of units whose generation or free order is not a new pool's, in pool and unit order}
     */
    public List<UnitGenerations> generations() {
        List<UnitGenerations> runs = new ArrayList<>();
        for (Units units : pools.values()) {
            int start = 0;
            for (int u = 1; u <= units.pool.units(); u++) {
                boolean ends = u == units.pool.units()
                        || units.generation[u] != units.generation[start]
                        || units.freedAt[u] != units.freedAt[start]
                        || units.tail[u] != NO_TAIL
                        || units.tail[start] != NO_TAIL;
                if (ends) {
                    if (units.generation[start] != 0
                            || units.freedAt[start] != Long.MIN_VALUE
                            || units.tail[start] != NO_TAIL) {
                        runs.add(new UnitGenerations(
                                units.pool.id(),
                                start,
                                u - start,
                                units.generation[start],
                                units.freedAt[start],
                                units.tail[start]));
                    }
                    start = u;
                }
            }
        }
        return runs;
    }

    /**
     * Restores a run of units' generation and free order, from a checkpoint.
     *
     * @param run the units, in a pool the ledger has
     * @throws SpaceConflictException if the run lies outside its pool
     */
    public void restoreGenerations(UnitGenerations run) {
        Units units = pools.get(run.pool());
        if (units == null || run.first() < 0 || run.count() <= 0 || run.first() > units.pool.units() - run.count()) {
            throw new SpaceConflictException("unit run outside its pool: " + run);
        }
        if (run.tail() != NO_TAIL
                && (run.count() != 1
                        || run.tail() < units.start(run.first())
                        || run.tail() >= units.end(run.first()))) {
            throw new SpaceConflictException("unit tail outside its unit: " + run);
        }
        for (int u = run.first(); u < run.first() + run.count(); u++) {
            units.generation[u] = run.generation();
            units.freedAt[u] = run.freedAt();
            units.tail[u] = run.tail();
        }
    }

    /**
     * Restores an open grant and its used mark, from a checkpoint; its units keep the generation
     * {@link #restoreGenerations} gave them.
     *
     * @param grant the grant
     * @param used how far into it committed frames reach
     * @throws SpaceConflictException if its units are not free
     */
    public void restoreGrant(Grant grant, long used) {
        if (grants.containsKey(grant.id())
                || used < grant.range().offset()
                || used > grant.range().end()) {
            throw new SpaceConflictException("grant restored inconsistently: grant=" + grant.id() + " used=" + used);
        }
        install(units(grant.range()), grant, used);
    }

    /**
     * Restores a retired range, from a checkpoint: its units are held until it is freed.
     *
     * @param range the range and its place in the reclaim pipeline
     */
    public void restoreRetired(RetiredExtent range) {
        Units units = units(range.extent());
        units.each(range.extent(), u -> units.held[u]++);
        if (range.quarantined()) {
            units.quarantinedBytes += SpaceLayout.footprint(range.extent().length());
        } else {
            units.retiredBytes += SpaceLayout.footprint(range.extent().length());
        }
        retired.add(range);
        retiredExtents.add(range.extent());
    }

    /**
     * When a frame written into units of {@code generation} was retired, if it was and is not
     * freed yet.
     *
     * @param frame the frame's bytes
     * @param generation the generation of the units it was written into
     * @return the commit count after the retiring commit; empty if the frame is live, freed or unknown
     */
    public OptionalLong retiredAt(Extent frame, int generation) {
        if (!retiredExtents.contains(frame) || !hasGeneration(frame, generation)) {
            return OptionalLong.empty();
        }
        for (RetiredExtent r : retired) {
            if (r.extent().equals(frame)) {
                return OptionalLong.of(r.retiredAt());
            }
        }
        return OptionalLong.empty();
    }

    /** Whether {@code frame}'s units hold a frame (live or retired) and are of {@code generation}. */
    private boolean hasGeneration(Extent frame, int generation) {
        Optional<Pool> pool = pool(frame.pool());
        if (pool.isEmpty() || !pool.get().contains(frame)) {
            return false;
        }
        Units units = units(frame);
        boolean[] holds = {true};
        units.each(frame, u -> holds[0] &= units.live[u] + units.held[u] > 0 && units.generation[u] == generation);
        return holds[0];
    }

    private static long maxFreedAt(Units units, int start, int count) {
        long age = Long.MIN_VALUE;
        for (int u = start; u < start + count; u++) {
            age = Math.max(age, units.freedAt[u]);
        }
        return age;
    }

    private static boolean contains(Extent outer, Extent inner) {
        return outer.pool() == inner.pool() && inner.offset() >= outer.offset() && inner.end() <= outer.end();
    }

    private Units units(Extent extent) {
        Units units = pools.get(extent.pool());
        if (units == null || !units.pool.contains(extent)) {
            throw new SpaceConflictException("range outside every pool: " + extent
                    + (units == null ? " (no such pool)" : " pool_size=" + units.pool.size()));
        }
        return units;
    }

    /** A grant still open, and how far into it committed frames reach. */
    private static final class OpenGrant {
        final Grant grant;
        long used;

        OpenGrant(Grant grant, long used) {
            this.grant = grant;
            this.used = used;
        }
    }

    /** One pool's units: per unit, its grant, its frames and its generation. */
    private static final class Units {
        final Pool pool;
        final long[] grant;
        /** Live frames overlapping each unit. */
        final int[] live;
        /** Retired or quarantined frames overlapping each unit, not yet freed. */
        final int[] held;

        final int[] generation;
        /** The sequence number of the record that last freed each unit; {@code Long.MIN_VALUE} for never. */
        final long[] freedAt;
        /** Where each unit's free tail starts (a pool offset), or {@link #NO_TAIL}. */
        final long[] tail;

        long liveBytes;
        long retiredBytes;
        long quarantinedBytes;

        Units(Pool pool) {
            this.pool = pool;
            int n = pool.units();
            this.grant = new long[n];
            this.live = new int[n];
            this.held = new int[n];
            this.generation = new int[n];
            this.freedAt = new long[n];
            this.tail = new long[n];
            Arrays.fill(grant, NO_GRANT);
            Arrays.fill(tail, NO_TAIL);
            Arrays.fill(freedAt, Long.MIN_VALUE);
        }

        int unitOf(long offset) {
            return (int) (offset / pool.unitSize());
        }

        boolean isFree(int u) {
            return grant[u] == NO_GRANT && live[u] == 0 && held[u] == 0;
        }

        /** A unit that was in use returns to free, one generation up. */
        void releaseIfEmpty(int u, long seq) {
            if (isFree(u)) {
                generation[u]++;
                freedAt[u] = seq;
                tail[u] = NO_TAIL;
            }
        }

        long start(int u) {
            return (long) u * pool.unitSize();
        }

        long end(int u) {
            return start(u) + pool.unitSize();
        }

        /** Bytes of a unit's free tail that a grant may take now: 0 if it has none or it is granted. */
        long tailRoom(int u) {
            return tail[u] == NO_TAIL || grant[u] != NO_GRANT ? 0 : end(u) - tail[u];
        }

        void each(Extent extent, IntConsumer action) {
            int first = unitOf(extent.offset());
            int last = unitOf(extent.end() - 1);
            for (int u = first; u <= last; u++) {
                action.accept(u);
            }
        }
    }
}
