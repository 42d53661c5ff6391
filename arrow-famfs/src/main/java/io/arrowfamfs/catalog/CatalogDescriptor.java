package io.arrowfamfs.catalog;

import io.arrowfamfs.commitlog.CommitLogLayout;
import java.nio.charset.StandardCharsets;

/**
 * Layout of the catalog file {@code .af/catalog.v2} (format 2): a 4 KiB header, then a ring of
 * 512-byte commit records. Record {@code seq} lives in slot {@code seq mod slots}; a checkpoint
 * in pool space holds the state as of a commit count, so the ring never fills and a new reader
 * reads the checkpoint plus at most one ring of records. Little-endian. Record bodies are laid
 * out by {@link RecordCodec}.
 *
 * <pre>
 * header   0 magic "AFCATLG2" | 8 format u32 | 12 record size u32 | 16 ring slots u64
 *         24 crc32c of [0,24) u32
 *         64 commit count u64 (own cache line; advanced last, with release ordering)
 *        128 checkpoint root A (own line) | 192 checkpoint root B (own line)
 * root     0 generation u64 (0: never written) | 8 base: the commit count the checkpoint covers u64
 *         16 pool u32 | 20 records u32 | 24 offset u64 | 32 length u64 | 40 body crc32c u32
 *         44 unit generation u32 | 56 crc32c of [0,56) u32
 * slot i at 4096 + 512*i: the record whose seq mod slots == i
 * </pre>
 *
 * The master alone writes the file. Roots are written alternately: the one with the higher
 * generation whose CRC holds is current.
 */
public final class CatalogDescriptor {
    /** The first 8 bytes of the file. */
    public static final byte[] MAGIC = "AFCATLG2".getBytes(StandardCharsets.US_ASCII);
    /** The format version this build reads and writes. */
    public static final int FORMAT = 2;
    /** Bytes before slot 0. */
    public static final int HEADER_SIZE = 4096;
    /** Bytes per commit record. */
    public static final int RECORD_SIZE = 512;
    /** Ring slots of a new catalog: 8 MiB of records. */
    public static final long DEFAULT_SLOTS = 16_384;

    /** Header offset of the format version, u32. */
    public static final int FORMAT_OFFSET = 8;
    /** Header offset of the record size, u32. */
    public static final int RECORD_SIZE_OFFSET = 12;
    /** Header offset of the ring's slot count, u64. */
    public static final int SLOTS_OFFSET = 16;
    /** Header offset of the CRC32C of the header bytes before it, u32. */
    public static final int HEADER_CRC_OFFSET = 24;
    /** Header bytes the header CRC covers. */
    public static final int HEADER_CRC_COVERAGE = 24;
    /** Header offset of the commit count, u64, alone on its cache line. */
    public static final int COMMIT_COUNT_OFFSET = 64;
    /** Header offsets of the two checkpoint roots, each alone on its cache line. */
    public static final int[] ROOT_OFFSETS = {128, 192};
    /** Bytes per checkpoint root. */
    public static final int ROOT_SIZE = 64;

    /** Root offset of its generation, u64: which of the two roots is newer. */
    public static final int ROOT_GENERATION = 0;
    /** Root offset of the commit count the checkpoint covers, u64. */
    public static final int ROOT_BASE = 8;
    /** Root offset of the checkpoint's pool, u32. */
    public static final int ROOT_POOL = 16;
    /** Root offset of the checkpoint's record count, u32. */
    public static final int ROOT_RECORDS = 20;
    /** Root offset of the checkpoint's offset in its pool, u64. */
    public static final int ROOT_OFFSET = 24;
    /** Root offset of the checkpoint's length in bytes, u64. */
    public static final int ROOT_LENGTH = 32;
    /** Root offset of the CRC32C of the checkpoint's bytes, u32. */
    public static final int ROOT_BODY_CRC = 40;
    /** Root offset of the generation of the units holding the checkpoint, u32. */
    public static final int ROOT_UNIT_GENERATION = 44;
    /** Root offset of the CRC32C of the root bytes before it, u32. */
    public static final int ROOT_CRC = 56;

    /** Directory holding arrow-famfs's files in the famfs namespace. */
    public static final String ROOT = ".af";
    /** The catalog file's famfs path. */
    public static final String CATALOG_PATH = ".af/catalog.v2";

    private CatalogDescriptor() {}

    /**
     * File offset of slot {@code slot}.
     *
     * @param slot the slot's index, from 0
     * @return the byte offset of the slot's start in the catalog file
     */
    public static long slotOffset(long slot) {
        return HEADER_SIZE + (long) RECORD_SIZE * slot;
    }

    /**
     * Bytes of a catalog file of {@code slots} ring slots.
     *
     * @param slots the number of ring slots
     * @return the file's size in bytes: the header and every slot
     */
    public static long fileSize(long slots) {
        return slotOffset(slots);
    }

    /**
     * The catalog as a commit log: a ring of record slots, the commit count (alone on its line) the counter.
     *
     * @param slots the number of ring slots in the catalog file
     * @return the layout of a catalog file of that many slots
     */
    public static CommitLogLayout commitLogLayout(long slots) {
        return CommitLogLayout.ring(HEADER_SIZE, RECORD_SIZE, slots, COMMIT_COUNT_OFFSET);
    }
}
