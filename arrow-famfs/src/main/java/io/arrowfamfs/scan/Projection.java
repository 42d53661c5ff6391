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

    /**
     * Every column.
     *
     * @param source the table's schema
     * @return the projection
     */
    public static Projection all(Schema source) {
        return new Projection(
                source, IntStream.range(0, source.getFields().size()).toArray());
    }

    /**
     * The named columns, matched ignoring case; names of no column are ignored.
     *
     * @param source the table's schema
     * @param names the columns' names
     * @return the projection
     */
    public static Projection named(Schema source, Collection<String> names) {
        Set<String> wanted =
                names.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
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

    /**
     * The table's schema the columns are taken from.
     *
     * @return the schema
     */
    public Schema source() {
        return source;
    }

    /**
     * The projected columns' schema.
     *
     * @return the schema
     */
    public Schema schema() {
        return schema;
    }

    /**
     * The projected columns' indexes in {@link #source}, ascending.
     *
     * @return a copy of the indexes
     */
    public int[] columns() {
        return columns.clone();
    }

    /**
     * How many columns are projected.
     *
     * @return the count
     */
    public int width() {
        return columns.length;
    }

    /**
     * The index in {@link #source} of a projected column.
     *
     * @param index the column's position in the projection
     * @return its index in the table's schema
     */
    public int column(int index) {
        return columns[index];
    }
}
