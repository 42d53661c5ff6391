package io.arrowfamfs.famfs.omf;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * famfs stores a UUID as libuuid's {@code uuid_t} copied raw into a {@code uuid_le}: the text's
 * hex pairs in order, no byte swapping despite the type's name. In Java: msb then lsb, each
 * big-endian.
 */
final class Uuids {
    static final int SIZE = 16;

    private Uuids() {}

    static UUID get(ByteBuffer littleEndian, int offset) {
        ByteBuffer bigEndian = littleEndian.duplicate().order(java.nio.ByteOrder.BIG_ENDIAN);
        return new UUID(bigEndian.getLong(offset), bigEndian.getLong(offset + 8));
    }

    static void put(ByteBuffer littleEndian, int offset, UUID uuid) {
        ByteBuffer bigEndian = littleEndian.duplicate().order(java.nio.ByteOrder.BIG_ENDIAN);
        bigEndian.putLong(offset, uuid.getMostSignificantBits());
        bigEndian.putLong(offset + 8, uuid.getLeastSignificantBits());
    }
}
