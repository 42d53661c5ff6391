package io.arrowfamfs.hosts;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Layout of the host table {@code .af/hosts}: a 4 KiB header page, then one 4 KiB slot per host.
 * Little-endian. Every 64-byte line has exactly one writing host for as long as it is used, and
 * every line a host writes ends with the CRC32C of the 60 bytes before it, so a torn or
 * not-yet-written-back line (and an all-zero one) fails its CRC and reads as "not there yet".
 *
 * <pre>
 * header page, line 0 (the master, once, at creation):
 *          0 magic "AFHOSTS1" | 8 format u32 | 12 slot size u32 | 16 slot count u32
 *         20 join lines u32 | 24 crc32c of [0,24) u32 | 28..63 zero
 * header page, join line j (0 &lt;= j &lt; 63) at 64 * (1 + j) (a joining host):
 *          0 host uuid (16) | 16 boot id (16) | 32 nonce u64 | 40 renewal counter u64
 *         48..59 zero | 60 crc32c of [0,60) u32
 * slot s at 4096 * (1 + s):
 *   line 0, host line (only the host the master assigned the slot to):
 *          0 host uuid (16) | 16 boot id (16) | 32 heartbeat counter u64 (the sequence)
 *         40 catalog count seen u64 | 48 bound u64 = min(seen, lowest pinned) | 56 generation u32
 *         60 crc32c of [0,60) u32
 *   line 1 at +64, master line (only the master):
 *          0 owner uuid (16) | 16 owner boot id (16) | 32 generation u32 | 36 state u32 (0 free,
 *          1 assigned, 2 expelled) | 40 master sequence u64 | 48 join nonce answered u64
 *         56 zero u32 | 60 crc32c of [0,60) u32
 *   line 2 at +128, wants line (the host, like its host line): 0 host uuid (16) | 16 boot id (16)
 *         32 generation u32 | 36 wants u32 (bit 0: an outbox) | 60 crc32c of [0,60) u32
 *   lines 3..63 zero
 * </pre>
 *
 * UUIDs are stored as their most significant long, then their least significant long.
 */
public final class HostsDescriptor {
    /** The first 8 bytes of the file. */
    public static final byte[] MAGIC = "AFHOSTS1".getBytes(StandardCharsets.US_ASCII);
    /** The format version this build reads and writes. */
    public static final int FORMAT = 1;
    /** The host table's famfs path. */
    public static final String PATH = ".af/hosts";
    /** The directory holding it (arrow-famfs's own directory). */
    public static final String ROOT = ".af";
    /** Bytes of one line: the unit with one writer. */
    public static final int LINE_SIZE = 64;
    /** Bytes before slot 0. */
    public static final int HEADER_SIZE = 4096;
    /** Bytes per host slot. */
    public static final int SLOT_SIZE = 4096;
    /** Slots in a new host table. */
    public static final int DEFAULT_SLOTS = 256;
    /** Most slots a table may have. */
    public static final int MAX_SLOTS = 65_536;
    /** Join lines in the header page: every line but the first. */
    public static final int JOIN_LINES = HEADER_SIZE / LINE_SIZE - 1;

    /** Header offset of the format version, u32. */
    public static final int FORMAT_OFFSET = 8;
    /** Header offset of the slot size, u32. */
    public static final int SLOT_SIZE_OFFSET = 12;
    /** Header offset of the slot count, u32. */
    public static final int SLOT_COUNT_OFFSET = 16;
    /** Header offset of the number of join lines, u32. */
    public static final int JOIN_LINES_OFFSET = 20;
    /** Header offset of the CRC32C of the header bytes before it, u32. */
    public static final int HEADER_CRC_OFFSET = 24;

    /** Line offset of the CRC32C of the line's first 60 bytes, in every line a host writes. */
    public static final int LINE_CRC_OFFSET = 60;

    /** Host, join and wants line offset of the host's UUID. */
    public static final int HOST_UUID_OFFSET = 0;
    /** Host, join and wants line offset of the host's boot id. */
    public static final int BOOT_ID_OFFSET = 16;
    /** Host line offset of the heartbeat counter, u64: the line's sequence number. */
    public static final int COUNTER_OFFSET = 32;
    /** Host line offset of the catalog count the host has seen, u64. */
    public static final int SEEN_OFFSET = 40;
    /** Host line offset of the host's bound, u64. */
    public static final int BOUND_OFFSET = 48;
    /** Host line offset of the slot generation the host writes under, u32. */
    public static final int HOST_GENERATION_OFFSET = 56;

    /** Master line offset of the owner's UUID. */
    public static final int OWNER_OFFSET = 0;
    /** Master line offset of the owner's boot id. */
    public static final int OWNER_BOOT_OFFSET = 16;
    /** Master line offset of the slot generation, u32: one more at every assignment. */
    public static final int GENERATION_OFFSET = 32;
    /** Master line offset of the slot state, u32. */
    public static final int STATE_OFFSET = 36;
    /** Master line offset of the master's sequence number for the line, u64. */
    public static final int MASTER_SEQ_OFFSET = 40;
    /** Master line offset of the nonce of the join request the assignment answers, u64. */
    public static final int NONCE_OFFSET = 48;

