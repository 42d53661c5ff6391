package io.arrowfamfs.cdata;

import static io.arrowfamfs.cdata.ArrowArrayLayout.POINTER;
import static io.arrowfamfs.cdata.ArrowArrayLayout.SIZE;

import io.arrowfamfs.nativeio.BorrowedStreams;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.ArrowSchema;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Batch slices as an Arrow C stream whose arrays point straight at the pinned buffers: no copy,
 * and no call into the JVM while a native consumer (DuckDB) scans it, from any of its threads.
 * Every {@code struct ArrowArray} is laid out up front in one native block; the stream hands them
 * out in order. The stream can be read once.
 *
 * <p>Lifetime: the consumer may hold pointers into the block and the pinned buffers until it is
 * done with the stream (for DuckDB: until the view over it is dropped). Close this only then; the
 * chunks must stay pinned until this is closed.
 */
public final class BorrowedArrayStream implements AutoCloseable {
    private final ArrowSchema schemaTemplate;
    private final ArrowBuf arrays;
    private final ArrowArrayStream stream;
    private final long bytes;
    private boolean closed;

    private BorrowedArrayStream(ArrowSchema schemaTemplate, ArrowBuf arrays, ArrowArrayStream stream, long bytes) {
        this.schemaTemplate = schemaTemplate;
        this.arrays = arrays;
        this.stream = stream;
        this.bytes = bytes;
    }

    /**
     * A stream of {@code slices}, each with one chunk per field of {@code schema} (schema-level
     * metadata is not exported). Native bookkeeping comes from {@code allocator}.
     *
     * @param schema the batches' schema
     * @param slices the batches, in the order the stream hands them out
     * @param allocator where the native block, schema and stream structs are allocated
     * @return the stream, which the caller closes once the consumer is done
     */
    public static BorrowedArrayStream export(Schema schema, List<BatchSlice> slices, BufferAllocator allocator) {
        int columns = schema.getFields().size();
        long size = (long) slices.size() * SIZE + POINTER;
        long bytes = 0;
        Set<ColumnChunk> dictionaries = Collections.newSetFromMap(new IdentityHashMap<>());
        for (BatchSlice slice : slices) {
            if (slice.columns().size() != columns) {
                throw new IllegalArgumentException(
                        "slice has " + slice.columns().size() + " columns, schema has " + columns);
            }
            size += (long) columns * POINTER;
            for (ColumnChunk column : slice.columns()) {
                size += nodeSize(column);
                if (column.dictionary() != null && dictionaries.add(column.dictionary())) {
                    size += nodeSize(column.dictionary());
                }
            }
            bytes += slice.bytes();
        }
        ArrowBuf arrays = allocator.buffer(size);
        ArrowSchema template = null;
        ArrowArrayStream stream = null;
        try {
            template = ArrowSchema.allocateNew(allocator);
            stream = ArrowArrayStream.allocateNew(allocator);
            arrays.setZero(0, size);
            new Layout(arrays, slices.size()).write(slices);
            exportSchema(schema, template, allocator);
            BorrowedStreams.initialize(
                    stream.memoryAddress(), template.memoryAddress(), arrays.memoryAddress(), slices.size());
            return new BorrowedArrayStream(template, arrays, stream, bytes);
        } catch (RuntimeException e) {
            if (stream != null) {
                stream.close();
            }
            if (template != null) {
                template.release();
                template.close();
            }
            arrays.close();
            throw e;
        }
    }

    /**
     * The stream to hand to a consumer, e.g. {@code DuckDBConnection.registerArrowStream}: a view
     * of the struct this object owns, so a consumer that closes it (Arrow Java's importer does)
     * frees nothing.
     *
     * @return a view of the stream struct
     */
    public ArrowArrayStream stream() {
        return ArrowArrayStream.wrap(stream.memoryAddress());
    }

    /**
     * Moves the stream into {@code target} (the C stream interface's move: this struct is left
     * released). The arrays stay owned by this object: close it only once the consumer is done.
     */
    void moveTo(ArrowArrayStream target) {
        target.save(stream.snapshot());
        stream.save(new ArrowArrayStream.Snapshot());
    }

    /** {@return the bytes of column buffers the stream covers} */
    public long bytes() {
        return bytes;
    }

    /** Releases the stream (if the consumer has not), its schema and its arrays. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            BorrowedStreams.close(stream.memoryAddress());
            stream.close();
        } finally {
            schemaTemplate.release();
            schemaTemplate.close();
            arrays.close();
        }
    }

    /**
     * Exports {@code schema}'s fields into {@code template}. A dictionary-encoded field comes in
     * message form (its values' type, as a frame's schema has it) and is exported with its index
     * type as its format and its values' type as its dictionary's, which Arrow's exporter takes
     * from an (unallocated) vector of that type.
     */
    private static void exportSchema(Schema schema, ArrowSchema template, BufferAllocator allocator) {
        DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
        try {
            List<Field> fields = new ArrayList<>();
            for (Field field : schema.getFields()) {
                DictionaryEncoding encoding = field.getDictionary();
                if (encoding == null) {
                    fields.add(field);
                    continue;
                }
                if (provider.lookup(encoding.getId()) == null) {
                    Field values = new Field(
                            field.getName(),
                            new FieldType(field.isNullable(), field.getType(), null, field.getMetadata()),
                            field.getChildren());
                    provider.put(new Dictionary(values.createVector(allocator), encoding));
                }
                fields.add(new Field(
                        field.getName(),
                        new FieldType(field.isNullable(), encoding.getIndexType(), encoding, field.getMetadata()),
                        List.of()));
            }
            Data.exportSchema(allocator, new Schema(fields), provider, template);
        } finally {
            provider.close();
        }
    }

