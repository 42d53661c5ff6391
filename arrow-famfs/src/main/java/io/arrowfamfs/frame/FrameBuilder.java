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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowFooter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.MetadataVersion;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.DictionaryUtility;

/**
 * Collects record batches, then writes the frame straight into a mapping ({@link #writeTo}): no
 * intermediate copy of the frame. Layout in {@link FrameFormat}. Batches are retained from
 * {@link #add} until {@link #close}; the caller keeps ownership of the roots it adds, and must not
 * write into their buffers until then (reusing a root through {@code allocateNew} is fine).
 *
 * <p>The statistics of integer, date, timestamp and float columns are computed as they are copied,
 * piece by piece while each piece is in cache, so that a publish reads its source once. Until then
 * the frame's size is known only to within its footer: {@link #sizeBound()} is what to reserve,
 * and {@link #writeTo} says how long the frame came out. {@link #size()} computes the statistics
 * first (a pass over the values) for callers that need the exact size beforehand, such as a file
 * of exactly the frame's length.
 */
public final class FrameBuilder implements AutoCloseable {
    /** The frame's schema as its footer holds it: a dictionary-encoded field has its values' type. */
    private final Schema schema;
    /** The schema of the roots added: a dictionary-encoded field has its index type. */
    private final Schema vectorSchema;

    private final byte[] schemaMessage;
    /** Each dictionary batch, in id order, and where it starts in the frame. */
    private final List<EncodedDictionary> dictionaries = new ArrayList<>();

    private final List<Long> dictionaryAt = new ArrayList<>();
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

    /**
     * One batch with its message, buffer offsets in the body and statistics: {@code columns[c]}
     * is null for a column whose statistics are computed as it is written, from {@code
     * zoned[c]}, a vector over the batch's own buffers; {@code columnOf[i]} is the column whose
     * data buffer is buffer {@code i}, if it is such a column's, else -1.
     */
    private record Planned(
            ArrowRecordBatch batch,
            ByteBuffer message,
            long offset,
            int metadataLength,
            long[] bufferOffsets,
            long bodyLength,
            int rows,
            ColumnStats[] columns,
            FieldVector[] zoned,
            int[] columnOf) {
        boolean statsKnown() {
            return Arrays.stream(columns).allMatch(Objects::nonNull);
        }

        /** The batch's statistics, with {@code computed} for the columns not known before. */
        BatchStats stats(int crc, ColumnStats[] computed) {
            List<ColumnStats> all = new ArrayList<>(columns.length);
            for (int c = 0; c < columns.length; c++) {
                all.add(columns[c] != null ? columns[c] : computed[c]);
            }
            return new BatchStats(rows, crc, all);
        }
    }

    /** What {@link #writeTo} wrote: the frame's length and each batch's statistics, checksums included. */
    public record Written(long length, List<BatchStats> batches) {
        /**
         * The record, with its list copied.
         *
         * @param length the frame's length in bytes, from byte 0 of the region
         * @param batches each batch's statistics, in order
         */
        public Written {
            batches = List.copyOf(batches);
        }
    }

    /**
     * Frames with at most this many bytes of batches are sized exactly before they are written:
     * their statistics cost less than the slack a bound would leave between packed frames.
     */
    public static final long EXACT_BYTES = 1 << 20;

    /** Room past the widest statistics' footer for the flatbuffer's alignment. */
    private static final int FOOTER_SLACK = 64;

    /**
     * An empty frame of {@code schema}, which has no dictionary-encoded fields.
     *
     * @param schema the schema every added batch must have
     */
    public FrameBuilder(Schema schema) {
        this(schema, new DictionaryProvider.MapDictionaryProvider());
    }