    /** Join line offset of the request's nonce, u64. */
    public static final int JOIN_NONCE_OFFSET = 32;

    /** Join line offset of the renewal counter, u64: one more each period the host still asks. */
    public static final int JOIN_COUNTER_OFFSET = 40;

    /** Wants line offset of the slot generation the host asks in, u32: a line of an older one is stale. */
    public static final int WANTS_GENERATION_OFFSET = 32;
    /** Wants line offset of what the host asks the master for, u32: one bit per thing ({@link #WANTS_OUTBOX}). */
    public static final int WANTS_OFFSET = 36;
    /** The wants bit of an outbox ({@code .af/outboxes/<host uuid>}), here and in a host's pin table. */
    public static final int WANTS_OUTBOX = 1;

    private HostsDescriptor() {}

    /**
     * {@return the file offset of join line {@code j}}
     *
     * @param j the join line, from 0 to {@link #JOIN_LINES} - 1
     */
    public static long joinLineOffset(int j) {
        return (long) LINE_SIZE * (1 + j);
    }

    /**
     * {@return the file offset of slot {@code slot}'s host line}
     *
     * @param slot the slot, from 0
     */
    public static long hostLineOffset(int slot) {
        return HEADER_SIZE + (long) SLOT_SIZE * slot;
    }

    /**
     * {@return the file offset of slot {@code slot}'s master line}
     *
     * @param slot the slot, from 0
     */
    public static long masterLineOffset(int slot) {
        return hostLineOffset(slot) + LINE_SIZE;
    }

    /**
     * {@return the file offset of slot {@code slot}'s wants line: what its host asks the master for}
     *
     * @param slot the slot, from 0
     */
    public static long wantsLineOffset(int slot) {
        return hostLineOffset(slot) + 2L * LINE_SIZE;
    }

    /**
     * {@return the size in bytes of a host table of {@code slots} slots}
     *
     * @param slots the number of host slots
     */
    public static long fileSize(int slots) {
        return hostLineOffset(slots);
    }

    /**
     * The header page of a new table: line 0 filled in, the join lines zero.
     *
     * @param slots the number of host slots, 1 to {@link #MAX_SLOTS}
     * @return the {@link #HEADER_SIZE} bytes of the header page
     */
    static byte[] header(int slots) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC)
                .putInt(FORMAT_OFFSET, FORMAT)
                .putInt(SLOT_SIZE_OFFSET, SLOT_SIZE)
                .putInt(SLOT_COUNT_OFFSET, slots)
                .putInt(JOIN_LINES_OFFSET, JOIN_LINES);
        b.putInt(HEADER_CRC_OFFSET, Lines.crc(b.array(), HEADER_CRC_OFFSET));
        return b.array();
    }

    /**
     * Checks a copy of line 0 of the header against the file's real size. The format is checked
     * before the CRC: a table of another format may cover other bytes with it, and is not damage.
     *
     * @param header at least the first {@link #LINE_SIZE} bytes of the file
     * @param fileSize the file's size in bytes
     * @return the slot count
     * @throws CorruptHostsFileException if the magic, CRC, slot size, join lines or slot count are wrong
     * @throws UnsupportedHostsFormatException if the format is another version's
     */
    static int checkHeader(byte[] header, long fileSize) {
        ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = Arrays.copyOf(header, MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CorruptHostsFileException("host table magic mismatch: path=" + PATH + " actual="
                    + new String(magic, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?")
                    + " expected=AFHOSTS1");
        }
        int format = b.getInt(FORMAT_OFFSET);
        if (format != FORMAT) {
            throw new UnsupportedHostsFormatException("host table format unsupported: path=" + PATH + " actual="
                    + Integer.toUnsignedString(format) + " expected=" + FORMAT
                    + "; hint: written by another arrow-famfs version");
        }
        int stored = b.getInt(HEADER_CRC_OFFSET);
        int computed = Lines.crc(header, HEADER_CRC_OFFSET);
        if (stored != computed) {
            throw new CorruptHostsFileException(String.format(
                    "host table header crc mismatch: path=%s stored=%08x computed=%08x", PATH, stored, computed));
        }
        expect("slot size", b.getInt(SLOT_SIZE_OFFSET), SLOT_SIZE);
        expect("join lines", b.getInt(JOIN_LINES_OFFSET), JOIN_LINES);
        int slots = b.getInt(SLOT_COUNT_OFFSET);
        if (slots < 1 || slots > MAX_SLOTS || fileSize(slots) > fileSize) {
            throw new CorruptHostsFileException("host table slot count invalid: path=" + PATH + " slots="
                    + Integer.toUnsignedString(slots) + " file_size=" + fileSize + " max=" + MAX_SLOTS);
        }
        return slots;
    }

    private static void expect(String what, int actual, int expected) {
        if (actual != expected) {
            throw new CorruptHostsFileException("host table " + what + " invalid: path=" + PATH + " actual="
                    + Integer.toUnsignedString(actual) + " expected=" + expected);
        }
    }
}
