package io.arrowfamfs.famfs.omf;

import static io.arrowfamfs.famfs.omf.SuperblockDescriptor.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * A famfs superblock. {@link #decode} applies famfs's own checks ({@code famfs_check_super}:
 * magic, exact version, CRC, allocation unit) and the ones a safe reader also needs (log
 * placement and length, device size); {@link #encode} writes the 200 bytes with every unused
 * byte zero and the CRC last, as mkfs does.
 *
 * @param systemUuid the node that ran mkfs: the only node that may append to the log (master)
 * @param deviceSize {@code dd_size}: device capacity in bytes (not covered by the CRC)
 * @param daxdevPath {@code dd_daxdev}: the device path given to mkfs, at most 64 bytes
 */
public record Superblock(
        FamfsVersion version,
        long logLength,
        long allocUnit,
        UUID fsUuid,
        UUID deviceUuid,
        UUID systemUuid,
        long deviceSize,
        String daxdevPath) {

    /**
     * The superblock mkfs writes for a new device, with new filesystem and device UUIDs.
     *
     * @param version the famfs version to write
     * @param logLength the log's length in bytes: a power of two, at least 8 MiB
     * @param deviceSize the device's capacity in bytes
     * @param systemUuid the master node
     * @param daxdevPath the device path given to mkfs
     * @return the superblock, its geometry checked
     */
    public static Superblock create(
            FamfsVersion version, long logLength, long deviceSize, UUID systemUuid, String daxdevPath) {
        Superblock superblock = new Superblock(
                version,
                logLength,
                ALLOC_UNIT,
                UUID.randomUUID(),
                UUID.randomUUID(),
                systemUuid,
                deviceSize,
                daxdevPath);
        superblock.checkGeometry();
        return superblock;
    }

    /** {@return the device offset of the first byte files may use: after the superblock region and the log} */
    public long dataOffset() {
        return LOG_OFFSET + logLength;
    }

    /** {@return the 200 superblock bytes, unused bytes zero and the CRC set} */
    public byte[] encode() {
        byte[] bytes = new byte[SIZE];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC_OFFSET, MAGIC);
        b.putLong(VERSION_OFFSET, version.tsVersion());
        b.putLong(LOG_OFFSET_OFFSET, LOG_OFFSET);
        b.putLong(LOG_LENGTH_OFFSET, logLength);
        b.putLong(ALLOC_UNIT_OFFSET, allocUnit);
        b.putInt(OMF_MAJOR_OFFSET, version.omfMajor());
        b.putInt(OMF_MINOR_OFFSET, version.omfMinor());
        Uuids.put(b, FS_UUID_OFFSET, fsUuid);
        Uuids.put(b, DEVICE_UUID_OFFSET, deviceUuid);
        Uuids.put(b, SYSTEM_UUID_OFFSET, systemUuid);
        b.putLong(DAXDEV_SIZE_OFFSET, deviceSize);
        byte[] name = daxdevPath.getBytes(StandardCharsets.UTF_8);
        b.put(DAXDEV_NAME_OFFSET, name, 0, Math.min(name.length, DAXDEV_NAME_LENGTH));
        b.putLong(CRC_OFFSET, Crc.of(bytes, 0, CRC_COVERAGE));
        return bytes;
    }

    /**
     * Decodes and checks a copy of the first {@link SuperblockDescriptor#SIZE} device bytes.
     *
     * @param bytes a copy of the device's first bytes, at least {@link SuperblockDescriptor#SIZE}
     * @return the checked superblock
     */
    public static Superblock decode(byte[] bytes) {
        if (bytes.length < SIZE) {
            throw new CorruptMetadataException("superblock truncated: actual=" + bytes.length + " expected=" + SIZE);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long magic = b.getLong(MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new CorruptMetadataException("not a famfs device: superblock magic=0x" + Long.toHexString(magic)
                    + " expected=0x" + Long.toHexString(MAGIC));
        }
        FamfsVersion version = FamfsVersion.of(b.getLong(VERSION_OFFSET));
        long storedCrc = b.getLong(CRC_OFFSET);
        long crc = Crc.of(bytes, 0, CRC_COVERAGE);
        if (storedCrc != crc) {
            throw new CorruptMetadataException("superblock crc mismatch: stored=0x" + Long.toHexString(storedCrc)
                    + " computed=0x" + Long.toHexString(crc));
        }
        long allocUnit = b.getLong(ALLOC_UNIT_OFFSET);
        if (allocUnit != ALLOC_UNIT && allocUnit != SMALL_ALLOC_UNIT) {
            throw new CorruptMetadataException("superblock alloc unit invalid: actual=" + allocUnit + " expected="
                    + ALLOC_UNIT + " or " + SMALL_ALLOC_UNIT);
        }
        long logOffset = b.getLong(LOG_OFFSET_OFFSET);
        if (logOffset != LOG_OFFSET) {
            throw new CorruptMetadataException("superblock log offset invalid: actual=0x" + Long.toHexString(logOffset)
                    + " expected=0x" + Long.toHexString(LOG_OFFSET));
        }
        byte[] name = Arrays.copyOfRange(bytes, DAXDEV_NAME_OFFSET, DAXDEV_NAME_OFFSET + DAXDEV_NAME_LENGTH);
        int nameLength = 0;
        while (nameLength < name.length && name[nameLength] != 0) {
            nameLength++;
        }
        Superblock superblock = new Superblock(
                version,
                b.getLong(LOG_LENGTH_OFFSET),
                allocUnit,
                Uuids.get(b, FS_UUID_OFFSET),
                Uuids.get(b, DEVICE_UUID_OFFSET),
                Uuids.get(b, SYSTEM_UUID_OFFSET),
                b.getLong(DAXDEV_SIZE_OFFSET),
                new String(name, 0, nameLength, StandardCharsets.UTF_8));
        superblock.checkGeometry();
        return superblock;
    }

    /** The log must be a power of two of at least 8 MiB and leave room for one allocation unit. */
    private void checkGeometry() {
        if (logLength < DEFAULT_LOG_LENGTH || Long.bitCount(logLength) != 1) {
            throw new CorruptMetadataException("superblock log length invalid: actual=" + logLength
                    + " expected=a power of two >= " + DEFAULT_LOG_LENGTH);
        }
        if (deviceSize < dataOffset() + allocUnit) {
            throw new CorruptMetadataException("superblock device size too small: dd_size=" + deviceSize + " minimum="
                    + (dataOffset() + allocUnit));
        }
    }
}
