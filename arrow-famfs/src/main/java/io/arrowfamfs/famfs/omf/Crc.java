package io.arrowfamfs.famfs.omf;

import java.util.zip.CRC32;

/**
 * famfs's checksum: zlib {@code crc32()} seeded with 0 (CRC-32/ISO-HDLC, exactly {@link CRC32})
 * over a contiguous byte range, stored as a little-endian u64 with the upper half zero.
 */
final class Crc {
    private Crc() {}

    static long of(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
