package io.arrowfamfs.catalog;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Encodes a table's low-cardinality string columns as codes into one dictionary per column, kept
 * for the whole table: a new table encodes each UTF-8 column with at most {@code threshold}
 * distinct values in its first import; an append encodes the columns the table encodes,
 * extending the dictionary its newest frame carries (codes already given never change, so every
 * frame's dictionary extends the ones before it). Dictionary {@code i} belongs to field {@code i};
 * codes are 16-bit when the threshold allows, else 32-bit; a dictionary that would outgrow its
 * codes fails the import ({@link DictionaryFullException}). Owns its dictionaries: close it after
 * the frame built from it is written.
 */
final class StringDictionaries implements DictionaryProvider, AutoCloseable {
    private final BufferAllocator allocator;
    private final Map<Long, Column> columns = new HashMap<>();

    /** One encoded column: its dictionary (values in code order) and each value's code. */
    private static final class Column {
        final Dictionary dictionary;
        final Map<ByteBuffer, Integer> codes = new HashMap<>();
        final long limit;

        Column(Dictionary dictionary) {
            this.dictionary = dictionary;
            this.limit =
                    dictionary.getEncoding().getIndexType().getBitWidth() == 16 ? Short.MAX_VALUE : Integer.MAX_VALUE;
            VarCharVector values = (VarCharVector) dictionary.getVector();
            for (int i = 0; i < values.getValueCount(); i++) {
                codes.put(ByteBuffer.wrap(values.get(i)), i);
            }
        }

        int code(byte[] value, String field) {
            Integer code = codes.get(ByteBuffer.wrap(value));
            if (code != null) {
                return code;
            }
            VarCharVector values = (VarCharVector) dictionary.getVector();
            int next = values.getValueCount();
            if (next >= limit) {
                throw new DictionaryFullException("dictionary of column " + field + " is full: values=" + next
                        + " index_type=" + dictionary.getEncoding().getIndexType()
                        + " (replace the table with a higher --dictionary-threshold, or 0 for plain strings)");
            }
            values.setSafe(next, value);
            values.setValueCount(next + 1);
            codes.put(ByteBuffer.wrap(value), next);
            return next;
        }
    }

    private StringDictionaries(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    /**
     * The dictionaries of a new table whose batches are {@code batches} (plain schema): every UTF-8
     * field with at most {@code threshold} distinct values in them is encoded; none when the
     * threshold is 0.
     */
    static StringDictionaries forNewTable(
            List<VectorSchemaRoot> batches, Schema plain, int threshold, BufferAllocator allocator) {
        StringDictionaries dictionaries = new StringDictionaries(allocator);
        ArrowType.Int index = new ArrowType.Int(threshold <= Short.MAX_VALUE ? 16 : 32, true);
        List<Field> fields = plain.getFields();
        for (int f = 0; f < fields.size() && threshold > 0; f++) {
            if (fields.get(f).getType() instanceof ArrowType.Utf8 && distinctAtMost(batches, f, threshold)) {
                dictionaries.add(f, fields.get(f), index, Optional.empty());
            }
        }
        return dictionaries;
    }

    /**
     * The dictionaries of an existing table of schema {@code table} (message form): each encoded
     * field continues from {@code newest}'s dictionary of it, if the table has a frame.
     */
    static StringDictionaries forTable(
            Schema table, Optional<LongFunction<Dictionary>> newest, BufferAllocator allocator) {
        StringDictionaries dictionaries = new StringDictionaries(allocator);
        List<Field> fields = table.getFields();
        for (int f = 0; f < fields.size(); f++) {
            DictionaryEncoding encoding = fields.get(f).getDictionary();
            if (encoding != null) {
                if (!(fields.get(f).getType() instanceof ArrowType.Utf8) || encoding.getId() != f) {
                    throw new SchemaMismatchException("table column "
                            + fields.get(f).getName() + " has a dictionary this writer does not extend: " + encoding);
                }
                Optional<FieldVector> before = newest.map(
                        dictionary -> dictionary.apply(encoding.getId()).getVector());
                dictionaries.add(f, fields.get(f), encoding.getIndexType(), before);
            }
        }
        return dictionaries;
    }

    private void add(int field, Field plain, ArrowType.Int index, Optional<FieldVector> before) {
        DictionaryEncoding encoding = new DictionaryEncoding(field, false, index);
        VarCharVector values = new VarCharVector(plain.getName(), allocator);
        try {
            values.allocateNew();
            before.ifPresent(vector -> {
                VarCharVector source = (VarCharVector) vector;
                for (int i = 0; i < source.getValueCount(); i++) {
                    values.setSafe(i, source.get(i));
                }
                values.setValueCount(source.getValueCount());
            });
            columns.put((long) field, new Column(new Dictionary(values, encoding)));
        } catch (RuntimeException e) {
            values.close();
            throw e;
        }
    }

    private static boolean distinctAtMost(List<VectorSchemaRoot> batches, int field, int threshold) {
        Set<ByteBuffer> seen = new HashSet<>();
        for (VectorSchemaRoot batch : batches) {
            VarCharVector strings = (VarCharVector) batch.getVector(field);
            for (int i = 0; i < batch.getRowCount(); i++) {
                if (!strings.isNull(i) && seen.add(ByteBuffer.wrap(strings.get(i))) && seen.size() > threshold) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@return the schema of encoded batches: an encoded field has its index type and encoding} */
    Schema vectorSchema(Schema plain) {
        List<Field> fields = new ArrayList<>();
        for (int f = 0; f < plain.getFields().size(); f++) {
            Field field = plain.getFields().get(f);
            Column column = columns.get((long) f);
            fields.add(
                    column == null
                            ? field
                            : new Field(
                                    field.getName(),
                                    new FieldType(
                                            field.isNullable(),
                                            column.dictionary.getEncoding().getIndexType(),
                                            column.dictionary.getEncoding(),
                                            field.getMetadata()),
                                    List.of()));
        }
        return new Schema(fields, plain.getCustomMetadata());
    }

    /**
     * {@code batch} (plain) with each encoded column's strings replaced by their codes, extending
     * the dictionaries; a new root of {@link #vectorSchema} the caller closes. Plain columns are
     * moved, not copied.
     */
    VectorSchemaRoot encode(VectorSchemaRoot batch, Schema vectorSchema) {
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (int f = 0; f < batch.getFieldVectors().size(); f++) {
                FieldVector vector = batch.getVector(f);
                Column column = columns.get((long) f);
                Field field = vectorSchema.getFields().get(f);
                if (column == null) {
                    var transfer = vector.getTransferPair(field, allocator);
                    transfer.transfer();
                    vectors.add((FieldVector) transfer.getTo());
                } else {
                    vectors.add(codes((VarCharVector) vector, column, field));
                }
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(vectorSchema.getFields(), vectors, batch.getRowCount());
    }

    private FieldVector codes(VarCharVector strings, Column column, Field field) {
        int rows = strings.getValueCount();
        BaseIntVector codes = field.getType() instanceof ArrowType.Int type && type.getBitWidth() == 16
                ? new SmallIntVector(field, allocator)
                : new IntVector(field, allocator);
        FieldVector vector = (FieldVector) codes;
        try {
            vector.setInitialCapacity(rows);
            vector.allocateNew();
            for (int i = 0; i < rows; i++) {
                if (strings.isNull(i)) {
                    vector.setNull(i);
                } else {
                    codes.setWithPossibleTruncate(i, column.code(strings.get(i), field.getName()));
                }
            }
            vector.setValueCount(rows);
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    @Override
    public Dictionary lookup(long id) {
        Column column = columns.get(id);
        return column == null ? null : column.dictionary;
    }

    @Override
    public Set<Long> getDictionaryIds() {
        return columns.keySet();
    }

    @Override
    public void close() {
        columns.values().forEach(column -> column.dictionary.getVector().close());
        columns.clear();
    }
}
