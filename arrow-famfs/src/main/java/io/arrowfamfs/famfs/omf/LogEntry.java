package io.arrowfamfs.famfs.omf;

import java.util.UUID;

/**
 * One famfs log entry. {@link LogEntries} encodes and decodes them; the records only hold values.
 * {@code seqnum} equals the entry's index in the log.
 */
public sealed interface LogEntry {
    /** {@return the entry's sequence number, equal to its index in the log} */
    long seqnum();

    /**
     * {@code FAMFS_LOG_FILE}: a file of {@code size} bytes at {@code relpath}.
     *
     * @param mode permission bits only, e.g. {@code 0644}
     * @param flags {@code fm_flags}; famfs always writes {@link LogDescriptor#FM_ALL_HOSTS_RW}
     */
    record FileEntry(long seqnum, long size, int flags, int uid, int gid, int mode, String relpath, FileMap map)
            implements LogEntry {}

    /** {@code FAMFS_LOG_MKDIR}: a directory at {@code relpath}. */
    record MkdirEntry(long seqnum, int uid, int gid, int mode, String relpath) implements LogEntry {}

    /** {@code FAMFS_LOG_ADD_DAXDEV} (v48): another device joins at {@code index}. Recorded, not used. */
    record AddDaxdevEntry(long seqnum, long size, UUID uuid, int index) implements LogEntry {}

    /** An entry with a valid CRC but a type famfs does not define or never writes; replay skips it. */
    record UnknownEntry(long seqnum, int type) implements LogEntry {}
}
