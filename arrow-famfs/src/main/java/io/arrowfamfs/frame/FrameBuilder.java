package io.arrowfamfs.frame;

import com.google.flatbuffers.FlatBufferBuilder;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowFooter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.MetadataVersion;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Collects record batches, works out the frame's exact size ({@link #size()}), then writes the
 * frame straight into a mapping of exactly that size ({@link #writeTo}): no intermediate copy of
 * the frame. Layout in {@link FrameFormat}. Batches are retained from {@link #add} until
 * {@link #close}; the caller keeps ownership of the roots it adds.
 */
public final class FrameBuilder implements AutoCloseable {
    private final Schema schema;
    private final byte[] schemaMessage;
    private final List<Planned> batches = new ArrayList<>();
    private final Map<String, String> footerMetadata = new HashMap<>();
    /** The footer with placeholder checksums and where they lie, once planned for the batches added so far. */
    private Optional<FooterPlan> plan = Optional.empty();

    private long position;

    /**
     * A footer and where, inside the statistics JSON it holds, each batch's eight checksum hex
     * digits lie: the JSON is ours, so the key {@code "crc32c":"} appears unescaped only as a key.
     */
    private record FooterPlan(byte[] bytes, int[] crcAt) {
        private static final byte[] KEY = "\"crc32c\":\"".getBytes(StandardCharsets.US_ASCII);

        static FooterPlan of(byte[] footer, byte[] json) {
            int base = indexOf(footer, json, 0);
            if (base < 0) {
                throw new IllegalStateException("frame footer does not hold its statistics verbatim");
            }
            List<Integer> at = new ArrayList<>();
            for (int i = indexOf(json, KEY, 0); i >= 0; i = indexOf(json, KEY, i + KEY.length)) {
                at.add(base + i + KEY.length);
            }
            return new FooterPlan(
                    footer, at.stream().mapToInt(Integer::intValue).toArray());
        }

        /** A copy of the footer with each batch's checksum written in. */
        byte[] withCrcs(List<BatchStats> stats) {
            if (stats.size() != crcAt.length) {
                throw new IllegalStateException("checksums " + stats.size() + " for " + crcAt.length + " batches");
            }
            byte[] footer = bytes.clone();
            for (int b = 0; b < crcAt.length; b++) {
                byte[] hex = BatchStats.hex(stats.get(b).crc32c()).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(hex, 0, footer, crcAt[b], hex.length);
            }
            return footer;
        }

        private static int indexOf(byte[] haystack, byte[] needle, int from) {
            outer:
            for (int i = from; i <= haystack.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    /** One batch with its message, buffer offsets in the body and statistics. */
    private record Planned(
            ArrowRecordBatch batch,
            ByteBuffer message,
            long offset,
            int metadataLength,
            long[] bufferOffsets,
            long bodyLength,
            BatchStats stats) {}

    /**
     * An empty frame of {@code schema}.
     *
     * @param schema the schema every added batch must have
     */
    public FrameBuilder(Schema schema) {
        this.schema = schema;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            MessageSerializer.serialize(new WriteChannel(Channels.newChannel(bytes)), schema, IpcOption.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.schemaMessage = bytes.toByteArray();
        this.position = FrameFormat.align(FrameFormat.HEADER_SIZE + schemaMessage.length);
    }

    /** {@return the schema every batch of the frame has} */
    public Schema schema() {
        return schema;
    }

    /**
     * Adds the root's current rows as one record batch; the root may be reused afterwards.
     *
     * @param root the rows, with the frame's schema
     * @return this builder
     */
    public FrameBuilder add(VectorSchemaRoot root) {
        if (!root.getSchema().equals(schema)) {
            throw new IllegalArgumentException(
                    "batch schema differs from the frame's: batch=" + root.getSchema() + " frame=" + schema);
        }
        List<ColumnStats> columns = new ArrayList<>();
        for (FieldVector vector : root.getFieldVectors()) {
            columns.add(ColumnStats.of(vector, root.getRowCount()));
        }
        ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch();
        List<ArrowBuf> buffers = batch.getBuffers();
        long[] offsets = new long[buffers.size()];
        long body = 0;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = body;
            body = FrameFormat.align(body + buffers.get(i).readableBytes());
        }
        ByteBuffer message = recordBatchMessage(batch, offsets, body);
        long metadataEnd = FrameFormat.align(position + FrameFormat.PREFIX_SIZE + message.remaining());
        int metadataLength = (int) (metadataEnd - position);
        batches.add(new Planned(
                batch,
                message,
                position,
                metadataLength,
                offsets,
                body,
                new BatchStats(root.getRowCount(), 0, columns)));
        position = metadataEnd + body;
        plan = Optional.empty();
        return this;
    }

    /** {@return the number of batches added so far} */
    public int batchCount() {
        return batches.size();
    }

    /** {@return the rows of every batch added so far} */
    public long rows() {
        return batches.stream().mapToLong(p -> p.stats.rows()).sum();
    }

    /** {@return the frame's exact size in bytes} */
    public long size() {
        return position + plan().bytes().length + FrameFormat.TRAILER_SIZE;
    }

    /**
     * Writes the frame into {@code region}, which must be exactly {@link #size()} bytes, and
     * writes every byte of it back under {@code policy} (the batch bodies go to memory through
     * {@link MappedRegion#putThrough}, each piece checksummed just before it is copied, while it
     * is in cache). The batches of a large frame are written in parallel, on the common pool.
     *
     * @param region where the frame goes, writable
     * @param policy how the region's memory is kept coherent with other hosts
     * @return every batch's statistics, checksums included, in order
     */
    public List<BatchStats> writeTo(MappedRegion region, CachePolicy policy) {
        long size = size();
        if (region.length() != size) {
            throw new IllegalArgumentException("region size " + region.length() + " is not the frame size " + size);
        }
        region.putBytes(0, FrameFormat.MAGIC, 0, FrameFormat.MAGIC.length);
        region.fill(FrameFormat.MAGIC.length, FrameFormat.HEADER_SIZE - FrameFormat.MAGIC.length, (byte) 0);
        region.putBytes(FrameFormat.HEADER_SIZE, schemaMessage, 0, schemaMessage.length);
        long written = FrameFormat.HEADER_SIZE + schemaMessage.length;
        long firstBatch = batches.isEmpty() ? position : batches.get(0).offset;
        region.fill(written, firstBatch - written, (byte) 0);
        region.writeBack(0, firstBatch, policy);
        Stream<Planned> each = position - firstBatch >= PARALLEL_BYTES && batches.size() > 1
                ? batches.parallelStream()
                : batches.stream();
        List<BatchStats> stats = each.map(planned -> planned.stats.withCrc(writeBatch(region, planned, policy)))
                .toList();
        byte[] footer = plan().withCrcs(stats);
        region.putBytes(position, footer, 0, footer.length);
        ByteBuffer trailer = ByteBuffer.allocate(FrameFormat.TRAILER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        trailer.putInt(footer.length).put(FrameFormat.MAGIC).flip();
        region.putBytes(position + footer.length, trailer);
        region.writeBack(position, size - position, policy);
        return stats;
    }

    /** Frames with at least this many bytes of batches write them in parallel. */
    private static final long PARALLEL_BYTES = 16L << 20;
    /** How much of a buffer is checksummed and then copied at a time: a piece stays in L2 between the two. */
    private static final int PIECE = 256 << 10;

    /** Writes one batch's message and body and writes them back; returns the CRC32C of the body as stored. */
    private static int writeBatch(MappedRegion region, Planned planned, CachePolicy policy) {
        long at = planned.offset;
        region.putInt(at, FrameFormat.CONTINUATION);
        region.putInt(at + 4, planned.metadataLength - FrameFormat.PREFIX_SIZE);
        ByteBuffer message = planned.message.duplicate();
        int messageLength = message.remaining();
        region.putBytes(at + FrameFormat.PREFIX_SIZE, message);
        region.fill(
                at + FrameFormat.PREFIX_SIZE + messageLength,
                planned.metadataLength - FrameFormat.PREFIX_SIZE - messageLength,
                (byte) 0);
        region.writeBack(at, planned.metadataLength, policy);
        long body = at + planned.metadataLength;
        CRC32C crc = new CRC32C();
        long cursor = 0;
        List<ArrowBuf> buffers = planned.batch.getBuffers();
        for (int i = 0; i < buffers.size(); i++) {
            cursor = zeros(region, body, cursor, planned.bufferOffsets[i], crc, policy);
            ArrowBuf buffer = buffers.get(i);
            long length = buffer.readableBytes();
            for (long done = 0; done < length; ) {
                int piece = (int) Math.min(length - done, PIECE);
                ByteBuffer source = buffer.nioBuffer(buffer.readerIndex() + done, piece);
                crc.update(source.duplicate());
                region.putThrough(body + cursor, source, policy);
                cursor += piece;
                done += piece;
            }
        }
        zeros(region, body, cursor, planned.bodyLength, crc, policy);
        return (int) crc.getValue();
    }

    private static final byte[] ZEROS = new byte[(int) FrameFormat.ALIGNMENT];

    private static long zeros(MappedRegion region, long body, long from, long to, CRC32C crc, CachePolicy policy) {
        if (to > from) {
            region.fill(body + from, to - from, (byte) 0);
            region.writeBack(body + from, to - from, policy);
            crc.update(ZEROS, 0, (int) (to - from));
        }
        return to;
    }

    private static ByteBuffer recordBatchMessage(ArrowRecordBatch batch, long[] offsets, long bodyLength) {
        FlatBufferBuilder builder = new FlatBufferBuilder();
        List<ArrowBuf> buffers = batch.getBuffers();
        RecordBatch.startBuffersVector(builder, buffers.size());
        for (int i = buffers.size() - 1; i >= 0; i--) {
            org.apache.arrow.flatbuf.Buffer.createBuffer(
                    builder, offsets[i], buffers.get(i).readableBytes());
        }
        int buffersVector = builder.endVector();
        List<ArrowFieldNode> nodes = batch.getNodes();
        RecordBatch.startNodesVector(builder, nodes.size());
        for (int i = nodes.size() - 1; i >= 0; i--) {
            FieldNode.createFieldNode(
                    builder, nodes.get(i).getLength(), nodes.get(i).getNullCount());
        }
        int nodesVector = builder.endVector();
        List<Long> variadic = batch.getVariadicBufferCounts();
        int variadicVector = variadic == null || variadic.isEmpty()
                ? 0
                : RecordBatch.createVariadicBufferCountsVector(
                        builder, variadic.stream().mapToLong(Long::longValue).toArray());
        RecordBatch.startRecordBatch(builder);
        RecordBatch.addLength(builder, batch.getLength());
        RecordBatch.addNodes(builder, nodesVector);
        RecordBatch.addBuffers(builder, buffersVector);
        if (variadicVector != 0) {
            RecordBatch.addVariadicBufferCounts(builder, variadicVector);
        }
        int recordBatch = RecordBatch.endRecordBatch(builder);
        return MessageSerializer.serializeMessage(
                builder, MessageHeader.RecordBatch, recordBatch, bodyLength, IpcOption.DEFAULT);
    }

    /**
     * The footer with placeholder checksums, built once per batch added (its statistics in JSON
     * are the costly part): its size does not depend on the checksums, which {@link
     * FooterPlan#withCrcs} writes into a copy once the batches are written.
     */
    private FooterPlan plan() {
        if (plan.isEmpty()) {
            String json = BatchStats.toJson(batches.stream().map(Planned::stats).toList());
            byte[] footer = footer(json);
            plan = Optional.of(FooterPlan.of(footer, json.getBytes(StandardCharsets.UTF_8)));
        }
        return plan.get();
    }

    private byte[] footer(String statsJson) {
        List<ArrowBlock> blocks = new ArrayList<>();
        for (Planned planned : batches) {
            blocks.add(new ArrowBlock(planned.offset, planned.metadataLength, planned.bodyLength));
        }
        footerMetadata.put(FrameFormat.STATS_KEY, statsJson);
        FlatBufferBuilder builder = new FlatBufferBuilder();
        builder.finish(
                new ArrowFooter(schema, List.of(), blocks, footerMetadata, MetadataVersion.DEFAULT).writeTo(builder));
        return builder.sizedByteArray();
    }

    @Override
    public void close() {
        for (Planned planned : batches) {
            planned.batch.close();
        }
        batches.clear();
    }
}
