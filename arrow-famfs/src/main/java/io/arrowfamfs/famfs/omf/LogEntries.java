package io.arrowfamfs.famfs.omf;

import static io.arrowfamfs.famfs.omf.LogDescriptor.*;

import io.arrowfamfs.famfs.omf.LogEntry.AddDaxdevEntry;
import io.arrowfamfs.famfs.omf.LogEntry.FileEntry;
import io.arrowfamfs.famfs.omf.LogEntry.MkdirEntry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Codec for 544-byte famfs log entries. Encoding starts from zeroed bytes, so padding, unused
 * extent slots and unused union bytes are zero as in famfs and the CRC matches famfs's.
 * Decoding is in two steps, as in famfs: {@link #checkIntegrity} (CRC and seqnum: a failure
 * stops replay) and {@link #decode} (contents: a failure skips the entry).
 */
public final class LogEntries {
    private LogEntries() {}

    /**
     * Encodes an entry of a type famfs writes, CRC included.
     *
     * @param entry a file, mkdir or add-daxdev entry
     * @return the entry's {@link LogDescriptor#ENTRY_SIZE} bytes
     */
    public static byte[] encode(LogEntry entry) {
        byte[] bytes = new byte[ENTRY_SIZE];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(ENTRY_SEQNUM_OFFSET, entry.seqnum());
        if (entry instanceof FileEntry file) {
            b.putInt(ENTRY_TYPE_OFFSET, TYPE_FILE);
            b.putLong(FILE_SIZE_OFFSET, file.size());
            b.putInt(FILE_FLAGS_OFFSET, file.flags());
            b.putInt(FILE_UID_OFFSET, file.uid());
            b.putInt(FILE_GID_OFFSET, file.gid());
            b.putInt(FILE_MODE_OFFSET, file.mode());
            putRelpath(bytes, FILE_RELPATH_OFFSET, file.relpath());
            putMap(b, file.map());
        } else if (entry instanceof MkdirEntry dir) {
            b.putInt(ENTRY_TYPE_OFFSET, TYPE_MKDIR);
            b.putInt(MKDIR_UID_OFFSET, dir.uid());
            b.putInt(MKDIR_GID_OFFSET, dir.gid());
            b.putInt(MKDIR_MODE_OFFSET, dir.mode());
            putRelpath(bytes, MKDIR_RELPATH_OFFSET, dir.relpath());
        } else if (entry instanceof AddDaxdevEntry dax) {
            b.putInt(ENTRY_TYPE_OFFSET, TYPE_ADD_DAXDEV);
            b.putLong(DAXDEV_SIZE_OFFSET, dax.size());
            Uuids.put(b, DAXDEV_UUID_OFFSET, dax.uuid());
            b.putInt(DAXDEV_INDEX_OFFSET, dax.index());
        } else {
            throw new IllegalArgumentException("refusing to write an entry of unknown type: " + entry);
        }
        b.putLong(ENTRY_CRC_OFFSET, Crc.of(bytes, 0, ENTRY_CRC_COVERAGE));
        return bytes;
    }

    /**
     * famfs's {@code famfs_validate_log_entry}: CRC of the raw bytes, and seqnum equal to the index.
     *
     * @param bytes a copy of the entry's bytes
     * @param index the entry's index in the log
     */
    public static void checkIntegrity(byte[] bytes, long index) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long storedCrc = b.getLong(ENTRY_CRC_OFFSET);
        long crc = Crc.of(bytes, 0, ENTRY_CRC_COVERAGE);
        if (storedCrc != crc) {
            throw new CorruptMetadataException("log entry crc mismatch: index=" + index + " stored=0x"
                    + Long.toHexString(storedCrc) + " computed=0x" + Long.toHexString(crc));
        }
        long seqnum = b.getLong(ENTRY_SEQNUM_OFFSET);
        if (seqnum != index) {
            throw new CorruptMetadataException("log entry seqnum mismatch: index=" + index + " seqnum=" + seqnum);
        }
    }

    /**
     * Decodes an entry that passed {@link #checkIntegrity}.
     *
     * @param bytes a copy of the entry's bytes
     * @return the entry; an {@link LogEntry.UnknownEntry} for a type famfs does not write
     */
    public static LogEntry decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long seqnum = b.getLong(ENTRY_SEQNUM_OFFSET);
        int type = b.getInt(ENTRY_TYPE_OFFSET);
        return switch (type) {
            case TYPE_FILE ->
                new FileEntry(
                        seqnum,
                        b.getLong(FILE_SIZE_OFFSET),
                        b.getInt(FILE_FLAGS_OFFSET),
                        b.getInt(FILE_UID_OFFSET),
                        b.getInt(FILE_GID_OFFSET),
                        b.getInt(FILE_MODE_OFFSET),
                        relpath(bytes, FILE_RELPATH_OFFSET),
                        map(b, seqnum));
            case TYPE_MKDIR ->
                new MkdirEntry(
                        seqnum,
                        b.getInt(MKDIR_UID_OFFSET),
                        b.getInt(MKDIR_GID_OFFSET),
                        b.getInt(MKDIR_MODE_OFFSET),
                        relpath(bytes, MKDIR_RELPATH_OFFSET));
            case TYPE_ADD_DAXDEV ->
                new AddDaxdevEntry(
                        seqnum,
                        b.getLong(DAXDEV_SIZE_OFFSET),
                        Uuids.get(b, DAXDEV_UUID_OFFSET),
                        b.getInt(DAXDEV_INDEX_OFFSET));
            default -> new LogEntry.UnknownEntry(seqnum, type);
        };
    }

    private static FileMap map(ByteBuffer b, long seqnum) {
        int type = b.getInt(FMAP_EXT_TYPE_OFFSET);
        int count = b.getInt(FMAP_NEXTENTS_OFFSET);
        try {
            if (type == EXT_SIMPLE) {
                checkCount("nextents", count, MAX_SIMPLE_EXTENTS);
                return new SimpleFileMap(extents(b, FMAP_EXTENTS_OFFSET, count));
            }
            if (type == EXT_INTERLEAVE) {
                if (count != 1) {
                    throw new InvalidEntryException("interleaved extent count invalid: niext=" + count + " expected=1");
                }
                long nstrips = b.getLong(IE_NSTRIPS_OFFSET);
                checkCount("nstrips", nstrips, MAX_STRIPS);
                return new InterleavedFileMap(
                        b.getLong(IE_CHUNK_SIZE_OFFSET), extents(b, IE_STRIPS_OFFSET, (int) nstrips));
            }
            throw new InvalidEntryException("extent type unknown: fmap_ext_type=" + type);
        } catch (InvalidEntryException e) {
            throw new InvalidEntryException("log entry " + seqnum + ": " + e.getMessage());
        }
    }

    private static void checkCount(String field, long count, int max) {
        if (count < 1 || count > max) {
            throw new InvalidEntryException(field + " out of range: " + field + "=" + count + " expected=1.." + max);
        }
    }

    private static List<Extent> extents(ByteBuffer b, int offset, int count) {
        List<Extent> extents = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = offset + i * EXTENT_SIZE;
            extents.add(new Extent(
                    b.getLong(at + EXTENT_DEVINDEX), b.getLong(at + EXTENT_OFFSET), b.getLong(at + EXTENT_LENGTH)));
        }
        return extents;
    }

    private static void putMap(ByteBuffer b, FileMap map) {
        if (map instanceof InterleavedFileMap interleaved) {
            b.putInt(FMAP_EXT_TYPE_OFFSET, EXT_INTERLEAVE);
            b.putInt(FMAP_NEXTENTS_OFFSET, 1);
            b.putLong(IE_NSTRIPS_OFFSET, interleaved.strips().size());
            b.putLong(IE_CHUNK_SIZE_OFFSET, interleaved.chunkSize());
            putExtents(b, IE_STRIPS_OFFSET, interleaved.strips());
        } else {
            SimpleFileMap simple = (SimpleFileMap) map;
            b.putInt(FMAP_EXT_TYPE_OFFSET, EXT_SIMPLE);
            b.putInt(FMAP_NEXTENTS_OFFSET, simple.extents().size());
            putExtents(b, FMAP_EXTENTS_OFFSET, simple.extents());
        }
    }

    private static void putExtents(ByteBuffer b, int offset, List<Extent> extents) {
        for (int i = 0; i < extents.size(); i++) {
            int at = offset + i * EXTENT_SIZE;
            Extent extent = extents.get(i);
            b.putLong(at + EXTENT_DEVINDEX, extent.devIndex());
            b.putLong(at + EXTENT_OFFSET, extent.offset());
            b.putLong(at + EXTENT_LENGTH, extent.length());
        }
    }

    /** Writes a relpath validated by {@link Relpath}; the rest of its 80-byte buffer stays zero. */
    private static void putRelpath(byte[] bytes, int offset, String relpath) {
        byte[] utf8 = Relpath.check(relpath).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(utf8, 0, bytes, offset, utf8.length);
    }

    /** The bytes up to the first NUL; all 80 when there is none (which {@link Relpath} then rejects). */
    private static String relpath(byte[] bytes, int offset) {
        int length = 0;
        while (length < RELPATH_BUFFER && bytes[offset + length] != 0) {
            length++;
        }
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
