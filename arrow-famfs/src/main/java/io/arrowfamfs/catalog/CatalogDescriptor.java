package io.arrowfamfs.catalog;

import io.arrowfamfs.commitlog.CommitLogLayout;
import java.nio.charset.StandardCharsets;

/**
 * Layout of the catalog file {@code .af/catalog}: a 4 KiB header, then fixed 512-byte commit
 * records. Little-endian.
 *
 * <pre>
 * header   0 magic "AFCATLG1" | 8 format u32 | 12 record size u32 | 16 capacity u64
 *         24 crc32c of [0,24) u32
 *         64 commit count u64 (own cache line; advanced last, with release ordering)
 * record i at 4096 + 512*i:
 *          0 seq u64 (== i) | 8 type u32 | 12 batches u32 | 16 time (epoch micros) u64
 *         24 rows u64 | 32 frame bytes u64
 *         48 table name: length u8 + 63 bytes | 112 frame relpath: length u8 + 79 bytes
 *        192..503 zero | 504 crc32c of [0,504) u32 | 508 zero
 * </pre>
 */
public final class CatalogDescriptor {
    public static final byte[] MAGIC = "AFCATLG1".getBytes(StandardCharsets.US_ASCII);
    public static final int FORMAT = 1;
    public static final int HEADER_SIZE = 4096;
    public static final int RECORD_SIZE = 512;
    public static final long DEFAULT_CAPACITY = 16_384;

    public static final int FORMAT_OFFSET = 8;
    public static final int RECORD_SIZE_OFFSET = 12;
    public static final int CAPACITY_OFFSET = 16;
    public static final int HEADER_CRC_OFFSET = 24;
    public static final int HEADER_CRC_COVERAGE = 24;
    public static final int COMMIT_COUNT_OFFSET = 64;

    public static final int SEQ_OFFSET = 0;
    public static final int TYPE_OFFSET = 8;
    public static final int BATCHES_OFFSET = 12;
    public static final int TIME_OFFSET = 16;
    public static final int ROWS_OFFSET = 24;
    public static final int BYTES_OFFSET = 32;
    public static final int NAME_OFFSET = 48;
    public static final int NAME_MAX = 63;
    public static final int PATH_OFFSET = 112;
    public static final int PATH_MAX = 79;
    public static final int CRC_OFFSET = 504;

    public static final int TYPE_CREATE = 1;
    public static final int TYPE_APPEND = 2;
    public static final int TYPE_DROP = 3;

    /** Directory holding arrow-famfs's files in the famfs namespace. */
    public static final String ROOT = ".af";
    public static final String CATALOG_PATH = ".af/catalog";
    public static final String FRAMES_DIR = ".af/f";

    private CatalogDescriptor() {}

    /** File offset of record {@code seq}. */
    public static long recordOffset(long seq) {
        return HEADER_SIZE + (long) RECORD_SIZE * seq;
    }

    /** Bytes of a catalog file of {@code capacity} records. */
    public static long fileSize(long capacity) {
        return recordOffset(capacity);
    }

    /** The catalog as a commit log: records are the slots, the commit count (alone on its line) the counter. */
    public static CommitLogLayout commitLogLayout(long capacity) {
        return CommitLogLayout.ownLine(HEADER_SIZE, RECORD_SIZE, capacity, COMMIT_COUNT_OFFSET);
    }
}
