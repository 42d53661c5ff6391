package io.arrowfamfs.famfs.omf;

/**
 * Layout of {@code struct famfs_superblock} at device offset 0 (200 bytes in a 2 MiB region).
 *
 * <pre>
 *   0                   8                   16                  24
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | ts_magic u64      | ts_version u64    | ts_log_offset u64 | ts_log_len u64    |
 *   +-------------------+---------+---------+-------------------+-------------------+
 *  32 ts_alloc_unit u64 | omf_maj | omf_min | ts_uuid (16)                          |
 *   +-------------------+---------+---------+---------------------------------------+
 *  64 ts_dev_uuid (16)                      | ts_system_uuid (16)                   |
 *   +-------------------+---------+---------+---------------------------------------+
 *  96 ts_crc u64        | sb_flags| padding | dd_size u64       | dd_uuid (16) ...
 *   +-------------------+---------+---------+-------------------+-------------------+
 * 136 dd_daxdev char[64], not always NUL-terminated                                   200
 * </pre>
 *
 * {@code ts_crc} is zlib crc32 of bytes [0, 96). Nothing from {@code ts_crc} on is covered,
 * not even {@code dd_size}, which famfs nevertheless uses as the device capacity.
 */
public final class SuperblockDescriptor {
    /** The superblock's {@code ts_magic}: {@code FAMFS_SUPER_MAGIC}. */
    public static final long MAGIC = 0x87b282ffL;
    /** famfs's {@code FAMFS_SUPERBLOCK_SIZE}: the superblock region, also the log offset. */
    public static final long REGION_SIZE = 0x200000L;
    /** Device offset of the log ({@code ts_log_offset} as famfs writes it). */
    public static final long LOG_OFFSET = 0x200000L;
    /** Default and minimum log length ({@code FAMFS_LOG_LEN}). */
    public static final long DEFAULT_LOG_LENGTH = 0x800000L;
    /** The allocation unit famfs uses on DAX devices: 2 MiB. */
    public static final long ALLOC_UNIT = 0x200000L;
    /** The allocation unit of a volume made for small files: one 4 KiB page. */
    public static final long SMALL_ALLOC_UNIT = 4096L;
    /** Bytes of {@code dd_daxdev}, the device name. */
    public static final int DAXDEV_NAME_LENGTH = 64;

    /** Bytes of {@code struct famfs_superblock}. */
    public static final int SIZE = 200;
    /** Offset of {@code ts_magic} (u64). */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of {@code ts_version} (u64). */
    public static final int VERSION_OFFSET = 8;
    /** Offset of {@code ts_log_offset} (u64). */
    public static final int LOG_OFFSET_OFFSET = 16;
    /** Offset of {@code ts_log_len} (u64). */
    public static final int LOG_LENGTH_OFFSET = 24;
    /** Offset of {@code ts_alloc_unit} (u64). */
    public static final int ALLOC_UNIT_OFFSET = 32;
    /** Offset of {@code ts_omf_ver_major} (u32). */
    public static final int OMF_MAJOR_OFFSET = 40;
    /** Offset of {@code ts_omf_ver_minor} (u32). */
    public static final int OMF_MINOR_OFFSET = 44;
    /** Offset of {@code ts_uuid}, the filesystem's UUID (16 bytes). */
    public static final int FS_UUID_OFFSET = 48;
    /** Offset of {@code ts_dev_uuid}, the device's UUID (16 bytes). */
    public static final int DEVICE_UUID_OFFSET = 64;
    /** Offset of {@code ts_system_uuid}, the master node's UUID (16 bytes). */
    public static final int SYSTEM_UUID_OFFSET = 80;
    /** Offset of {@code ts_crc} (u64). */
    public static final int CRC_OFFSET = 96;
    /** Bytes [0, CRC_COVERAGE) are covered by {@code ts_crc}. */
    public static final int CRC_COVERAGE = 96;
    /** Offset of {@code ts_sb_flags} (u32). */
    public static final int FLAGS_OFFSET = 104;
    /** Offset of {@code dd_size} (u64): the device's capacity. */
    public static final int DAXDEV_SIZE_OFFSET = 112;
    /** Offset of {@code dd_uuid} (16 bytes). */
    public static final int DAXDEV_UUID_OFFSET = 120;
    /** Offset of {@code dd_daxdev}, {@link #DAXDEV_NAME_LENGTH} bytes. */
    public static final int DAXDEV_NAME_OFFSET = 136;

    private SuperblockDescriptor() {}
}
