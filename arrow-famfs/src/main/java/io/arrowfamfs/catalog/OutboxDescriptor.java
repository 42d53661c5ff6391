package io.arrowfamfs.catalog;

import io.arrowfamfs.commitlog.CommitLogLayout;
import java.util.UUID;

/**
 * Layout of a writer node's outbox file {@code .af/outboxes/<node uuid>} (docs/outbox.md): one
 * header line, then {@value #RINGS} rings, one per writer process of the node. Each ring has a
 * page of lines (the writer's request line, the master's answer line and error text, the ring's
 * count) and {@value #SLOTS} record slots. Little-endian; every line has exactly one writing
 * host: the master writes the header, the answer and the error text; the ring's writer the
 * request line, the count and the records.
 *
 * <pre>
 * line 0 (the master, at creation):
 *    0 magic "AFOUTBX1" | 8 format u32 | 12 rings u32 | 16 slots u32 | 20 slot size u32
 *   24 node uuid (16) | 60 crc32c of [0,60)
 * ring k at 4096 * (1 + k * (1 + SLOTS * 512 / 4096)):
 *   +0    request line (the writer): 0 bytes asked u64 | 8 ask seq u64 | 16 writer pid u64
 *         24 grant given back + 1 u64 (0: none) | 60 crc
 *   +64   answer line (the master): 0 records consumed u64 | 8 ask seq answered u64
 *         16 rejected writer seq u64 (0: none) | 60 crc
 *   +128  error text, 7 lines (the master): 0 writer seq u64 | 8 length u32 | 12 UTF-8 text
 *         | 444 crc32c of [0,444)
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

    static final int REQUEST_LINE = 0;
    static final int ANSWER_LINE = 64;
    static final int ERROR_TEXT = 128;
    static final int ERROR_TEXT_SIZE = 448;
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
}