    /**
     * An empty frame of {@code schema} whose dictionary-encoded fields take their dictionaries
     * from {@code provider}: each is written whole as a dictionary batch before the record
     * batches (so every frame carries its dictionaries; a table's frames may share codes by
     * carrying dictionaries that extend one another). The dictionaries are copied here: they may
     * change or close afterwards.
     *
     * @param schema the schema of the roots to add: a dictionary-encoded field has its index type
     *     and its {@code DictionaryEncoding}, as {@code DictionaryEncoder} makes them
     * @param provider holds the dictionary of every dictionary-encoded field
     * @throws IllegalArgumentException if a field's dictionary is missing
     */
    public FrameBuilder(Schema schema, DictionaryProvider provider) {
        this.vectorSchema = schema;
        Set<Long> ids = new TreeSet<>();
        List<Field> fields = new ArrayList<>();
        for (Field field : schema.getFields()) {
            fields.add(DictionaryUtility.toMessageFormat(field, provider, ids));
        }
        this.schema = new Schema(fields, schema.getCustomMetadata());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            MessageSerializer.serialize(new WriteChannel(Channels.newChannel(bytes)), this.schema, IpcOption.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.schemaMessage = bytes.toByteArray();
        this.position = FrameFormat.align(FrameFormat.HEADER_SIZE + schemaMessage.length);
        for (long id : ids) {
            EncodedDictionary encoded =
                    EncodedDictionary.of(id, provider.lookup(id).getVector());
            dictionaries.add(encoded);
            dictionaryAt.add(position);
            position += encoded.blockLength();
        }
    }

    /**
     * A builder of a frame of {@code frameSchema}, a frame's schema as {@link Frame#schema()} gives
     * it (a dictionary-encoded field has its values' type), with empty dictionaries: for
     * schema-only frames.
     *
     * @param frameSchema the schema, its dictionary-encoded fields in message form
     * @return the builder
     */
    public static FrameBuilder forSchema(Schema frameSchema) {
        try (BufferAllocator allocator = new RootAllocator()) {
            Map<Long, Dictionary> empty = new HashMap<>();
            List<Field> fields = new ArrayList<>();
            try {
                for (Field field : frameSchema.getFields()) {
                    fields.add(DictionaryUtility.toMemoryFormat(field, allocator, empty));
                }
                DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
                for (Dictionary dictionary : empty.values()) {
                    dictionary.getVector().allocateNew();
                    dictionary.getVector().setValueCount(0);
                    provider.put(dictionary);
                }
                return new FrameBuilder(new Schema(fields, frameSchema.getCustomMetadata()), provider);
            } finally {
                empty.values().forEach(dictionary -> dictionary.getVector().close());
            }
        }
    }

    /** {@return the frame's schema, as {@link Frame#schema()} will give it: dictionary-encoded fields have their values' type} */
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
        if (!root.getSchema().equals(vectorSchema)) {
            throw new IllegalArgumentException(
                    "batch schema differs from the frame's: batch=" + root.getSchema() + " frame=" + vectorSchema);
        }
        int rows = root.getRowCount();
        List<FieldVector> vectors = root.getFieldVectors();
        ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch();
        List<ArrowBuf> buffers = batch.getBuffers();
        ColumnStats[] columns = new ColumnStats[vectors.size()];
        FieldVector[] zoned = new FieldVector[vectors.size()];
        int[] columnOf = new int[buffers.size()];
        Arrays.fill(columnOf, -1);
        int first = 0;
        for (int c = 0; c < vectors.size(); c++) {
            FieldVector vector = vectors.get(c);
            int count = bufferCount(vector);
            if (rows > 0 && count == 2 && ColumnStats.ofZones(vector)) {
                zoned[c] = vector.getField().createVector(vector.getAllocator());
                zoned[c].loadFieldBuffers(
                        new ArrowFieldNode(rows, vector.getNullCount()), buffers.subList(first, first + 2));
                columnOf[first + 1] = c;
            } else {
                columns[c] = ColumnStats.of(vector, rows);
            }
            first += count;
        }
        long[] offsets = FrameFormat.bodyOffsets(buffers);
        long body = offsets[buffers.size()];
        ByteBuffer message = recordBatchMessage(batch, offsets, body);
        long metadataEnd = FrameFormat.align(position + FrameFormat.PREFIX_SIZE + message.remaining());
        int metadataLength = (int) (metadataEnd - position);
        batches.add(
                new Planned(batch, message, position, metadataLength, offsets, body, rows, columns, zoned, columnOf));
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
        return batches.stream().mapToLong(Planned::rows).sum();
    }

