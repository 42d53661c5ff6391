package io.arrowfamfs.commitlog;

/**
 * Where a commit log lies in its region, given by the log's owner from its format descriptor.
 *
 * <pre>
 *   counterRange: [counterRangeOffset, counterRangeOffset + counterRangeLength)
 *                 holds the counter (u64 at counterOffset) and whatever else the owner stores
 *                 with it; written back whole after the counter moves, invalidated before it is read
 *   slot i:       [slotsOffset + slotSize * i, + slotSize), i in [0, capacity)
 * </pre>
 *
 * The catalog's counter has its own cache line ({@code [64, 72)}, slots from 4096); famfs's is
 * {@code next_index} inside its 48-byte header, which shares its last line with slot 0 (famfs's
 * layout: harmless, since the master alone writes both and writes each back before announcing it).
 *
 * @param slotsOffset region offset of slot 0
 * @param slotSize bytes per slot
 * @param capacity number of slots
 * @param counterOffset region offset of the u64 count of valid slots (little-endian, 8-byte aligned)
 * @param counterRangeOffset start of the range written back with the counter
 * @param counterRangeLength length of that range
 */
public record CommitLogLayout(
        long slotsOffset,
        int slotSize,
        long capacity,
        long counterOffset,
        long counterRangeOffset,
        int counterRangeLength) {
    /**
     * Checks that the counter is 8-byte aligned (so that its store is one single-copy atomic
     * access: a reader never sees half a count), lies in its range, and that no slot overlaps that
     * range.
     */
    public CommitLogLayout {
        if (slotSize <= 0
                || capacity < 0
                || slotsOffset < 0
                || counterRangeOffset < 0
                || counterOffset % 8 != 0
                || counterOffset < counterRangeOffset
                || counterOffset + 8 > counterRangeOffset + counterRangeLength) {
            throw new IllegalArgumentException("invalid commit log layout: slots_offset=" + slotsOffset + " slot_size="
                    + slotSize + " capacity=" + capacity + " counter_offset=" + counterOffset + " counter_range=["
                    + counterRangeOffset + "," + (counterRangeOffset + counterRangeLength) + ")");
        }
        boolean overlaps = capacity > 0
                && counterRangeOffset < slotOffset(slotsOffset, slotSize, capacity)
                && slotsOffset < counterRangeOffset + counterRangeLength;
        if (overlaps) {
            throw new IllegalArgumentException("invalid commit log layout: slots overlap the counter range: slots=["
                    + slotsOffset + "," + slotOffset(slotsOffset, slotSize, capacity) + ") counter_range=["
                    + counterRangeOffset + "," + (counterRangeOffset + counterRangeLength) + ")");
        }
    }

    /** A counter alone on its cache line at {@code counterOffset}, slots from {@code slotsOffset}. */
    public static CommitLogLayout ownLine(long slotsOffset, int slotSize, long capacity, long counterOffset) {
        return new CommitLogLayout(slotsOffset, slotSize, capacity, counterOffset, counterOffset, 8);
    }

    /** Region offset of slot {@code index}. */
    public long slotOffset(long index) {
        return slotOffset(slotsOffset, slotSize, index);
    }

    /** Region bytes the layout needs: everything up to the end of the last slot and the counter range. */
    public long regionLength() {
        return Math.max(slotOffset(capacity), counterRangeOffset + counterRangeLength);
    }

    private static long slotOffset(long slotsOffset, int slotSize, long index) {
        return slotsOffset + (long) slotSize * index;
    }
}
