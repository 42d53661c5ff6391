package io.arrowfamfs.hosts;

import static io.arrowfamfs.hosts.HostsDescriptor.LINE_CRC_OFFSET;
import static io.arrowfamfs.hosts.HostsDescriptor.LINE_SIZE;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;
import java.util.zip.CRC32C;

/** What every line of the host table shares: 64 little-endian bytes sealed by a CRC32C at byte 60. */
final class Lines {
    private Lines() {}

    /** {@return a zeroed, little-endian line to fill in} */
    static ByteBuffer blank() {
        return ByteBuffer.allocate(LINE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** {@return the line's bytes, with the CRC32C of its first 60 bytes stored at 60} */
    static byte[] seal(ByteBuffer line) {
        line.putInt(LINE_CRC_OFFSET, crc(line.array(), LINE_CRC_OFFSET));
        return line.array();
    }

    /** {@return the line as a little-endian buffer when its CRC holds, else null: torn, stale or never written} */
    static ByteBuffer open(byte[] line) {
        ByteBuffer b = ByteBuffer.wrap(line).order(ByteOrder.LITTLE_ENDIAN);
        return line.length == LINE_SIZE && b.getInt(LINE_CRC_OFFSET) == crc(line, LINE_CRC_OFFSET) ? b : null;
    }

    /** {@return the CRC32C of {@code bytes[0, length)}} */
    static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    static void putUuid(ByteBuffer line, int offset, UUID uuid) {
        line.putLong(offset, uuid.getMostSignificantBits()).putLong(offset + 8, uuid.getLeastSignificantBits());
    }

    static UUID getUuid(ByteBuffer line, int offset) {
        return new UUID(line.getLong(offset), line.getLong(offset + 8));
    }
}
