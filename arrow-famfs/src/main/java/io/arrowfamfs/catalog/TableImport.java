package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.SourceReadException;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;

/**
 * Publishes everything an {@link ArrowReader} yields as one new frame of a table (created with
 * the reader's schema, in the same commit, if it does not exist). A source's dictionary-encoded columns are decoded,
 * then encoded again into the table's own dictionaries ({@link ColumnDictionaries}); small batches are coalesced into batches of about
 * {@code batchRows} rows (64K-row batches made DuckDB scans 2.3x slower than 1M-row ones).
 * Nothing is visible until the single commit at the end: a failure (a full device, a bad source)
 * publishes nothing (a failure while the frame is copied leaves its famfs file as an orphan that
 * fsck reports). The copy holds no lock: readers and other writers go on meanwhile.
 */
public final class TableImport {
    /** Rows per record batch unless told otherwise: about 1M (see the class comment). */
    public static final int DEFAULT_BATCH_ROWS = 1 << 20;
    /**
     * Distinct values at most, unless told otherwise, for a new table's column of strings or of
     * 64-bit values to be stored as codes into a dictionary: 10,000, coded in 16 bits (so the
     * dictionary can grow threefold).
     */
    public static final int DEFAULT_DICTIONARY_THRESHOLD = 10_000;

    private TableImport() {}

    /**
     * Imports {@code reader} into {@code table}; {@code progress} receives the rows read so far. A
     * new table stores each column of strings or of 64-bit values with at most {@code
     * dictionaryThreshold} distinct values as codes into a dictionary (0: none; {@link #DEFAULT_DICTIONARY_THRESHOLD} unless the user
     * says otherwise); an existing table keeps its columns' encodings, and its dictionaries grow by
     * what this import adds (codes already given never change).
     *
     * @param catalog the catalog to publish to; on a client node the frame goes through the node's
     *     outbox, as {@link Catalog#createOrAppend} says
     * @param table the table to append the frame to, created with the reader's (decoded) schema if missing
     * @param reader the source; read to its end, and left open for the caller to close
     * @param allocator the allocator for the batches, the dictionaries and mapping frames
     * @param batchRows about how many rows each batch of the frame holds, e.g. {@link #DEFAULT_BATCH_ROWS}
     * @param dictionaryThreshold the most distinct values a new table's string column is encoded with; 0 for none
     * @param progress called after each source batch with the total rows read so far
     * @return the committed frame
     * @throws SourceReadException if the reader fails
     * @throws SchemaMismatchException if the table exists with another schema
     * @throws DictionaryFullException if a dictionary would outgrow its codes
     * @throws InvalidTableNameException if {@code table} cannot name a table
     */
    public static FrameRef run(
            Catalog catalog,
            String table,
            ArrowReader reader,
            BufferAllocator allocator,
            int batchRows,
            int dictionaryThreshold,
            LongConsumer progress) {
        if (dictionaryThreshold < 0) {
            throw new IllegalArgumentException("dictionary threshold must not be negative: " + dictionaryThreshold);
        }
        List<VectorSchemaRoot> batches = new ArrayList<>();
        try {
            Schema schema = decodedSchema(reader);
            VectorSchemaRoot pending = newBatch(schema, allocator);
            batches.add(pending);
            long rows = 0;
            while (reader.loadNextBatch()) {
                try (VectorSchemaRoot batch = decoded(reader, schema, allocator)) {
                    VectorSchemaRootAppender.append(pending, batch);
                    rows += batch.getRowCount();
                }
                if (pending.getRowCount() >= batchRows) {
                    pending = newBatch(schema, allocator);
                    batches.add(pending);
                }
                progress.accept(rows);
            }
            if (pending.getRowCount() == 0) {
                batches.remove(batches.size() - 1).close();
            }
            return publish(catalog, table, schema, batches, allocator, dictionaryThreshold);
        } catch (IOException e) {
            throw new SourceReadException("cannot read import source: table=" + table + " error=" + e, e);
        } finally {
            batches.forEach(VectorSchemaRoot::close);
        }
    }

