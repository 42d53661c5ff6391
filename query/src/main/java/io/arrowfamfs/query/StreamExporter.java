package io.arrowfamfs.query;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.CatalogSnapshot;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.cdata.BatchSlice;
import io.arrowfamfs.cdata.BorrowedArrayStream;
import io.arrowfamfs.cdata.ColumnChunk;
import io.arrowfamfs.query.SqlRewriter.Reference;
import io.arrowfamfs.scan.AttachedFrame;
import io.arrowfamfs.scan.FrameCache;
import io.arrowfamfs.scan.Projection;
import io.arrowfamfs.scan.ScanSlice;
import io.arrowfamfs.scan.SlicePolicy;
import io.arrowfamfs.scan.TableScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Turns a table reference of a snapshot into a native Arrow stream for DuckDB: plans its
 * {@link TableScan} (projection, pruning from the reference's WHERE conjuncts, slices cut as
 * DuckDB scans best) over the session's {@link FrameCache}, and lays the slices out as a
 * {@link BorrowedArrayStream}. Used under the session's lock.
 */
final class StreamExporter implements AutoCloseable {
    /**
     * DuckDB's threads take arrays from a stream one at a time, so batches are cut into slices
     * (free to make) until a scan has at least 32, none smaller than DuckDB's row group (122,880
     * rows), since each array costs DuckDB's scan some setup. Measured: flights (3 batches)
     * scanned 1.4x faster in 122,880-row slices, while cutting the 50M-row table that finely made
     * its group-by 1.4x slower.
     */
    static final SlicePolicy DUCKDB_SLICES = new SlicePolicy(32, 122_880);

    private final Catalog catalog;
    private final BufferAllocator allocator;
    private final FrameCache<ColumnChunk> frames;

    /** An exporter of {@code catalog}'s tables; pins and streams are allocated from {@code allocator}. */
    StreamExporter(Catalog catalog, BufferAllocator allocator) {
        this.catalog = catalog;
        this.allocator = allocator;
        this.frames = new FrameCache<>(
                ref -> catalog.attach(ref, allocator, false),
                (vector, dictionary) -> dictionary == null
                        ? ColumnChunk.pin(vector, allocator)
                        : ColumnChunk.pin(vector, dictionary, allocator));
    }

    /** The prefix of the name of the column holding a dictionary-encoded column's codes in a stream. */
    static final String CODES_PREFIX = "__af_codes_";

    /**
     * One reference's stream, as one execution reads it: the scan holding its frames and the
     * stream over its slices, whose columns are the projection's, then the codes of each
     * dictionary-encoded one of them (named {@link #codesOf}) when the statement names its columns
     * (a {@code *} would show them). Closing frees the stream, then lets go of the frames.
     */
    record Export(TableScan<ColumnChunk> scan, BorrowedArrayStream stream, Schema schema) implements AutoCloseable {
        /** The name of the stream's column of the codes of the table's column {@code field}, if it has one. */
        Optional<String> codesOf(Field field) {
            String name = codesName(field);
            return schema.getFields().stream()
                    .map(Field::getName)
                    .filter(name::equals)
                    .findFirst();
        }

        @Override
        public void close() {
            try {
                stream.close();
            } finally {
                scan.close();
            }
        }
    }

    /** Closes frames no open result reads that are in no table of {@code snapshot}. */
    void retainOnly(CatalogSnapshot snapshot) {
        frames.retainOnly(snapshot);
    }

    /** A fresh stream of {@code reference} as {@code snapshot} has its table. */
    Export export(Reference reference, CatalogSnapshot snapshot, BooleanSupplier bytewiseStrings) {
        TableState table = snapshot.require(reference.table());
        Schema schema = catalog.schema(table, allocator);
        Projection projection = reference
                .columns()
                .map(names -> Projection.named(schema, names))
                .orElseGet(() -> Projection.all(schema));
        TableScan<ColumnChunk> scan = TableScan.open(
                frames,
                table,
                projection,
                PredicateTranslator.filter(reference, schema, bytewiseStrings),
                DUCKDB_SLICES);
        try {
            List<Integer> coded = new ArrayList<>();
            List<Field> fields = new ArrayList<>(projection.schema().getFields());
            Set<Integer> valueCodes = valueCodes(scan, projection);
            valueCodes.forEach(i -> fields.set(i, ValueCodes.field(fields.get(i))));
            if (reference.columns().isPresent()) {
                for (int i = 0; i < projection.width(); i++) {
                    Field field = projection.schema().getFields().get(i);
                    if (field.getDictionary() != null && !named(schema, codesName(field))) {
                        coded.add(i);
                        fields.add(new Field(
                                codesName(field),
                                new FieldType(
                                        field.isNullable(),
                                        field.getDictionary().getIndexType(),
                                        null),
                                List.of()));
                    }
                }
            }
            Schema streamed = new Schema(fields);
            List<BatchSlice> slices = scan.slices().stream()
                    .map(slice -> batchSlice(slice, valueCodes, coded))
                    .toList();
            return new Export(scan, BorrowedArrayStream.export(streamed, slices, allocator), streamed);
        } catch (RuntimeException e) {
            scan.close();
            throw e;
        }
    }

    /** The name of the stream column of {@code field}'s codes. */
    static String codesName(Field field) {
        return CODES_PREFIX + field.getName();
    }

    private static boolean named(Schema schema, String name) {
        return schema.getFields().stream().anyMatch(field -> field.getName().equalsIgnoreCase(name));
    }

    /**
     * The projected dictionary-encoded 64-bit integer columns whose dictionary maps each code to
     * itself in every frame of {@code scan}: their codes are streamed instead of the dictionary,
     * and the view casts them ({@link ValueCodes}).
     */
    private static Set<Integer> valueCodes(TableScan<ColumnChunk> scan, Projection projection) {
        Set<Integer> columns = new TreeSet<>();
        for (int i = 0; i < projection.width(); i++) {
            Field field = projection.schema().getFields().get(i);
            if (field.getDictionary() == null
                    || !(field.getType() instanceof ArrowType.Int type && type.getBitWidth() == 64)
                    || scan.frames().isEmpty()) {
                continue;
            }
            boolean all = true;
            for (AttachedFrame<ColumnChunk> frame : scan.frames()) {
                all &= frame.codesAreValues(projection.column(i));
            }
            if (all) {
                columns.add(i);
            }
        }
        return columns;
    }

    /** {@code slice}'s columns, the codes alone of those at {@code valueCodes}, then the codes of those at {@code coded}. */
    private static BatchSlice batchSlice(ScanSlice<ColumnChunk> slice, Set<Integer> valueCodes, List<Integer> coded) {
        List<ColumnChunk> columns = new ArrayList<>(slice.columns());
        for (int i : valueCodes) {
            columns.set(i, slice.columns().get(i).codes());
        }
        for (int i : coded) {
            columns.add(slice.columns().get(i).codes());
        }
        return new BatchSlice(columns, slice.offset(), slice.rows());
    }

    /** Closes every frame; no stream over them may still be registered. */
    @Override
    public void close() {
        frames.close();
    }
}
