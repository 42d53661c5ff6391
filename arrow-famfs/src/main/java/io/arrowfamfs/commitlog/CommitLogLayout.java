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
 * A <b>ring</b> ({@link #ring}) has no last slot: record {@code i} lives in slot {@code i mod
 * capacity}, and the owner keeps what the ring overwrites elsewhere (the catalog's checkpoints)
 * before it laps a reader. Each record carries its own sequence number, so a reader that was
 * lapped sees a number it did not expect, never a wrong record.
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
 * @param ring true when record i lives in slot i mod capacity, with no end to the count
 */
public record CommitLogLayout(
        long slotsOffset,
        int slotSize,
        long capacity,
        long counterOffset,
        long counterRangeOffset,
        int counterRangeLength,
        boolean ring) {
    /**
     * Checks that the counter is 8-byte aligned (so that its store is one single-copy atomic
     * access: a reader never sees half a count), lies in its range, and that no slot overlaps that
     * range.
     *
     * @param slotsOffset region offset of slot 0, in bytes; not negative
     * @param slotSize bytes per slot; positive
     * @param capacity number of slots; not negative (0 makes a log that is always full)
     * @param counterOffset region offset of the u64 count of valid slots; a multiple of 8
     * @param counterRangeOffset start of the range written back with the counter, in bytes; not negative
     * @param counterRangeLength length in bytes of that range, which must hold the whole counter
     * @param ring true when record i lives in slot i mod capacity (then capacity must be positive)
     * @throws IllegalArgumentException if a value is out of range, the counter is misaligned or
     *     outside its range, or the slots overlap the counter range
     */
    public CommitLogLayout {
        if (ring && capacity <= 0) {
            throw new IllegalArgumentException("invalid commit log layout: a ring needs slots: capacity=" + capacity);
        }
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

    /**
     * A counter alone on its cache line at {@code counterOffset}, slots from {@code slotsOffset}:
     * the counter range is the counter's 8 bytes only.
     *
     * @param slotsOffset region offset of slot 0, in bytes
     * @param slotSize bytes per slot
     * @param capacity number of slots
     * @param counterOffset region offset of the u64 count of valid slots; a multiple of 8, outside the slots
     * @return the checked layout
     * @throws IllegalArgumentException if the values do not make a valid layout
     */
    public static CommitLogLayout ownLine(long slotsOffset, int slotSize, long capacity, long counterOffset) {
        return new CommitLogLayout(slotsOffset, slotSize, capacity, counterOffset, counterOffset, 8, false);
    }

    /**
     * A fixed log (not a ring) whose counter range may hold more than the counter.
     *
     * @param slotsOffset region offset of slot 0, in bytes; not negative
     * @param slotSize bytes per slot; positive
     * @param capacity number of slots; not negative
     * @param counterOffset region offset of the u64 count of valid slots; a multiple of 8
     * @param counterRangeOffset start of the range written back with the counter, in bytes
     * @param counterRangeLength length in bytes of that range, which must hold the whole counter
     * @throws IllegalArgumentException if the values do not make a valid layout
     */
    public CommitLogLayout(
            long slotsOffset,
            int slotSize,
            long capacity,
            long counterOffset,
            long counterRangeOffset,
            int counterRangeLength) {
        this(slotsOffset, slotSize, capacity, counterOffset, counterRangeOffset, counterRangeLength, false);
    }

    /**
     * A ring of {@code capacity} slots from {@code slotsOffset}, its counter alone on its cache line.
     *
     * @param slotsOffset region offset of slot 0, in bytes
     * @param slotSize bytes per slot
     * @param capacity number of slots; positive
     * @param counterOffset region offset of the u64 count of records ever appended; a multiple of 8, outside the slots
     * @return the checked layout
     * @throws IllegalArgumentException if the values do not make a valid layout
     */
    public static CommitLogLayout ring(long slotsOffset, int slotSize, long capacity, long counterOffset) {
        return new CommitLogLayout(slotsOffset, slotSize, capacity, counterOffset, counterOffset, 8, true);
    }

    /**
     * Region offset of the slot holding record {@code index}.
     *
     * @param index the record's index, normally in {@code [0, capacity)} ({@code capacity} gives the
     *     end of the slots); in a ring, any index from 0, which lives in slot {@code index mod capacity}
     * @return the byte offset of the slot's start in the region
     */
    public long slotOffset(long index) {
        return slotOffset(slotsOffset, slotSize, ring ? Math.floorMod(index, capacity) : index);
    }

    /** {@return the region bytes the layout needs: everything up to the end of the last slot and the counter range} */
    public long regionLength() {
        return Math.max(slotOffset(slotsOffset, slotSize, capacity), counterRangeOffset + counterRangeLength);
    }

    private static long slotOffset(long slotsOffset, int slotSize, long index) {
        return slotsOffset + (long) slotSize * index;
    }
}
