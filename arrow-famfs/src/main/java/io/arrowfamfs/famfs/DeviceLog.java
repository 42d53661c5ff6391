package io.arrowfamfs.famfs;

import static io.arrowfamfs.famfs.omf.LogDescriptor.*;

import io.arrowfamfs.commitlog.CommitLog;
import io.arrowfamfs.commitlog.CommitLogLayout;
import io.arrowfamfs.famfs.omf.CorruptMetadataException;
import io.arrowfamfs.famfs.omf.LogEntries;
import io.arrowfamfs.famfs.omf.LogEntry;
import io.arrowfamfs.famfs.omf.LogHeader;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The famfs log in a mapped region, as a {@link CommitLog}: entries are the slots (544 bytes
 * from log offset 48), {@code next_index} is the counter, and the 48-byte header is the range
 * written back with it. Reads validated copies of the header and entries, appends, repairs, and
 * writes mkfs's initial log.
 *
 * <p>Append, called by the master with the log lock held (the publication protocol; bytes and
 * stores are famfs's own, in famfs's order):
 * <ol>
 *   <li>Copy the 544 encoded bytes (seqnum = next_index, CRC over [0,536)) into slot next_index.
 *       The slot is after the valid entries, so no reader looks at it yet.
 *   <li>Write the slot back and fence ({@link CachePolicy}); {@code msync} it on a disk device.
 *   <li>Store next_seqnum + 1 (release, so that a reader who sees it sees the entry), then
 *       next_index + 1 (release): a reader that loads the new next_index (acquire) sees the entry.
 *   <li>Write the header back and fence ({@code msync} on disk).
 * </ol>
 * famfs instead writes back the whole log after step 3 and relies on the entry CRC to reject a
 * header that became visible first; the bytes on the media are the same, our order is stricter.
 * A writer killed before step 3 leaves an uncounted slot that every reader ignores (fsck notes
 * it); killed between the two counter stores, it leaves next_seqnum ahead of next_index, which
 * readers accept (entries below next_index are complete) and the master's next append repairs:
 * see {@link #repair}.
 */
final class DeviceLog {
    private final MappedRegion region;
    private final long logLength;
    private final CommitLog log;

    DeviceLog(MappedRegion region, long logLength, CachePolicy policy, boolean persistent, String resource) {
        this.region = region;
        this.logLength = logLength;
        this.log = new CommitLog(region, layout(logLength), policy, persistent, resource);
    }

    /** famfs's log as a commit log: entry slots after the header, next_index counting them. */
    static CommitLogLayout layout(long logLength) {
        return new CommitLogLayout(
                HEADER_SIZE, ENTRY_SIZE, capacity(logLength), HEADER_NEXT_INDEX_OFFSET, 0, HEADER_SIZE);
    }

    /** mkfs: a zeroed log with an empty header, written back whole (famfs's order: log, then superblock). */
    static void format(MappedRegion region, long logLength, CachePolicy policy) {
        region.fill(0, logLength, (byte) 0);
        byte[] header = LogHeader.empty(logLength).encode();
        region.putBytes(0, header, 0, header.length);
        region.writeBack(0, logLength, policy);
    }

    /**
     * A validated copy of the header, read after dropping this host's cached copy. The counters
     * are read next_index (acquire), next_seqnum (acquire), next_index again: a writer that
     * appended meanwhile makes the two next_index reads differ, and the header is read again, so
     * a header is never assembled from two appends.
     */
    LogHeader readHeader() {
        while (true) {
            long nextIndex = log.count();
            long nextSeqnum = region.getLongAcquire(HEADER_NEXT_SEQNUM_OFFSET);
            byte[] copy = region.copyOf(0, HEADER_SIZE);
            if (region.getLongAcquire(HEADER_NEXT_INDEX_OFFSET) == nextIndex) {
                ByteBuffer.wrap(copy)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(HEADER_NEXT_SEQNUM_OFFSET, nextSeqnum)
                        .putLong(HEADER_NEXT_INDEX_OFFSET, nextIndex);
                return LogHeader.decode(copy, logLength);
            }
            Thread.onSpinWait();
        }
    }

    /** A copy of entry {@code index}'s raw bytes, for {@link LogEntries#checkIntegrity} and decoding. */
    byte[] readEntry(long index) {
        return log.readSlot(index);
    }

    /** Appends {@code entry} at slot {@code header.nextIndex()}; returns its encoded bytes. */
    byte[] append(LogHeader header, LogEntry entry) {
        long index = header.nextIndex();
        if (entry.seqnum() != index) {
            throw new IllegalArgumentException(
                    "entry seqnum mismatch: actual=" + entry.seqnum() + " expected=" + index + " (next_index)");
        }
        byte[] bytes = LogEntries.encode(entry);
        log.append(index, List.of(bytes), (r, nextIndex) -> r.putLongRelease(HEADER_NEXT_SEQNUM_OFFSET, nextIndex));
        return bytes;
    }

    /**
     * Master only, with the lock held: finishes an append whose writer died between its two
     * counter stores ({@link LogHeader#interruptedAppend()}). The entry was written back before
     * either counter moved, so if it is intact it is complete and gets counted (next_index
     * published as in an append); otherwise next_seqnum is rolled back (release) and next_index
     * published again, unchanged, which writes the header back. Returns the repaired header.
     */
    LogHeader repair(LogHeader header) {
        long index = header.nextIndex();
        boolean intact;
        try {
            LogEntries.checkIntegrity(readEntry(index), index);
            intact = true;
        } catch (CorruptMetadataException e) {
            intact = false;
        }
        if (intact) {
            log.publish(index + 1);
        } else {
            region.putLongRelease(HEADER_NEXT_SEQNUM_OFFSET, index);
            log.publish(index);
        }
        return readHeader();
    }

    /** True when slot {@code index}, past the last counted entry, holds anything but zeros. */
    boolean slotDirty(long index) {
        byte[] bytes = readEntry(index);
        for (byte b : bytes) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }
}
