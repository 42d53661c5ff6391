package io.arrowfamfs.famfs;

import static io.arrowfamfs.famfs.omf.LogDescriptor.*;

import io.arrowfamfs.famfs.omf.CorruptMetadataException;
import io.arrowfamfs.famfs.omf.LogEntries;
import io.arrowfamfs.famfs.omf.LogEntry;
import io.arrowfamfs.famfs.omf.LogHeader;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;

/**
 * The famfs log in a mapped region: reading validated copies of the header and entries, the
 * append protocol, and mkfs's initial log.
 *
 * <p>Append, called by the master with the log lock held (the publication protocol):
 * <ol>
 *   <li>Copy the 544 encoded bytes (seqnum = next_index, CRC over [0,536)) into slot next_index.
 *       The slot is after the valid entries, so no reader looks at it yet.
 *   <li>Write the slot back and fence ({@link CachePolicy#writeBack}): the entry reaches shared
 *       memory before any counter that announces it.
 *   <li>Store next_seqnum + 1, then next_index + 1 with release ordering: a reader that loads
 *       the new next_index (acquire) sees the entry. These are famfs's own stores, in famfs's
 *       order.
 *   <li>Write the header back and fence.
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
    private final CachePolicy policy;

    DeviceLog(MappedRegion region, long logLength, CachePolicy policy) {
        this.region = region;
        this.logLength = logLength;
        this.policy = policy;
    }

    /** mkfs: a zeroed log with an empty header, written back whole (famfs's order: log, then superblock). */
    static void format(MappedRegion region, long logLength, CachePolicy policy) {
        region.fill(0, logLength, (byte) 0);
        byte[] header = LogHeader.empty(logLength).encode();
        region.putBytes(0, header, 0, header.length);
        region.writeBack(0, logLength, policy);
    }

    /** A validated copy of the header, read after dropping this host's cached copy. */
    LogHeader readHeader() {
        region.invalidate(0, HEADER_SIZE, policy);
        return LogHeader.decode(region.copyOf(0, HEADER_SIZE), logLength);
    }

    /** A copy of entry {@code index}'s raw bytes, for {@link LogEntries#checkIntegrity} and decoding. */
    byte[] readEntry(long index) {
        long offset = entryOffset(index);
        region.invalidate(offset, ENTRY_SIZE, policy);
        return region.copyOf(offset, ENTRY_SIZE);
    }

    /** Appends {@code entry} at slot {@code header.nextIndex()}; returns its encoded bytes. */
    byte[] append(LogHeader header, LogEntry entry) {
        long index = header.nextIndex();
        if (entry.seqnum() != index) {
            throw new IllegalArgumentException("entry seqnum " + entry.seqnum() + " is not next_index " + index);
        }
        byte[] bytes = LogEntries.encode(entry);
        long offset = entryOffset(index);
        region.putBytes(offset, bytes, 0, bytes.length);
        region.writeBack(offset, ENTRY_SIZE, policy);
        region.putLong(HEADER_NEXT_SEQNUM_OFFSET, index + 1);
        region.putLongRelease(HEADER_NEXT_INDEX_OFFSET, index + 1);
        region.writeBack(0, HEADER_SIZE, policy);
        return bytes;
    }

    /**
     * Master only, with the lock held: finishes an append whose writer died between its two
     * counter stores ({@link LogHeader#interruptedAppend()}). The entry was written back before
     * either counter moved, so if it is intact it is complete and gets counted; otherwise
     * next_seqnum is rolled back. Returns the repaired header.
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
            region.putLongRelease(HEADER_NEXT_INDEX_OFFSET, index + 1);
        } else {
            region.putLongRelease(HEADER_NEXT_SEQNUM_OFFSET, index);
        }
        region.writeBack(0, HEADER_SIZE, policy);
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

    /** Persists the log to the storage behind an emulated device that is not memory. */
    void sync() {
        region.sync(0, logLength);
    }
}
