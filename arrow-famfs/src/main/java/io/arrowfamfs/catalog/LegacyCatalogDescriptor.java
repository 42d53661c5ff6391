package io.arrowfamfs.catalog;

import java.nio.charset.StandardCharsets;

/**
 * Layout of the format-1 catalog file {@code .af/catalog}, which named each frame by its own famfs
 * file: read only, to migrate it ({@link LegacyMigration}). The layout: a 4 KiB header, then fixed 512-byte commit
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
final class LegacyCatalogDescriptor {
    /** The first 8 bytes of the file. */
    static final byte[] MAGIC = "AFCATLG1".getBytes(StandardCharsets.US_ASCII);
    /** The format version this build reads and writes. */
    static final int FORMAT = 1;
    /** Bytes before record 0. */
    static final int HEADER_SIZE = 4096;
    /** Bytes per commit record. */
    static final int RECORD_SIZE = 512;
    /** Records in a new catalog file. */
    static final long DEFAULT_CAPACITY = 16_384;

    /** Header offset of the format version, u32. */
    static final int FORMAT_OFFSET = 8;
    /** Header offset of the record size, u32. */
    static final int RECORD_SIZE_OFFSET = 12;
    /** Header offset of the capacity in records, u64. */
    static final int CAPACITY_OFFSET = 16;
    /** Header offset of the CRC32C of the header bytes before it, u32. */
    static final int HEADER_CRC_OFFSET = 24;
    /** Header bytes the header CRC covers. */
    static final int HEADER_CRC_COVERAGE = 24;
    /** Header offset of the commit count, u64, alone on its cache line. */
    static final int COMMIT_COUNT_OFFSET = 64;

    /** Record offset of the seq (== the slot index), u64. */
    static final int SEQ_OFFSET = 0;
    /** Record offset of the type, u32. */
    static final int TYPE_OFFSET = 8;
    /** Record offset of the frame's record batch count, u32. */
    static final int BATCHES_OFFSET = 12;
    /** Record offset of the commit time in epoch microseconds, u64. */
    static final int TIME_OFFSET = 16;
    /** Record offset of the frame's rows, u64. */
    static final int ROWS_OFFSET = 24;
    /** Record offset of the frame file's bytes, u64. */
    static final int BYTES_OFFSET = 32;
    /** Record offset of the table name: a length byte, then the UTF-8 bytes. */
    static final int NAME_OFFSET = 48;
    /** Longest table name, in bytes. */
    static final int NAME_MAX = 63;
    /** Record offset of the frame's famfs relpath: a length byte, then the bytes. */
    static final int PATH_OFFSET = 112;
    /** Longest frame relpath, in bytes (famfs's limit). */
    static final int PATH_MAX = 79;
    /** Record offset of the CRC32C of the record bytes before it, u32. */
    static final int CRC_OFFSET = 504;

    /** Record type: a table created, its path the schema-only frame. */
    static final int TYPE_CREATE = 1;
    /** Record type: a frame appended. */
    static final int TYPE_APPEND = 2;
    /** Record type: a table dropped. */
    static final int TYPE_DROP = 3;

    /** Directory holding arrow-famfs's files in the famfs namespace. */
    static final String ROOT = ".af";
    /** The catalog file's famfs path. */
    static final String CATALOG_PATH = ".af/catalog";
    /** Directory of frame files (random names). */
    static final String FRAMES_DIR = ".af/f";

    private LegacyCatalogDescriptor() {}

    /**
     * File offset of record {@code seq}.
     *
     * @param seq the record's sequence number, from 0
     * @return the byte offset of the record's start in the catalog file
     */
    static long recordOffset(long seq) {
        return HEADER_SIZE + (long) RECORD_SIZE * seq;
    }

    /**
     * Bytes of a catalog file of {@code capacity} records.
     *
     * @param capacity the number of record slots
     * @return the file's size in bytes: the header and every slot
     */
    static long fileSize(long capacity) {
        return recordOffset(capacity);
    }
}
