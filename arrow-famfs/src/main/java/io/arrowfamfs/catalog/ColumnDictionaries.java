package io.arrowfamfs.catalog;

import io.arrowfamfs.frame.CodesAreValues;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
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
 * Encodes a table's low-cardinality columns as codes into one dictionary per column, kept for the
 * whole table. The columns that can be encoded are UTF-8 strings and 64-bit values (signed
 * integers, timestamps), where a 16-bit code saves three quarters of the bytes: a new table
 * encodes each such column with at most {@code threshold} distinct values in its first import,
 * coded in order (bytewise for strings, by value for numbers, so that a range of the first
 * import's values is a range of codes). An integer column whose first import's values all lie
 * in {@code [0, threshold)} gets the dictionary {@code 0, 1, ..., max}: each code is its value
 * ({@link CodesAreValues}), so an engine reads the codes as narrow values, and appends keep it
 * so while the values they add at most double the dictionary. An append encodes the columns the
 * table encodes,
 * extending the dictionary its newest frame carries (codes already given never change, so every
 * frame's dictionary extends the ones before it). Dictionary {@code i} belongs to field {@code i};
 * codes are 16-bit when the threshold allows, else 32-bit; a dictionary that would outgrow its
 * codes fails the import ({@link DictionaryFullException}). Owns its dictionaries: close it after
 * the frame built from it is written.
 */
final class ColumnDictionaries implements DictionaryProvider, AutoCloseable {
    /** Appends may extend a dictionary whose codes are its values by this many values, however small it is. */
    private static final int MIN_GROWTH = 1024;

    private final BufferAllocator allocator;
    private final Map<Long, Column> columns = new HashMap<>();

    /** One encoded column: its dictionary (values in code order) and each value's code, by the value's bytes. */
    private static final class Column {
        final Dictionary dictionary;
        final Map<ByteBuffer, Integer> codes = new HashMap<>();
        final long limit;
        /** Whether each code is its value ({@link CodesAreValues}), kept so while appends at most double the dictionary. */
        boolean codesAreValues;

        Column(Dictionary dictionary) {
            this.dictionary = dictionary;
            this.limit =
                    dictionary.getEncoding().getIndexType().getBitWidth() == 16 ? Short.MAX_VALUE : Integer.MAX_VALUE;
            FieldVector values = dictionary.getVector();
            for (int i = 0; i < values.getValueCount(); i++) {
                codes.put(key(values, i), i);
            }
            this.codesAreValues = CodesAreValues.test(values);
        }

        /** The code of row {@code row} of {@code source}, a new one (the value copied in) if the value is new. */
        int code(FieldVector source, int row, String field) {
            ByteBuffer key = key(source, row);
            Integer code = codes.get(key);
            if (code != null) {
                return code;
            }
            FieldVector values = dictionary.getVector();
            int next = values.getValueCount();
            if (codesAreValues && extendToValue((BigIntVector) values, ((BigIntVector) source).get(row))) {
                return codes.get(key);
            }
            if (next >= limit) {
                throw new DictionaryFullException("dictionary of column " + field + " is full: values=" + next
                        + " index_type=" + dictionary.getEncoding().getIndexType()
                        + " (replace the table with a higher --dictionary-threshold, or 0 for no dictionaries)");
            }
            values.copyFromSafe(row, next, source);
            values.setValueCount(next + 1);
            codes.put(key, next);
            codesAreValues = false;
            return next;
        }

        /**
         * Adds every integer after the last value up to {@code value}, if that keeps the dictionary
         * within its codes and at most doubles it; false (nothing added) otherwise.
         */
        private boolean extendToValue(BigIntVector values, long value) {
            int count = values.getValueCount();
            if (value < count || value >= limit || value - count >= Math.max(count, MIN_GROWTH)) {
                return false;
            }
            for (int i = count; i <= value; i++) {
                values.setSafe(i, i);
                codes.put(key(values, i), i);
            }
            values.setValueCount((int) value + 1);
            return true;
        }
    }

    private ColumnDictionaries(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    /** Whether a column of {@code field}'s type can be encoded. */
    static boolean encodable(Field field) {
        ArrowType type = field.getType();
        return field.getChildren().isEmpty()
                && (type instanceof ArrowType.Utf8
                        || (type instanceof ArrowType.Int ints && ints.getBitWidth() == 64 && ints.getIsSigned())
                        || type instanceof ArrowType.Timestamp);
    }

    /**
     * The dictionaries of a new table whose batches are {@code batches} (plain schema): every
     * encodable field with at most {@code threshold} distinct values in them is encoded; none
     * when the threshold is 0.
     */
    static ColumnDictionaries forNewTable(
            List<VectorSchemaRoot> batches, Schema plain, int threshold, BufferAllocator allocator) {
        ColumnDictionaries dictionaries = new ColumnDictionaries(allocator);
        try {
            ArrowType.Int index = new ArrowType.Int(threshold <= Short.MAX_VALUE ? 16 : 32, true);
            List<Field> fields = plain.getFields();
            for (int f = 0; f < fields.size() && threshold > 0; f++) {
                if (encodable(fields.get(f))) {
                    int column = f;
                    OptionalLong max = smallNonNegativeMax(batches, f, threshold);
                    if (max.isPresent()) {
                        dictionaries.addCodesAreValues(f, fields.get(f), index, max.getAsLong());
                    } else {
                        distinct(batches, f, threshold)
                                .ifPresent(values -> dictionaries.add(column, fields.get(column), index, values));
                    }
                }
            }
            return dictionaries;
        } catch (RuntimeException e) {
            dictionaries.close();
            throw e;
        }
    }

    /**
     * The dictionaries of an existing table of schema {@code table} (message form): each encoded
     * field continues from {@code newest}'s dictionary of it, if the table has a frame.
     */
    static ColumnDictionaries forTable(
            Schema table, Optional<LongFunction<Dictionary>> newest, BufferAllocator allocator) {
        ColumnDictionaries dictionaries = new ColumnDictionaries(allocator);
        try {
            List<Field> fields = table.getFields();
            for (int f = 0; f < fields.size(); f++) {
                DictionaryEncoding encoding = fields.get(f).getDictionary();
                if (encoding == null) {
                    continue;
                }
                Field values = new Field(
                        fields.get(f).getName(),
                        new FieldType(true, fields.get(f).getType(), null),
                        fields.get(f).getChildren());
                if (!encodable(values) || encoding.getId() != f) {
                    throw new SchemaMismatchException("table column "
                            + fields.get(f).getName() + " has a dictionary this writer does not extend: " + encoding);
                }
                List<Source> before = newest.map(
                                dictionary -> dictionary.apply(encoding.getId()).getVector())
                        .map(ColumnDictionaries::all)
                        .orElse(List.of());
                dictionaries.add(f, values, encoding.getIndexType(), before);
            }
            return dictionaries;
        } catch (RuntimeException e) {
            dictionaries.close();
            throw e;
        }
    }

    /** A value of a source vector, by where it is. */
    private record Source(FieldVector vector, int row) {}

    private static List<Source> all(FieldVector vector) {
        List<Source> values = new ArrayList<>(vector.getValueCount());
        for (int i = 0; i < vector.getValueCount(); i++) {
            values.add(new Source(vector, i));
        }
        return values;
    }

    /** Adds field {@code field}'s dictionary, starting with {@code initial}, code by code. */
    private void add(int field, Field plain, ArrowType.Int index, List<Source> initial) {
        DictionaryEncoding encoding = new DictionaryEncoding(field, false, index);
        FieldVector values = new Field(plain.getName(), new FieldType(true, plain.getType(), null), List.of())
                .createVector(allocator);
        try {
            values.allocateNew();
            for (int i = 0; i < initial.size(); i++) {
                values.copyFromSafe(initial.get(i).row(), i, initial.get(i).vector());
            }
            values.setValueCount(initial.size());
            columns.put((long) field, new Column(new Dictionary(values, encoding)));
        } catch (RuntimeException e) {
            values.close();
            throw e;
        }
    }

    /**
     * The greatest non-null value of field {@code field} of {@code batches}, if it holds 64-bit
     * integers, has a value, and its values lie in {@code [0, threshold)}.
     */
    private static OptionalLong smallNonNegativeMax(List<VectorSchemaRoot> batches, int field, int threshold) {
        long max = -1;
        for (VectorSchemaRoot batch : batches) {
            if (!(batch.getVector(field) instanceof BigIntVector ints)) {
                return OptionalLong.empty();
            }
            for (int i = 0; i < batch.getRowCount(); i++) {
                if (!ints.isNull(i)) {
                    long value = ints.get(i);
                    if (value < 0 || value >= threshold) {
                        return OptionalLong.empty();
                    }
                    max = Math.max(max, value);
                }
            }
        }
        return max >= 0 ? OptionalLong.of(max) : OptionalLong.empty();
    }

    /** Adds field {@code field}'s dictionary of the integers {@code 0} to {@code max}, each code its value. */
    private void addCodesAreValues(int field, Field plain, ArrowType.Int index, long max) {
        BigIntVector values = new BigIntVector(
                new Field(plain.getName(), new FieldType(true, plain.getType(), null), List.of()), allocator);
        try {
            int count = Math.toIntExact(max + 1);
            values.allocateNew(count);
            for (int i = 0; i < count; i++) {
                values.set(i, i);
            }
            values.setValueCount(count);
            columns.put((long) field, new Column(new Dictionary(values, new DictionaryEncoding(field, false, index))));
        } catch (RuntimeException e) {
            values.close();
            throw e;
        }
    }

    /**
     * The distinct non-null values of field {@code field} of {@code batches} in order (where each
     * first is), if there are at most {@code threshold}.
     */
    private static Optional<List<Source>> distinct(List<VectorSchemaRoot> batches, int field, int threshold) {
        Map<ByteBuffer, Source> seen = new LinkedHashMap<>();
        for (VectorSchemaRoot batch : batches) {
            FieldVector vector = batch.getVector(field);
            for (int i = 0; i < batch.getRowCount(); i++) {
                if (!vector.isNull(i)
                        && seen.putIfAbsent(key(vector, i), new Source(vector, i)) == null
                        && seen.size() > threshold) {
                    return Optional.empty();
                }
            }
        }
        List<Map.Entry<ByteBuffer, Source>> sorted = new ArrayList<>(seen.entrySet());
        boolean strings = batches.isEmpty() || batches.get(0).getVector(field) instanceof VarCharVector;
        Comparator<ByteBuffer> order = strings
                ? (a, b) -> Arrays.compareUnsigned(a.array(), b.array())
                : Comparator.comparingLong(a -> a.order(ByteOrder.LITTLE_ENDIAN).getLong(0));
        sorted.sort(Map.Entry.comparingByKey(order));
        return Optional.of(sorted.stream().map(Map.Entry::getValue).toList());
    }

    /** The bytes of row {@code row} of {@code vector} (a string's, or a fixed-width value's as stored). */
    private static ByteBuffer key(FieldVector vector, int row) {
        if (vector instanceof VarCharVector strings) {
            return ByteBuffer.wrap(strings.get(row));
        }
        int width = ((BaseFixedWidthVector) vector).getTypeWidth();
        byte[] bytes = new byte[width];
        vector.getDataBuffer().getBytes((long) row * width, bytes);
        return ByteBuffer.wrap(bytes);
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
     * {@code batch} (plain) with each encoded column's values replaced by their codes, extending
     * the dictionaries; a new root of {@link #vectorSchema} the caller closes. Other columns are
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
                    vectors.add(codes(vector, column, field));
                }
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(vectorSchema.getFields(), vectors, batch.getRowCount());
    }

    private FieldVector codes(FieldVector values, Column column, Field field) {
        int rows = values.getValueCount();
        BaseIntVector codes = field.getType() instanceof ArrowType.Int type && type.getBitWidth() == 16
                ? new SmallIntVector(field, allocator)
                : new IntVector(field, allocator);
        FieldVector vector = (FieldVector) codes;
        try {
            vector.setInitialCapacity(rows);
            vector.allocateNew();
            for (int i = 0; i < rows; i++) {
                if (values.isNull(i)) {
                    vector.setNull(i);
                } else {
                    codes.setWithPossibleTruncate(i, column.code(values, i, field.getName()));
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
