package io.arrowfamfs.space;

import java.util.List;

/**
 * Where the bytes of the pools are, as of one catalog version: every byte of every pool is in
 * exactly one category.
 *
 * @param pools one line per pool, by id
 */
public record SpaceReport(List<PoolSpace> pools) {
    /**
     * Copies the list.
     *
     * @param pools one line per pool, by id
     */
    public SpaceReport {
        pools = List.copyOf(pools);
    }

    /** {@return every pool's bytes added up} */
    public PoolSpace total() {
        PoolSpace sum = new PoolSpace(-1, 0, 0, 0, 0, 0, 0, 0);
        for (PoolSpace pool : pools) {
            sum = sum.plus(pool);
        }
        return sum;
    }

    /**
     * One pool's bytes by category. Frames count up to the cache line they end in: the next
     * frame starts on the next line, so those bytes are theirs.
     *
     * @param pool the pool's id ({@code -1} for a total)
     * @param size the pool's bytes
     * @param live bytes of frames live tables name
     * @param retired bytes of retired frames some host may still read (waiting for readers to leave)
     * @param quarantined bytes of retired frames no host reads, waiting out the quarantine
     * @param free bytes in free units, reusable now
     * @param granted bytes granted to writers and not yet used by a committed frame
     * @param orphaned the rest: bytes written or set aside and never published (a writer stopped
     *     between writing and committing, alignment, the unused tail of a closed grant's last unit)
     */
    public record PoolSpace(
            int pool, long size, long live, long retired, long quarantined, long free, long granted, long orphaned) {
        PoolSpace plus(PoolSpace other) {
            return new PoolSpace(
                    pool,
                    size + other.size,
                    live + other.live,
                    retired + other.retired,
                    quarantined + other.quarantined,
                    free + other.free,
                    granted + other.granted,
                    orphaned + other.orphaned);
        }
    }
}