    /**
     * {@return the frame's exact size in bytes} Computes the statistics not known yet first, a
     * pass over those columns' values that {@link #writeTo} would otherwise make as it copies.
     */
    public long size() {
        for (Planned planned : batches) {
            for (int c = 0; c < planned.columns.length; c++) {
                if (planned.columns[c] == null) {
                    planned.columns[c] = ColumnStats.of(planned.zoned[c], planned.rows);
                }
            }
        }
        return position + plan().bytes().length + FrameFormat.TRAILER_SIZE;
    }

    /**
     * {@return at least the frame's size in bytes: what to reserve for {@link #writeTo}} The
     * exact size for a frame of at most {@link #EXACT_BYTES} of batches, or once the statistics
     * are known; else the size with the widest statistics each column's type can have.
     */
    public long sizeBound() {
        if (position <= EXACT_BYTES || batches.stream().allMatch(Planned::statsKnown)) {
            return size();
        }
        List<BatchStats> widest = new ArrayList<>();
        for (Planned planned : batches) {
            ColumnStats[] placeholders = new ColumnStats[planned.columns.length];
            for (int c = 0; c < placeholders.length; c++) {
                if (planned.columns[c] == null) {
                    placeholders[c] = ColumnStats.widest(planned.zoned[c], planned.rows);
                }
            }
            widest.add(planned.stats(0, placeholders));
        }
        return position + footer(BatchStats.toJson(widest)).length + FOOTER_SLACK + FrameFormat.TRAILER_SIZE;
    }

    /** The buffers {@code vector} and its children put in a record batch, as {@link VectorUnloader} lays them out. */
    private static int bufferCount(FieldVector vector) {
        int count = vector.getFieldBuffers().size();
        for (FieldVector child : vector.getChildrenFromFields()) {
            count += bufferCount(child);
        }
        return count;
    }

