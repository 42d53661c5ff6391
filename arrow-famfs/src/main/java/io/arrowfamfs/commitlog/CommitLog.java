package io.arrowfamfs.commitlog;

import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import java.util.List;

/**
 * Fixed slots and a count of the valid ones in shared memory: append records, read the count,
 * read a slot. The only step that makes records visible is one store of the count.
 *
 * <p><b>Append</b> of n records at count c (one writer at a time; the slots from c on are
 * invisible to readers, so writing them cannot disturb anyone):
 * <ol>
 *   <li>copy record k into slot c + k, for every k;
 *   <li>write each slot back and fence ({@link MappedRegion#writeBack}: CLWB/CLFLUSHOPT/CLFLUSH
 *       + SFENCE per line on non-coherent memory, a fence on coherent memory): the records reach
 *       shared memory before anything announces them;
 *   <li>if the region is on disk, {@code msync} the slots, so storage never holds a count ahead
 *       of its records either;
 *   <li>the owner's extra stores, if any, in its order ({@link CounterStores}: famfs stores
 *       {@code next_seqnum} here);
 *   <li>store c + n into the counter with release ordering: a reader that loads it with acquire
 *       ordering also sees steps 1 and 4;
 *   <li>write the counter range back and fence, and {@code msync} it on disk.
 * </ol>
 * A writer killed before step 5 leaves slots past the count that no reader reads (the owner's
 * fsck may note them); killed after it, a complete append. Several records move the count in
 * one store: readers see all of them or none.
 *
 * <p><b>Read</b>: {@link #count()} invalidates the counter range, then loads the counter with
 * acquire ordering; {@link #readSlot} invalidates the slot, then copies it. Only slots below a
 * count read that way are complete, and a copy is what the owner validates (CRC, sequence
 * number): never live memory, which a writer on another host may change under the check.
 *
 * <p>Stateless beyond its layout; the region is the owner's and must outlive this object.
 */
public final class CommitLog {
    private final MappedRegion region;
    private final CommitLogLayout layout;
    private final CachePolicy policy;
    private final boolean persistent;
    private final String resource;

    /**
     * A log over {@code region} laid out as {@code layout}.
     *
     * @param region the shared mapping holding the counter range and the slots; the owner's, and
     *     it must outlive this log
     * @param layout where the counter and the slots lie in {@code region}
     * @param policy the memory's coherence (what write-back and invalidate do)
     * @param persistent true when the region is backed by storage that needs {@code msync}
     * @param resource what the log is, for error messages
     * @throws IllegalArgumentException if {@code region} is shorter than {@code layout} needs
     */
    public CommitLog(
            MappedRegion region, CommitLogLayout layout, CachePolicy policy, boolean persistent, String resource) {
        if (region.length() < layout.regionLength()) {
            throw new IllegalArgumentException("commit log region too small: log=" + resource + " length="
                    + region.length() + " needed=" + layout.regionLength());
        }
        this.region = region;
        this.layout = layout;
        this.policy = policy;
        this.persistent = persistent;
        this.resource = resource;
    }

    /** {@return the number of slots: the most records the log can ever hold, or a ring holds at once} */
    public long capacity() {
        return layout.capacity();
    }

    /**
     * The count of valid slots, read after dropping this host's cached copy, with acquire ordering.
     *
     * @return how many slots, from slot 0, hold complete records; every slot below it may be read
     */
    public long count() {
        region.invalidate(layout.counterRangeOffset(), layout.counterRangeLength(), policy);
        return region.getLongAcquire(layout.counterOffset());
    }

    /**
     * A copy of slot {@code index}, read after dropping this host's cached copy; the caller validates it.
     *
     * @param index the slot to read, in {@code [0, capacity)} (in a ring, the record's index, any from
     *     0); only records below {@link #count()} are complete, and in a ring only the last capacity of them
     * @return a fresh array of exactly one slot's bytes
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     */
    public byte[] readSlot(long index) {
        checkIndex(index);
        long offset = layout.slotOffset(index);
        region.invalidate(offset, layout.slotSize(), policy);
        return region.copyOf(offset, layout.slotSize());
    }