    /** Encodes {@code batches} as the table's dictionaries say and publishes them as one frame. */
    private static FrameRef publish(
            Catalog catalog,
            String table,
            Schema plain,
            List<VectorSchemaRoot> batches,
            BufferAllocator allocator,
            int dictionaryThreshold) {
        Optional<TableState> existing = catalog.snapshot().table(table);
        try (ColumnDictionaries dictionaries = existing.isPresent()
                ? continued(catalog, existing.get(), allocator)
                : ColumnDictionaries.forNewTable(batches, plain, dictionaryThreshold, allocator)) {
            Schema vectorSchema = dictionaries.vectorSchema(plain);
            List<VectorSchemaRoot> encoded = new ArrayList<>();
            try {
                for (VectorSchemaRoot batch : batches) {
                    encoded.add(dictionaries.encode(batch, vectorSchema));
                }
                try (FrameBuilder frame = new FrameBuilder(vectorSchema, dictionaries)) {
                    encoded.forEach(frame::add);
                    return catalog.createOrAppend(table, frame, allocator);
                }
            } finally {
                encoded.forEach(VectorSchemaRoot::close);
            }
        }
    }

    /** The dictionaries of an existing table, continuing from its newest frame's. */
    private static ColumnDictionaries continued(Catalog catalog, TableState table, BufferAllocator allocator) {
        Schema schema = catalog.schema(table, allocator);
        if (table.frames().isEmpty() || schema.getFields().stream().allMatch(f -> f.getDictionary() == null)) {
            return ColumnDictionaries.forTable(schema, Optional.empty(), allocator);
        }
        try (Frame newest = catalog.attach(table.frames().get(table.frames().size() - 1), allocator, false)) {
            return ColumnDictionaries.forTable(
                    schema, Optional.<LongFunction<Dictionary>>of(newest::dictionary), allocator);
        }
    }

    /** An allocated, empty root: appending to a never-allocated string vector fails in Arrow. */
    private static VectorSchemaRoot newBatch(Schema schema, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        return root;
    }

    private static Schema decodedSchema(ArrowReader reader) throws IOException {
        Schema schema = reader.getVectorSchemaRoot().getSchema();
        List<Field> fields = new ArrayList<>();
        for (Field field : schema.getFields()) {
            if (field.getDictionary() == null) {
                fields.add(field);
            } else {
                Dictionary dictionary =
                        reader.getDictionaryVectors().get(field.getDictionary().getId());
                fields.add(new Field(
                        field.getName(),
                        dictionary.getVector().getField().getFieldType(),
                        dictionary.getVector().getField().getChildren()));
            }
        }
        return new Schema(fields, schema.getCustomMetadata());
    }

    /** The reader's current batch with dictionary columns decoded, as a new root the caller closes. */
    private static VectorSchemaRoot decoded(ArrowReader reader, Schema schema, BufferAllocator allocator)
            throws IOException {
        VectorSchemaRoot source = reader.getVectorSchemaRoot();
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (int i = 0; i < source.getFieldVectors().size(); i++) {
                FieldVector vector = source.getFieldVectors().get(i);
                if (vector.getField().getDictionary() == null) {
                    vectors.add(moved(vector, schema.getFields().get(i), allocator));
                } else {
                    Dictionary dictionary = reader.getDictionaryVectors()
                            .get(vector.getField().getDictionary().getId());
                    try (FieldVector values = (FieldVector) DictionaryEncoder.decode(vector, dictionary, allocator)) {
                        vectors.add(moved(values, schema.getFields().get(i), allocator));
                    }
                }
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(schema.getFields(), vectors, source.getRowCount());
    }

    /** The vector's buffers moved (not copied) into a new vector named and typed as {@code field}. */
    private static FieldVector moved(FieldVector vector, Field field, BufferAllocator allocator) {
        var transfer = vector.getTransferPair(field, allocator);
        transfer.transfer();
        return (FieldVector) transfer.getTo();
    }
}
