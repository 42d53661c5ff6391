package io.arrowfamfs.frame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Layout of a frame: the Arrow IPC file format, with every message and buffer placed at a
 * 64-byte boundary.
 *
 * <pre>
 *  0   "ARROW1" 00 00
 *  8   schema message: FFFFFFFF | int32 len | Message(Schema) | pad to 8
 *      pad to 64
 *  d_k dictionary batch k (one per dictionary-encoded column, the whole dictionary, never a delta):
 *      FFFFFFFF | int32 len | Message(DictionaryBatch) | pad so the body starts at 64k | body
 *  b_i record batch i: FFFFFFFF | int32 len | Message(RecordBatch) | pad so the body starts at 64k
 *      body: buffer j at body + offset_j (each offset a multiple of 64), zero padding between,
 *            body length a multiple of 64
 *  f   footer: Footer flatbuffer (schema, dictionary and record batch blocks, custom metadata)
 *      int32 footer length | "ARROW1"
 * </pre>
 *
 * Custom metadata key {@link #STATS_KEY} holds per-batch statistics and checksums as JSON
 * ({@link BatchStats}); {@link #DICTIONARIES_KEY} the dictionary batches' checksums
 * ({@link DictionaryStats}), present when the schema has dictionary-encoded fields.
 */
public final class FrameFormat {
    /** The Arrow file magic, at the start and at the end of every frame. */
    public static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
    /** Magic plus two bytes of padding at the start of the file. */
    public static final int HEADER_SIZE = 8;
    /** Magic, then the int32 footer length before it, at the end of the file. */
    public static final int TRAILER_SIZE = 4 + 6;
    /** The int32 marker before every IPC message's length. */
    public static final int CONTINUATION = 0xFFFFFFFF;
    /** The continuation marker plus the int32 metadata length before every message. */
    public static final int PREFIX_SIZE = 8;
    /** Messages, bodies and buffers start at multiples of this many bytes. */
    public static final long ALIGNMENT = 64;
    /** The footer's custom metadata key for the per-batch statistics and checksums. */
    public static final String STATS_KEY = "arrow-famfs.batches";
    /** The footer's custom metadata key for the dictionary batches' checksums. */
    public static final String DICTIONARIES_KEY = "arrow-famfs.dictionaries";

    private FrameFormat() {}

    /**
     * Where each of {@code buffers} starts in a body that places them one after the other at
     * multiples of {@link #ALIGNMENT}; the last entry is the body's length.
     */
    static long[] bodyOffsets(List<ArrowBuf> buffers) {
        long[] offsets = new long[buffers.size() + 1];
        for (int i = 0; i < buffers.size(); i++) {
            offsets[i + 1] = align(offsets[i] + buffers.get(i).readableBytes());
        }
        return offsets;
    }

    static long align(long value) {
        return (value + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