    /**
     * {@link #append(long, List, CounterStores)} with no extra stores.
     *
     * @param count the count the writer read, under its own lock
     * @param records the records to append, each exactly one slot; not empty
     * @return the new count, {@code count + records.size()}
     * @throws CommitLogFullException if the records do not fit
     * @throws CommitLogConflictException if the stored count is not {@code count}
     */
    public long append(long count, List<byte[]> records) {
        return append(count, records, CounterStores.NONE);
    }

    /**
     * Appends {@code records} at {@code count} (the count the writer read, under its own lock) in
     * the six steps above; returns the new count. Each record is exactly one slot.
     *
     * @param count the count the writer read, under its own lock
     * @param records the records to append, in order, each exactly one slot; an empty list is
     *     refused as full
     * @param extra the owner's stores into the counter range before the count moves (step 4), or
     *     {@link CounterStores#NONE}
     * @return the new count, {@code count + records.size()}
     * @throws CommitLogFullException if the records do not fit
     * @throws CommitLogConflictException if the stored count is not {@code count}: another writer
     *     appended without the owner's lock, and writing would overwrite its records
     * @throws IllegalArgumentException if a record is not exactly one slot long
     */
    public long append(long count, List<byte[]> records, CounterStores extra) {
        long next = count + records.size();
        long limit = layout.ring() ? count + layout.capacity() : layout.capacity();
        if (records.isEmpty() || count < 0 || next > limit) {
            throw new CommitLogFullException("commit log full: log=" + resource + " count=" + count + " records="
                    + records.size() + " capacity=" + layout.capacity());
        }
        long stored = region.getLongAcquire(layout.counterOffset());
        if (stored != count) {
            throw new CommitLogConflictException("commit log moved under its writer: log=" + resource
                    + " expected_count=" + count + " actual_count=" + stored);
        }
        for (byte[] record : records) {
            if (record.length != layout.slotSize()) {
                throw new IllegalArgumentException("commit record size mismatch: log=" + resource + " actual="
                        + record.length + " expected=" + layout.slotSize());
            }
        }
        for (int k = 0; k < records.size(); k++) {
            region.putBytes(layout.slotOffset(count + k), records.get(k), 0, layout.slotSize());
        }
        writeBackSlots(count, next);
        extra.store(region, next);
        publish(next);
        return next;
    }

    /**
     * Steps 5 and 6 alone: stores {@code count} (release) and writes the counter range back. For
     * an owner finishing an append its writer left half done (famfs's repair), after it checked
     * the slots below {@code count}.
     *
     * @param count the new count of valid slots; every slot below it must already hold a complete record
     */
    public void publish(long count) {
        region.putLongRelease(layout.counterOffset(), count);
        region.writeBack(layout.counterRangeOffset(), layout.counterRangeLength(), policy);
        if (persistent) {
            region.sync(layout.counterRangeOffset(), layout.counterRangeLength());
        }
    }

    /** Step 2 (and 3) for records {@code [from, to)}: one range, or two where a ring wraps. */
    private void writeBackSlots(long from, long to) {
        long at = from;
        while (at < to) {
            long first = layout.slotOffset(at);
            long slotsLeft = layout.ring() ? layout.capacity() - Math.floorMod(at, layout.capacity()) : to - at;
            long run = Math.min(to - at, slotsLeft);
            long length = run * layout.slotSize();
            region.writeBack(first, length, policy);
            if (persistent) {
                region.sync(first, length);
            }
            at += run;
        }
    }

    private void checkIndex(long index) {
        if (index < 0 || (!layout.ring() && index >= layout.capacity())) {
            throw new IndexOutOfBoundsException("commit log slot out of range: log=" + resource + " index=" + index
                    + " capacity=" + layout.capacity());
        }
    }

    /**
     * Stores an owner makes in the counter range before the counter itself (step 4), in the order
     * its format requires. They must not move the counter.
     */
    @FunctionalInterface
    public interface CounterStores {
        /** No extra stores. */
        CounterStores NONE = (region, newCount) -> {};

        /**
         * Makes the owner's stores into {@code region}; {@code newCount} is the count about to be stored.
         *
         * @param region the log's region; store only inside the counter range, never the counter
         * @param newCount the count about to be stored
         */
        void store(MappedRegion region, long newCount);
    }
}
