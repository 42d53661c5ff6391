package io.arrowfamfs.hosts;

import static io.arrowfamfs.hosts.HostsDescriptor.LINE_CRC_OFFSET;
import static io.arrowfamfs.hosts.HostsDescriptor.LINE_SIZE;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * A sealed line, as the host table and the outboxes write them: 64 little-endian bytes, the last
 * four the CRC32C of the first 60. A torn line, one not yet written back, and an all-zero line
 * all fail the CRC, and read as "not there yet".
 */
public final class Lines {
    private Lines() {}

    /** {@return a zeroed, little-endian line of 64 bytes to fill in} */
    public static ByteBuffer blank() {
        return ByteBuffer.allocate(LINE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * {@return the line's bytes, with the CRC32C of its first 60 bytes stored at 60}
     *
     * @param line a line from {@link #blank}, filled in
     */
    public static byte[] seal(ByteBuffer line) {
        line.putInt(LINE_CRC_OFFSET, crc(line.array(), LINE_CRC_OFFSET));
        return line.array();
    }

    /**
     * {@return the line as a little-endian buffer when its CRC holds, else null: torn, stale or never written}
     *
     * @param line 64 bytes copied from shared memory
     */
    public static ByteBuffer open(byte[] line) {
        ByteBuffer b = ByteBuffer.wrap(line).order(ByteOrder.LITTLE_ENDIAN);
        return line.length == LINE_SIZE && b.getInt(LINE_CRC_OFFSET) == crc(line, LINE_CRC_OFFSET) ? b : null;
    }

    /**
     * {@return the CRC32C of {@code bytes[0, length)}}
     *
     * @param bytes the bytes
     * @param length how many of them, from 0
     */
    public static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    /**
     * Stores {@code uuid} at {@code offset}: most significant half first.
     *
     * @param line the line
     * @param offset where
     * @param uuid what
     */
    public static void putUuid(ByteBuffer line, int offset, UUID uuid) {
        line.putLong(offset, uuid.getMostSignificantBits()).putLong(offset + 8, uuid.getLeastSignificantBits());
    }

    /**
     * {@return the UUID at {@code offset}}
     *
     * @param line the line
     * @param offset where
     */
    public static UUID getUuid(ByteBuffer line, int offset) {
        return new UUID(line.getLong(offset), line.getLong(offset + 8));
    }
}
