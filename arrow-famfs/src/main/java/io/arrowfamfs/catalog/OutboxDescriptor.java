package io.arrowfamfs.catalog;

import io.arrowfamfs.commitlog.CommitLogLayout;
import io.arrowfamfs.hosts.HostsDescriptor;
import java.util.UUID;

/**
 * Layout of a writer node's outbox file {@code .af/outboxes/<node uuid>} (docs/outbox.md): one
 * header line, then {@value #RINGS} rings, one per writer process of the node. Each ring has a
 * page of lines (the writer's request line, the master's answer line, error text and refusal
 * text, the ring's count) and {@value #SLOTS} record slots. Little-endian; every line has exactly
 * one writing host: the master writes the header, the answer and the texts; the ring's writer
 * the request line, the count and the records.
 *
 * <pre>
 * line 0 (the master, at creation):
 *    0 magic "AFOUTBX1" | 8 format u32 | 12 rings u32 | 16 slots u32 | 20 slot size u32
 *   24 node uuid (16) | 60 crc32c of [0,60)
 * ring k at 4096 * (1 + k * (1 + SLOTS * 512 / 4096)):
 *   +0    request line (the writer): 0 bytes asked u64 | 8 ask seq u64 | 16 writer pid u64
 *         24 grant given back + 1 u64 (0: none) | 60 crc
 *   +64   answer line (the master): 0 records consumed u64 | 8 ask seq answered u64
 *         16 rejected writer seq u64 (0: none) | 24 refused ask seq u64 (0: none)
 *         32 refusal u32 (0 none, 1 out of space, 2 famfs log full) | 60 crc
 *   +128  error text, 7 lines (the master): why commit "seq" was rejected
 *   +576  refusal text, 7 lines (the master): why ask "seq" was refused
 *         each text: 0 seq u64 | 8 length u32 | 12 UTF-8 text | 444 crc32c of [0,444)
 *   +4032 the ring's count u64 (the writer; its own line)
 *   +4096 slot i of record i mod SLOTS, 512 bytes each
 * </pre>
 */
final class OutboxDescriptor {
    static final String DIRECTORY = ".af/outboxes";
    static final byte[] MAGIC = "AFOUTBX1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final int FORMAT = 1;
    static final int PAGE = 4096;
    /** Writer processes per node, each with a ring of its own. */
    static final int RINGS = 4;
    /** Records a ring holds that the master has not consumed yet. */
    static final int SLOTS = 256;

    static final int RECORD_SIZE = 512;
    static final int RING_SIZE = PAGE + SLOTS * RECORD_SIZE;
    static final long FILE_SIZE = PAGE + (long) RINGS * RING_SIZE;

    /** Bytes of one line, the unit with one writer, sealed by {@link io.arrowfamfs.hosts.Lines}. */
    static final int LINE_SIZE = HostsDescriptor.LINE_SIZE;

    /** Ring offset of the writer's request line. */
    static final int REQUEST_LINE = 0;
    /** Request line offset of the bytes the writer asks for, u64. */
    static final int REQUEST_BYTES = 0;
    /** Request line offset of the ask's sequence number, u64: one more at every ask of the ring. */
    static final int REQUEST_ASK_SEQ = 8;
    /** Request line offset of the pid of the process that writes the ring now, u64. */
    static final int REQUEST_PID = 16;
    /** Request line offset of a grant the writer filled and gives back, plus one, u64: 0 (an older writer's line) is none. */
    static final int REQUEST_CLOSES = 24;

    /** Ring offset of the master's answer line. */
    static final int ANSWER_LINE = 64;
    /** Answer line offset of the ring's records the master consumed, u64. */
    static final int ANSWER_CONSUMED = 0;
    /** Answer line offset of the sequence number of the last ask answered, u64. */
    static final int ANSWER_ASK_SEQ = 8;
    /** Answer line offset of the writer seq of the last commit the master refused, u64 (0: none). */
    static final int ANSWER_REJECTED_SEQ = 16;
    /** Answer line offset of the seq of the last ask the master refused, u64 (0: none). */
    static final int ANSWER_REFUSED_ASK = 24;
    /** Answer line offset of why it refused that ask, u32: a {@link GrantRefusal}'s ordinal. */
    static final int ANSWER_REFUSAL = 32;

    /** Ring offset of the master's error text: why it rejected a commit, keyed by its writer seq. */
    static final int ERROR_TEXT = 128;
    /** Ring offset of the master's refusal text: why it refused an ask, keyed by its ask seq. */
    static final int REFUSAL_TEXT = 576;
    /** Bytes of a text, its CRC32C included: seven lines. */
    static final int TEXT_SIZE = 448;
    /** Text offset of the seq of what it explains, u64. */
    static final int TEXT_SEQ = 0;
    /** Text offset of the text's length in bytes, u32. */
    static final int TEXT_LENGTH = 8;
    /** Text offset of the text, UTF-8. */
    static final int TEXT_BODY = 12;
    /** Text offset of the CRC32C of the bytes before it, u32. */
    static final int TEXT_CRC = TEXT_SIZE - 4;
    /** The longest text a text holds; a longer one is cut. */
    static final int TEXT_MAX = TEXT_SIZE - 16;

    /** Ring offset of the ring's count, u64 (the writer; a line of its own). */
    static final int COUNTER = 4032;

    static final int HEADER_FORMAT = 8;
    static final int HEADER_RINGS = 12;
    static final int HEADER_SLOTS = 16;
    static final int HEADER_SLOT_SIZE = 20;
    static final int HEADER_NODE = 24;

    private OutboxDescriptor() {}

    /** {@return the famfs path of {@code node}'s outbox} */
    static String path(UUID node) {
        return DIRECTORY + "/" + node;
    }

    /** {@return the file offset of ring {@code k}} */
    static long ringOffset(int k) {
        return PAGE + (long) k * RING_SIZE;
    }

    /** {@return ring {@code k}'s record ring, as a commit log over the whole file} */
    static CommitLogLayout ring(int k) {
        long base = ringOffset(k);
        return CommitLogLayout.ring(base + PAGE, RECORD_SIZE, SLOTS, base + COUNTER);
    }

    /**
     * {@return the writer id of ring {@code k} of {@code node}'s outbox: the owner of its grants
     * and the key of its commits, the same for every process that takes the ring}
     */
    static long writerId(UUID node, int k) {
        long id = node.getMostSignificantBits() * 31 + node.getLeastSignificantBits() + k * 0x9E3779B97F4A7C15L;
        id ^= id >>> 31;
        return id == WriterSpace.CHECKPOINT_WRITER ? 1 : id;
    }

    /** {@return whether {@code writer} is the writer id of one of {@code node}'s rings} */
    static boolean isRingWriter(long writer, UUID node) {
        for (int k = 0; k < RINGS; k++) {
            if (writerId(node, k) == writer) {
                return true;
            }
        }
        return false;
    }
}
