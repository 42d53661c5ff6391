package io.arrowfamfs.famfs.omf;

import static io.arrowfamfs.famfs.omf.LogDescriptor.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The famfs log header. The CRC covers magic, length and last index, set once by mkfs; the two
 * counters that appends advance ({@code next_seqnum}, {@code next_index}) are not covered.
 */
public record LogHeader(long logLength, long lastIndex, long nextSeqnum, long nextIndex) {

    /**
     * The header mkfs writes: an empty log.
     *
     * @param logLength the log's length in bytes
     * @return the header of an empty log of that length
     */
    public static LogHeader empty(long logLength) {
        return new LogHeader(logLength, LogDescriptor.capacity(logLength) - 1, 0, 0);
    }

    /** {@return the number of entries the log can hold} */
    public long capacity() {
        return lastIndex + 1;
    }

    /**
     * True when a writer stopped between its two counter stores (next_seqnum is one ahead). The
     * entries below next_index are still complete, so readers go on; the master's next append
     * finishes or rolls back the interrupted one.
     *
     * @return whether an append was interrupted
     */
    public boolean interruptedAppend() {
        return nextSeqnum == nextIndex + 1 && nextIndex < capacity();
    }

    /** {@return true when every entry slot is used} */
    public boolean isFull() {
        return nextIndex > lastIndex;
    }

    /** {@return the 48 header bytes, the CRC over magic, length and last index} */
    public byte[] encode() {
        byte[] bytes = new byte[HEADER_SIZE];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(HEADER_MAGIC_OFFSET, MAGIC);
        b.putLong(HEADER_LENGTH_OFFSET, logLength);
        b.putLong(HEADER_LAST_INDEX_OFFSET, lastIndex);
        b.putLong(HEADER_CRC_OFFSET, Crc.of(bytes, 0, HEADER_CRC_COVERAGE));
        b.putLong(HEADER_NEXT_SEQNUM_OFFSET, nextSeqnum);
        b.putLong(HEADER_NEXT_INDEX_OFFSET, nextIndex);
        return bytes;
    }

    /**
     * Decodes a copy of the header and checks it against the superblock's log length: magic and
     * CRC (as famfs does), then the geometry and counters a reader relies on.
     *
     * @param bytes a copy of the header's {@link LogDescriptor#HEADER_SIZE} bytes
     * @param expectedLogLength the log length the superblock gives
     * @return the checked header
     */
    public static LogHeader decode(byte[] bytes, long expectedLogLength) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long magic = b.getLong(HEADER_MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new CorruptMetadataException("log header magic mismatch: actual=0x" + Long.toHexString(magic)
                    + " expected=0x" + Long.toHexString(MAGIC));
        }
        long storedCrc = b.getLong(HEADER_CRC_OFFSET);
        long crc = Crc.of(bytes, 0, HEADER_CRC_COVERAGE);
        if (storedCrc != crc) {
            throw new CorruptMetadataException("log header crc mismatch: stored=0x" + Long.toHexString(storedCrc)
                    + " computed=0x" + Long.toHexString(crc));
        }
        LogHeader header = new LogHeader(
                b.getLong(HEADER_LENGTH_OFFSET),
                b.getLong(HEADER_LAST_INDEX_OFFSET),
                b.getLong(HEADER_NEXT_SEQNUM_OFFSET),
                b.getLong(HEADER_NEXT_INDEX_OFFSET));
        if (header.logLength != expectedLogLength) {
            throw new CorruptMetadataException(
                    "log length mismatch: header=" + header.logLength + " superblock=" + expectedLogLength);
        }
        if (header.lastIndex != LogDescriptor.capacity(expectedLogLength) - 1) {
            throw new CorruptMetadataException("log last index invalid: actual=" + header.lastIndex + " expected="
                    + (LogDescriptor.capacity(expectedLogLength) - 1));
        }
        if (header.nextIndex < 0 || header.nextIndex > header.capacity()) {
            throw new CorruptMetadataException(
                    "log next index out of range: next_index=" + header.nextIndex + " capacity=" + header.capacity());
        }
        if (header.nextSeqnum != header.nextIndex && !header.interruptedAppend()) {
            throw new CorruptMetadataException(
                    "log counters disagree: next_seqnum=" + header.nextSeqnum + " next_index=" + header.nextIndex);
        }
        return header;
    }
}
