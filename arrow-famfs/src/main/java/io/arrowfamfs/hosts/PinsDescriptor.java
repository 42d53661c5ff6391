package io.arrowfamfs.hosts;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Layout of a host's local pin table: a file in host memory ({@code /dev/shm}), shared by the
 * arrow-famfs processes of one host for one volume. Cache coherent, so ordinary atomics order
 * it; native byte order (little-endian on x86-64).
 *
 * <pre>
 * header page:
 *          0 magic "AFPINS01" | 8 format u32 | 12 process slots u32 | 16 pins per slot u32
 *   agent lines (only the elected host agent; a seqlock: seq odd while it writes):
 *         64 seq u64 | 72 host slot u64 | 80 generation u64 | 88 expelled generation u64
 *         96 generation of the last heartbeat u64 | 104 last heartbeat (System.nanoTime) u64
 *        112 heartbeat counter u64
 *        128 host uuid (16) | 144 boot id (16) | 160 join nonce u64 | 168 join attempt u64
 *        176 join epoch u64 | 184 epoch of the current generation u64
 *        192 last check that the join request is in its line (System.nanoTime) u64
 *   wants line (any process sets it, the agent copies it into the host table):
 *        256 wants u64 (bit 0: an outbox)
 * process slot p at 4096 * (1 + p) (only the process holding the flock on process-p.lock):
 *          0 owner pid u64 | 8 in use u64 (1 from claim to close)
 *   pin k at 64 + 16 * k:
 *          0 pinned count + 1 u64 (0: free; written last, release)
 *          8 tag u64: the slot generation, or PENDING | join epoch for a pin taken while joining
 * </pre>
 */
final class PinsDescriptor {
    static final byte[] MAGIC = "AFPINS01".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 2;
    static final int PAGE = 4096;
    static final int PROCESS_SLOTS = 64;
    static final int PIN_SIZE = 16;
    static final int PINS_PER_SLOT = (PAGE - 64) / PIN_SIZE;

    static final int FORMAT_OFFSET = 8;
    static final int PROCESS_SLOTS_OFFSET = 12;
    static final int PINS_PER_SLOT_OFFSET = 16;

    static final int SEQ = 64;
    static final int HOST_SLOT = 72;
    static final int GENERATION = 80;
    static final int EXPELLED_GENERATION = 88;
    static final int BEAT_GENERATION = 96;
    static final int LAST_BEAT = 104;
    static final int COUNTER = 112;
    static final int HOST_UUID = 128;
    static final int BOOT_ID = 144;
    static final int JOIN_NONCE = 160;
    static final int JOIN_ATTEMPT = 168;
    static final int JOIN_EPOCH = 176;
    static final int JOINED_EPOCH = 184;
    static final int JOIN_CHECKED = 192;
    /** What this host's processes ask the master for, u64: the bits of the host table's wants line. */
    static final int WANTS = 256;

    /** The tag bit of a pin taken while the host was joining: the rest of the tag is the join epoch. */
    static final long PENDING = 1L << 62;

    static final int OWNER_PID = 0;
    static final int IN_USE = 8;
    static final int PINS = 64;

    static final long FILE_SIZE = (long) PAGE * (1 + PROCESS_SLOTS);

    private PinsDescriptor() {}

    static long slotOffset(int process) {
        return (long) PAGE * (1 + process);
    }

    static long pinOffset(int process, int pin) {
        return slotOffset(process) + PINS + (long) PIN_SIZE * pin;
    }

    static byte[] header() {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        b.put(MAGIC)
                .putInt(FORMAT_OFFSET, FORMAT)
                .putInt(PROCESS_SLOTS_OFFSET, PROCESS_SLOTS)
                .putInt(PINS_PER_SLOT_OFFSET, PINS_PER_SLOT);
        return b.array();
    }

    /** Checks the first 64 bytes of an existing pin table at {@code path} of {@code size} bytes. */
    static void check(byte[] header, long size, String path) {
        ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.nativeOrder());
        if (!Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
            throw new CorruptHostsFileException("pin table magic mismatch: path=" + path + " expected=AFPINS01");
        }
        if (b.getInt(FORMAT_OFFSET) != FORMAT) {
            throw new UnsupportedHostsFormatException("pin table format unsupported: path=" + path + " actual="
                    + b.getInt(FORMAT_OFFSET) + " expected=" + FORMAT + "; hint: another arrow-famfs version"
                    + " runs on this host");
        }
        if (b.getInt(PROCESS_SLOTS_OFFSET) != PROCESS_SLOTS
                || b.getInt(PINS_PER_SLOT_OFFSET) != PINS_PER_SLOT
                || size != FILE_SIZE) {
            throw new CorruptHostsFileException("pin table geometry invalid: path=" + path + " size=" + size
                    + " expected_size=" + FILE_SIZE + " process_slots=" + b.getInt(PROCESS_SLOTS_OFFSET)
                    + " pins_per_slot=" + b.getInt(PINS_PER_SLOT_OFFSET));
        }
    }
}