    /**
     * Writes the frame from byte 0 of {@code region}, which must hold at least {@link
     * #sizeBound()} bytes (or {@link #size()}, once that was asked), and writes every byte of it
     * back under {@code policy}: the batch bodies go to memory through {@link
     * MappedRegion#putThrough}, each piece first read for its column's statistics and checksummed,
     * then copied while it is in cache. The batches of a large frame are written in parallel, on
     * the common pool.
     *
     * @param region where the frame goes, writable
     * @param policy how the region's memory is kept coherent with other hosts
     * @return the frame's length and every batch's statistics, checksums included, in order
     */
    public Written writeTo(MappedRegion region, CachePolicy policy) {
        long needed = sizeBound(); // a small frame's statistics are computed here: then they are known
        boolean known = batches.stream().allMatch(Planned::statsKnown);
        if (region.length() < needed) {
            throw new IllegalArgumentException("region size " + region.length() + " is below the frame's " + needed);
        }
        region.putBytes(0, FrameFormat.MAGIC, 0, FrameFormat.MAGIC.length);
        region.fill(FrameFormat.MAGIC.length, FrameFormat.HEADER_SIZE - FrameFormat.MAGIC.length, (byte) 0);
        region.putBytes(FrameFormat.HEADER_SIZE, schemaMessage, 0, schemaMessage.length);
        long written = FrameFormat.HEADER_SIZE + schemaMessage.length;
        long firstBatch = batches.isEmpty() ? position : batches.get(0).offset;
        region.fill(written, firstBatch - written, (byte) 0);
        for (int k = 0; k < dictionaries.size(); k++) {
            writeDictionary(region, dictionaryAt.get(k), dictionaries.get(k));
        }
        region.writeBack(0, firstBatch, policy);
        Stream<Planned> each = position - firstBatch >= PARALLEL_BYTES && batches.size() > 1
                ? batches.parallelStream()
                : batches.stream();
        List<BatchStats> stats =
                each.map(planned -> writeBatch(region, planned, policy)).toList();
        byte[] footer = known ? plan().withCrcs(stats) : footer(BatchStats.toJson(stats));
        long length = position + footer.length + FrameFormat.TRAILER_SIZE;
        if (length > region.length()) {
            throw new IllegalStateException("frame footer outgrew its bound: length=" + length + " bound=" + needed);
        }
        region.putBytes(position, footer, 0, footer.length);
        ByteBuffer trailer = ByteBuffer.allocate(FrameFormat.TRAILER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        trailer.putInt(footer.length).put(FrameFormat.MAGIC).flip();
        region.putBytes(position + footer.length, trailer);
        region.writeBack(position, length - position, policy);
        return new Written(length, stats);
    }

    /** Writes a dictionary batch at {@code at}, over zeros: prefix, message, body. */
    private static void writeDictionary(MappedRegion region, long at, EncodedDictionary dictionary) {
        region.putInt(at, FrameFormat.CONTINUATION);
        region.putInt(at + 4, dictionary.metadataLength() - FrameFormat.PREFIX_SIZE);
        region.putBytes(at + FrameFormat.PREFIX_SIZE, dictionary.message().duplicate());
        byte[] body = dictionary.body();
        region.putBytes(at + dictionary.metadataLength(), body, 0, body.length);
    }

    /** Frames with at least this many bytes of batches write them in parallel. */
    private static final long PARALLEL_BYTES = 16L << 20;
    /** How much of a buffer is checksummed and then copied at a time: a piece stays in L2 between the two. */
    private static final int PIECE = 256 << 10;

    /**
     * Writes one batch's message and body and writes them back; returns its statistics, with the
     * CRC32C of the body as stored.
     */
    private static BatchStats writeBatch(MappedRegion region, Planned planned, CachePolicy policy) {
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
        ColumnStats[] computed = new ColumnStats[planned.columns.length];
        int crc = region.copiesWithCrc32c(policy)
                ? writeBodyFolded(region, body, planned, policy, computed)
                : writeBody(region, body, planned, policy, computed);
        return planned.stats(crc, computed);
    }

    /**
     * A batch body, piece by piece: each piece is read for its column's statistics (if still
     * unknown), checksummed while it is in L2, then copied through; returns the body's CRC32C.
     */
    private static int writeBody(
            MappedRegion region, long body, Planned planned, CachePolicy policy, ColumnStats[] computed) {
        CRC32C crc = new CRC32C();
        long cursor = 0;
        List<ArrowBuf> buffers = planned.batch.getBuffers();
        for (int i = 0; i < buffers.size(); i++) {
            cursor = zeros(region, body, cursor, planned.bufferOffsets[i], crc, policy);
            ArrowBuf buffer = buffers.get(i);
            int column = planned.columnOf[i];
            Optional<PieceStats> stats = column >= 0 && planned.columns[column] == null
                    ? Optional.of(new PieceStats(planned.zoned[column]))
                    : Optional.empty();
            long length = buffer.readableBytes();
            for (long done = 0; done < length; ) {
                int piece = (int) Math.min(length - done, PIECE);
                stats.ifPresent(values -> values.add(piece));
                ByteBuffer source = buffer.nioBuffer(buffer.readerIndex() + done, piece);
                crc.update(source.duplicate());
                region.putThrough(body + cursor, source, policy);
                cursor += piece;
                done += piece;
            }
            stats.ifPresent(values -> computed[column] = values.stats());
        }
        zeros(region, body, cursor, planned.bodyLength, crc, policy);
        return (int) crc.getValue();
    }

    /**
     * A batch body through the copy that checksums what it reads ({@link
     * MappedRegion#putThroughCrc32c}): one read of the source. The bounds of a 64-bit signed
     * column without nulls come from that read too; other columns' statistics still read their
     * piece first.
     */
    private static int writeBodyFolded(
            MappedRegion region, long body, Planned planned, CachePolicy policy, ColumnStats[] computed) {
        int crc = 0;
        long cursor = 0;
        ByteBuffer minMax = null;
        List<ArrowBuf> buffers = planned.batch.getBuffers();
        for (int i = 0; i < buffers.size(); i++) {
            crc = zerosFolded(region, body, cursor, planned.bufferOffsets[i], crc, policy);
            cursor = planned.bufferOffsets[i];
            ArrowBuf buffer = buffers.get(i);
            long length = buffer.readableBytes();
            int column = planned.columnOf[i];
            boolean wanted = column >= 0 && planned.columns[column] == null;
            boolean folded = wanted && ColumnStats.boundedAsSigned64(planned.zoned[column], length);
            Optional<PieceStats> stats =
                    wanted && !folded ? Optional.of(new PieceStats(planned.zoned[column])) : Optional.empty();
            if (folded) {
                minMax = minMax != null
                        ? minMax
                        : ByteBuffer.allocateDirect(2 * Long.BYTES).order(ByteOrder.nativeOrder());
                minMax.putLong(0, Long.MAX_VALUE).putLong(Long.BYTES, Long.MIN_VALUE);
            }
            for (long done = 0; done < length; ) {
                int piece = (int) Math.min(length - done, PIECE);
                stats.ifPresent(values -> values.add(piece));
                ByteBuffer source = buffer.nioBuffer(buffer.readerIndex() + done, piece);
                crc = region.putThroughCrc32c(body + cursor, source, policy, crc, folded ? minMax : null);
                cursor += piece;
                done += piece;
            }
            if (folded) {
                computed[column] = ColumnStats.ofLongs(0, minMax.getLong(0), minMax.getLong(Long.BYTES));
            }
            stats.ifPresent(values -> computed[column] = values.stats());
        }
        return zerosFolded(region, body, cursor, planned.bodyLength, crc, policy);
    }

    private static int zerosFolded(MappedRegion region, long body, long from, long to, int crc, CachePolicy policy) {
        return to > from ? region.fillThroughCrc32c(body + from, to - from, policy, crc) : crc;
    }

    /** A column's statistics over the pieces of its data buffer copied so far, merged zone by zone. */
    private static final class PieceStats {
        private final FieldVector vector;
        private final int width;
        private final boolean mayHaveNulls;
        private ColumnStats.Zone merged;
        private int row;

        PieceStats(FieldVector vector) {
            this.vector = vector;
            this.width = ((BaseFixedWidthVector) vector).getTypeWidth();
            this.mayHaveNulls = vector.getNullCount() > 0;
        }

        /** The next {@code bytes} of the data buffer (whole values: a piece is a multiple of every width). */
        void add(int bytes) {
            int rows = Math.min(bytes / width, vector.getValueCount() - row);
            ColumnStats.Zone zone = new ColumnStats.Zone(ColumnStats.of(vector, row, rows, mayHaveNulls), rows);
            merged = merged == null ? zone : merged.merge(zone);
            row += rows;
        }

        ColumnStats stats() {
            return merged.stats();
        }
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
        int recordBatch = recordBatchTable(builder, batch, offsets);
        return MessageSerializer.serializeMessage(
                builder, MessageHeader.RecordBatch, recordBatch, bodyLength, IpcOption.DEFAULT);
    }

    /** Builds {@code batch}'s RecordBatch table, its buffers at {@code offsets} in the body; returns its offset. */
    static int recordBatchTable(FlatBufferBuilder builder, ArrowRecordBatch batch, long[] offsets) {
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
        return RecordBatch.endRecordBatch(builder);
    }

    /**
     * The footer with placeholder checksums, built once per batch added (its statistics in JSON
     * are the costly part): its size does not depend on the checksums, which {@link
     * FooterPlan#withCrcs} writes into a copy once the batches are written.
     */
    private FooterPlan plan() {
        if (plan.isEmpty()) {
            String json = BatchStats.toJson(
                    batches.stream().map(p -> p.stats(0, p.columns)).toList());
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
        List<ArrowBlock> dictionaryBlocks = new ArrayList<>();
        for (int k = 0; k < dictionaries.size(); k++) {
            EncodedDictionary dictionary = dictionaries.get(k);
            dictionaryBlocks.add(
                    new ArrowBlock(dictionaryAt.get(k), dictionary.metadataLength(), dictionary.body().length));
        }
        if (!dictionaries.isEmpty()) {
            footerMetadata.put(
                    FrameFormat.DICTIONARIES_KEY,
                    DictionaryStats.toJson(
                            dictionaries.stream().map(EncodedDictionary::stats).toList()));
        }
        FlatBufferBuilder builder = new FlatBufferBuilder();
        builder.finish(new ArrowFooter(schema, dictionaryBlocks, blocks, footerMetadata, MetadataVersion.DEFAULT)
                .writeTo(builder));
        return builder.sizedByteArray();
    }

    @Override
    public void close() {
        for (Planned planned : batches) {
            planned.batch.close();
            for (FieldVector vector : planned.zoned) {
                if (vector != null) {
                    vector.close();
                }
            }
        }
        batches.clear();
    }
}
