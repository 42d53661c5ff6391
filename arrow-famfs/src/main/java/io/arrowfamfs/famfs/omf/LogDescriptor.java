package io.arrowfamfs.famfs.omf;

/**
 * Layout of the famfs log: {@code struct famfs_log} (48-byte header) at device offset 0x200000,
 * followed by an array of 544-byte {@code struct famfs_log_entry}.
 *
 * <pre>
 * header   0 magic u64 | 8 log_len u64 | 16 last_index u64 | 24 crc u64 (crc32 of [0,24))
 *         32 next_seqnum u64 | 40 next_index u64           (not covered by the crc)
 * entry i at log offset 48 + 544*i:
 *          0 seqnum u64 (== i) | 8 type u32 | 12 pad u32 | 16 union (520 bytes) | 536 crc u64
 *
 * FILE union (famfs_log_file_meta)          MKDIR union (famfs_log_mkdir)
 *   16 fm_size u64                            16 md_uid u32
 *   24 fm_flags u32                           20 md_gid u32
 *   28 fm_uid u32 | 32 fm_gid u32             24 md_mode u32
 *   36 fm_mode u32                            28 md_relpath char[80]
 *   40 fm_relpath char[80]
 *  120 fmap_ext_type u32 | 124 pad         ADD_DAXDEV union (v48)
 *  128 fmap_nextents / fmap_niext u32        16 dd_size u64 | 24 dd_uuid (16)
 *  132 pad                                   40 dd_index u32 | 44 pad
 *  136 simple:  se[16] {devindex, offset, len} u64 x3, 24 bytes each
 *      interleaved: 136 ie_nstrips u64 | 144 ie_chunk_size u64 | 152 strips[16] x 24 bytes
 * </pre>
 *
 * Entry crc is zlib crc32 of the raw bytes [0, 536), padding and unused slots included.
 */
public final class LogDescriptor {
    public static final long MAGIC = 0xbadcafef00dL;

    public static final int HEADER_SIZE = 48;
    public static final int HEADER_MAGIC_OFFSET = 0;
    public static final int HEADER_LENGTH_OFFSET = 8;
    public static final int HEADER_LAST_INDEX_OFFSET = 16;
    public static final int HEADER_CRC_OFFSET = 24;
    public static final int HEADER_CRC_COVERAGE = 24;
    public static final int HEADER_NEXT_SEQNUM_OFFSET = 32;
    public static final int HEADER_NEXT_INDEX_OFFSET = 40;

    public static final int ENTRY_SIZE = 544;
    public static final int ENTRY_SEQNUM_OFFSET = 0;
    public static final int ENTRY_TYPE_OFFSET = 8;
    public static final int ENTRY_CRC_OFFSET = 536;
    public static final int ENTRY_CRC_COVERAGE = 536;

    public static final int TYPE_FILE = 0;
    public static final int TYPE_MKDIR = 1;
    public static final int TYPE_DELETE = 2;
    public static final int TYPE_ADD_DAXDEV = 3;
    public static final int TYPE_INVALID = 4;

    public static final int FILE_SIZE_OFFSET = 16;
    public static final int FILE_FLAGS_OFFSET = 24;
    public static final int FILE_UID_OFFSET = 28;
    public static final int FILE_GID_OFFSET = 32;
    public static final int FILE_MODE_OFFSET = 36;
    public static final int FILE_RELPATH_OFFSET = 40;
    public static final int FMAP_EXT_TYPE_OFFSET = 120;
    public static final int FMAP_NEXTENTS_OFFSET = 128;
    public static final int FMAP_EXTENTS_OFFSET = 136;
    public static final int IE_NSTRIPS_OFFSET = 136;
    public static final int IE_CHUNK_SIZE_OFFSET = 144;
    public static final int IE_STRIPS_OFFSET = 152;
    public static final int EXTENT_SIZE = 24;
    public static final int EXTENT_DEVINDEX = 0;
    public static final int EXTENT_OFFSET = 8;
    public static final int EXTENT_LENGTH = 16;

    public static final int MKDIR_UID_OFFSET = 16;
    public static final int MKDIR_GID_OFFSET = 20;
    public static final int MKDIR_MODE_OFFSET = 24;
    public static final int MKDIR_RELPATH_OFFSET = 28;

    public static final int DAXDEV_SIZE_OFFSET = 16;
    public static final int DAXDEV_UUID_OFFSET = 24;
    public static final int DAXDEV_INDEX_OFFSET = 40;

    public static final int RELPATH_BUFFER = 80;
    public static final int MAX_SIMPLE_EXTENTS = 16;
    public static final int MAX_STRIPS = 16;
    public static final int EXT_SIMPLE = 0;
    public static final int EXT_INTERLEAVE = 1;
    /** {@code FAMFS_FM_ALL_HOSTS_RW}: the only {@code fm_flags} famfs writes. */
    public static final int FM_ALL_HOSTS_RW = 2;

    private LogDescriptor() {}

    /** Number of entry slots in a log of {@code logLength} bytes ({@code last_index + 1}). */
    public static long capacity(long logLength) {
        return (logLength - HEADER_SIZE) / ENTRY_SIZE;
    }

    /** Log offset of entry {@code index}. */
    public static long entryOffset(long index) {
        return HEADER_SIZE + ENTRY_SIZE * index;
    }
}