    private static long nodeSize(ColumnChunk chunk) {
        long size = SIZE + (long) chunk.children().size() * POINTER;
        for (ColumnChunk child : chunk.children()) {
            size += nodeSize(child);
        }
        return size;
    }

    /**
     * Writes the block: the top-level arrays first (contiguous, as the native stream indexes
     * them), one null pointer shared as every top-level array's validity buffer, then per slice
     * its children pointers and its column arrays, depth first.
     */
    private static final class Layout {
        private final ArrowBuf block;
        private final long base;
        private final long release = BorrowedStreams.releaseCallback();
        private final long nullBuffer;
        /** Where each dictionary's struct was written: one per dictionary, however many slices index it. */
        private final Map<ColumnChunk, Long> dictionaries = new IdentityHashMap<>();

        private long cursor;

        Layout(ArrowBuf block, int slices) {
            this.block = block;
            this.base = block.memoryAddress();
            this.nullBuffer = (long) slices * SIZE;
            this.cursor = nullBuffer + POINTER;
        }

        void write(List<BatchSlice> slices) {
            for (int i = 0; i < slices.size(); i++) {
                BatchSlice slice = slices.get(i);
                long children = allocate((long) slice.columns().size() * POINTER);
                for (int c = 0; c < slice.columns().size(); c++) {
                    ColumnChunk column = slice.columns().get(c);
                    long nulls = column.nullCount() == 0
                            ? 0
                            : slice.rows() == column.length()
                                    ? column.nullCount()
                                    : ArrowArrayLayout.UNKNOWN_NULL_COUNT;
                    block.setLong(
                            children + (long) c * POINTER, base + node(column, slice.rows(), nulls, slice.offset()));
                }
                array(
                        (long) i * SIZE,
                        slice.rows(),
                        0,
                        0,
                        1,
                        base + nullBuffer,
                        slice.columns().size(),
                        base + children,
                        0);
            }
        }

        /** The struct of {@code dictionary}, written the first time a column indexes it. */
        private long dictionary(ColumnChunk dictionary) {
            Long at = dictionaries.get(dictionary);
            if (at == null) {
                at = node(dictionary, dictionary.length(), dictionary.nullCount(), 0);
                dictionaries.put(dictionary, at);
            }
            return at;
        }

        /** Writes {@code chunk} and its children; returns the offset of its struct in the block. */
        private long node(ColumnChunk chunk, long length, long nullCount, long offset) {
            long dictionary = chunk.dictionary() == null ? 0 : base + dictionary(chunk.dictionary());
            long at = allocate(SIZE);
            long children = allocate((long) chunk.children().size() * POINTER);
            for (int c = 0; c < chunk.children().size(); c++) {
                ColumnChunk child = chunk.children().get(c);
                block.setLong(children + (long) c * POINTER, base + node(child, child.length(), child.nullCount(), 0));
            }
            array(
                    at,
                    length,
                    nullCount,
                    offset,
                    chunk.bufferCount(),
                    chunk.bufferAddresses(),
                    chunk.children().size(),
                    chunk.children().isEmpty() ? 0 : base + children,
                    dictionary);
            return at;
        }

        private void array(
                long at,
                long length,
                long nullCount,
                long offset,
                int buffers,
                long bufferAddresses,
                int children,
                long childAddresses,
                long dictionary) {
            block.setLong(at + ArrowArrayLayout.LENGTH, length);
            block.setLong(at + ArrowArrayLayout.NULL_COUNT, nullCount);
            block.setLong(at + ArrowArrayLayout.OFFSET, offset);
            block.setLong(at + ArrowArrayLayout.N_BUFFERS, buffers);
            block.setLong(at + ArrowArrayLayout.N_CHILDREN, children);
            block.setLong(at + ArrowArrayLayout.BUFFERS, bufferAddresses);
            block.setLong(at + ArrowArrayLayout.CHILDREN, childAddresses);
            block.setLong(at + ArrowArrayLayout.DICTIONARY, dictionary);
            block.setLong(at + ArrowArrayLayout.RELEASE, release);
            block.setLong(at + ArrowArrayLayout.PRIVATE_DATA, 0);
        }

        private long allocate(long bytes) {
            long at = cursor;
            cursor += bytes;
            return at;
        }
    }
}
