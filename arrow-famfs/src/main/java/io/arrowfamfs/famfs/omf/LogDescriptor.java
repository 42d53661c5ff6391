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
    /** The log header's {@code magic}: {@code FAMFS_LOG_MAGIC}. */
    public static final long MAGIC = 0xbadcafef00dL;

    /** Bytes of {@code struct famfs_log} before the first entry. */
    public static final int HEADER_SIZE = 48;
    /** Header offset of {@code magic} (u64). */
    public static final int HEADER_MAGIC_OFFSET = 0;
    /** Header offset of {@code log_len} (u64): the log's length in bytes. */
    public static final int HEADER_LENGTH_OFFSET = 8;
    /** Header offset of {@code last_index} (u64): the last entry slot. */
    public static final int HEADER_LAST_INDEX_OFFSET = 16;
    /** Header offset of {@code crc} (u64). */
    public static final int HEADER_CRC_OFFSET = 24;
    /** The header's crc covers bytes [0, this). */
    public static final int HEADER_CRC_COVERAGE = 24;
    /** Header offset of {@code next_seqnum} (u64), not covered by the crc. */
    public static final int HEADER_NEXT_SEQNUM_OFFSET = 32;
    /** Header offset of {@code next_index} (u64): the first free slot, not covered by the crc. */
    public static final int HEADER_NEXT_INDEX_OFFSET = 40;

    /** Bytes of one {@code struct famfs_log_entry}. */
    public static final int ENTRY_SIZE = 544;
    /** Entry offset of {@code seqnum} (u64), equal to the entry's index. */
    public static final int ENTRY_SEQNUM_OFFSET = 0;
    /** Entry offset of {@code famfs_log_entry_type} (u32): one of the {@code TYPE_} values. */
    public static final int ENTRY_TYPE_OFFSET = 8;
    /** Entry offset of {@code famfs_log_crc} (u64). */
    public static final int ENTRY_CRC_OFFSET = 536;
    /** The entry's crc covers bytes [0, this) of the entry. */
    public static final int ENTRY_CRC_COVERAGE = 536;

    /** Entry type: a file was created ({@code famfs_log_file_meta}). */
    public static final int TYPE_FILE = 0;
    /** Entry type: a directory was created ({@code famfs_log_mkdir}). */
    public static final int TYPE_MKDIR = 1;
    /** Entry type: a delete, which famfs defines and never writes. */
    public static final int TYPE_DELETE = 2;
    /** Entry type: a DAX device was added (log v48). */
    public static final int TYPE_ADD_DAXDEV = 3;
    /** The first entry type famfs does not define. */
    public static final int TYPE_INVALID = 4;

    /** File entry offset of {@code fm_size} (u64): the file's size in bytes. */
    public static final int FILE_SIZE_OFFSET = 16;
    /** File entry offset of {@code fm_flags} (u32). */
    public static final int FILE_FLAGS_OFFSET = 24;
    /** File entry offset of {@code fm_uid} (u32). */
    public static final int FILE_UID_OFFSET = 28;
    /** File entry offset of {@code fm_gid} (u32). */
    public static final int FILE_GID_OFFSET = 32;
    /** File entry offset of {@code fm_mode} (u32). */
    public static final int FILE_MODE_OFFSET = 36;
    /** File entry offset of {@code fm_relpath}, {@link #RELPATH_BUFFER} bytes. */
    public static final int FILE_RELPATH_OFFSET = 40;
    /** File entry offset of {@code fmap_ext_type} (u32): {@link #EXT_SIMPLE} or {@link #EXT_INTERLEAVE}. */
    public static final int FMAP_EXT_TYPE_OFFSET = 120;
    /** File entry offset of {@code fmap_nextents} / {@code fmap_niext} (u32): simple extents or interleaved sets. */
    public static final int FMAP_NEXTENTS_OFFSET = 128;
    /** File entry offset of the simple extents, {@link #EXTENT_SIZE} bytes each. */
    public static final int FMAP_EXTENTS_OFFSET = 136;
    /** File entry offset of {@code ie_nstrips} (u64): strips in the interleaved set. */
    public static final int IE_NSTRIPS_OFFSET = 136;
    /** File entry offset of {@code ie_chunk_size} (u64): bytes per strip before the next. */
    public static final int IE_CHUNK_SIZE_OFFSET = 144;
    /** File entry offset of the strips, {@link #EXTENT_SIZE} bytes each. */
    public static final int IE_STRIPS_OFFSET = 152;
    /** Bytes of one extent: device index, offset and length, u64 each. */
    public static final int EXTENT_SIZE = 24;
    /** Extent offset of {@code devindex} (u64). */
    public static final int EXTENT_DEVINDEX = 0;
    /** Extent offset of {@code offset} (u64): the extent's device offset. */
    public static final int EXTENT_OFFSET = 8;
    /** Extent offset of {@code len} (u64): the extent's length in bytes. */
    public static final int EXTENT_LENGTH = 16;

    /** Mkdir entry offset of {@code md_uid} (u32). */
    public static final int MKDIR_UID_OFFSET = 16;
    /** Mkdir entry offset of {@code md_gid} (u32). */
    public static final int MKDIR_GID_OFFSET = 20;
    /** Mkdir entry offset of {@code md_mode} (u32). */
    public static final int MKDIR_MODE_OFFSET = 24;
    /** Mkdir entry offset of {@code md_relpath}, {@link #RELPATH_BUFFER} bytes. */
    public static final int MKDIR_RELPATH_OFFSET = 28;

    /** Add-daxdev entry offset of {@code dd_size} (u64). */
    public static final int DAXDEV_SIZE_OFFSET = 16;
    /** Add-daxdev entry offset of {@code dd_uuid} (16 bytes). */
    public static final int DAXDEV_UUID_OFFSET = 24;
    /** Add-daxdev entry offset of {@code dd_index} (u32). */
    public static final int DAXDEV_INDEX_OFFSET = 40;

    /** Bytes of a relpath field, NUL-terminated. */
    public static final int RELPATH_BUFFER = 80;
    /** Simple extents a file entry holds at most. */
    public static final int MAX_SIMPLE_EXTENTS = 16;
    /** Strips an interleaved set holds at most. */
    public static final int MAX_STRIPS = 16;
    /** {@code fmap_ext_type}: simple extents. */
    public static final int EXT_SIMPLE = 0;
    /** {@code fmap_ext_type}: interleaved sets of strips. */
    public static final int EXT_INTERLEAVE = 1;
    /** {@code FAMFS_FM_ALL_HOSTS_RW}: the only {@code fm_flags} famfs writes. */
    public static final int FM_ALL_HOSTS_RW = 2;

    private LogDescriptor() {}

    /**
     * Number of entry slots in a log of {@code logLength} bytes ({@code last_index + 1}).
     *
     * @param logLength the log's length in bytes
     * @return how many entries fit
     */
    public static long capacity(long logLength) {
        return (logLength - HEADER_SIZE) / ENTRY_SIZE;
    }

    /**
     * Log offset of entry {@code index}.
     *
     * @param index the entry's index
     * @return the entry's offset from the start of the log
     */
    public static long entryOffset(long index) {
        return HEADER_SIZE + ENTRY_SIZE * index;
    }
}
