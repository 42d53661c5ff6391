package io.arrowfamfs.scan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The columns a scan reads of a table: their indexes in the table's schema, in schema order, and
 * the schema they make. A projection of no column keeps the first one, so that batches still
 * carry their row counts. Immutable.
 */
public final class Projection {
    private final Schema source;
    private final int[] columns;
    private final Schema schema;

    private Projection(Schema source, int[] columns) {
        this.source = source;
        this.columns = columns;
        List<Field> fields = new ArrayList<>();
        for (int column : columns) {
            fields.add(source.getFields().get(column));
        }
        this.schema = new Schema(fields);
    }

    /** Every column of {@code source}. */
    public static Projection all(Schema source) {
        return new Projection(source, IntStream.range(0, source.getFields().size()).toArray());
    }

    /** The columns of {@code source} named in {@code names}, matched ignoring case. */
    public static Projection named(Schema source, Collection<String> names) {
        Set<String> wanted = names.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < source.getFields().size(); i++) {
            if (wanted.contains(source.getFields().get(i).getName().toLowerCase(Locale.ROOT))) {
                keep.add(i);
            }
        }
        if (keep.isEmpty() && !source.getFields().isEmpty()) {
            keep.add(0);
        }
        return new Projection(source, keep.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The table's schema the columns are taken from. */
    public Schema source() {
        return source;
    }

    /** The projected columns' schema. */
    public Schema schema() {
        return schema;
    }

    /** The projected columns' indexes in {@link #source}, ascending. */
    public int[] columns() {
        return columns.clone();
    }

    /** How many columns are projected. */
    public int width() {
        return columns.length;
    }

    /** The index in {@link #source} of projected column {@code index}. */
    public int column(int index) {
        return columns[index];
    }
}
