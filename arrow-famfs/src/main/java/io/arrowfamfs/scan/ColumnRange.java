package io.arrowfamfs.scan;

import io.arrowfamfs.frame.BatchStats;
import io.arrowfamfs.frame.ColumnStats;
import io.arrowfamfs.frame.ColumnStats.LongRange;
import java.util.Optional;

/**
 * What the statistics recorded at publication prove of an integer column over the batches one
 * scan reads: at most how many of its values are not null ({@code values}, counting each batch the
 * scan reads a slice of in full), and the range of those values when there is one. Only the
 * batches' published statistics are read, never a zone's, so this costs no pass over the data.
 *
 * @param values how many values of the batches read are not null
 * @param bounds their smallest and largest, present exactly when {@code values > 0}
 */
public record ColumnRange(long values, Optional<Bounds> bounds) {
    /**
     * The smallest and largest non-null value.
     *
     * @param min the smallest
     * @param max the largest, at least {@code min}
     */
    public record Bounds(long min, long max) {}

    /**
     * The range of column {@code column} (an index in the table's schema) over the batches
     * {@code scan} reads; empty when one of them has no statistics, or no range for a column that
     * is not all null.
     *
     * @param scan the scan whose batches count
     * @param column the column's index in the table's schema
     * @return the column's range over those batches, if their statistics prove one
     */
    public static Optional<ColumnRange> of(TableScan<?> scan, int column) {
        int width = scan.projection().source().getFields().size();
        long values = 0;
        Optional<Bounds> bounds = Optional.empty();
        AttachedFrame<?> frame = null;
        int batch = -1;
        for (ScanSlice<?> slice : scan.slices()) {
            if (slice.frame() == frame && slice.batch() == batch) {
                continue; // another slice of the batch counted last: slices come in table order
            }
            frame = slice.frame();
            batch = slice.batch();
            Optional<BatchStats> stats = frame.frame().stats(batch);
            if (stats.isEmpty() || stats.get().columns().size() != width) {
                return Optional.empty();
            }
            ColumnStats of = stats.get().columns().get(column);
            long nonNull = stats.get().rows() - of.nullCount();
            if (nonNull == 0) {
                continue;
            }
            if (!(of.range().orElse(null) instanceof LongRange range)) {
                return Optional.empty();
            }
            values += nonNull;
            bounds = Optional.of(bounds.map(
                            known -> new Bounds(Math.min(known.min(), range.min()), Math.max(known.max(), range.max())))
                    .orElse(new Bounds(range.min(), range.max())));
        }
        return Optional.of(new ColumnRange(values, bounds));
    }

    /** {@return {@code max - min} of the bounds, when there are bounds and the difference fits a {@code long}} */
    public Optional<Long> span() {
        return bounds.flatMap(range -> {
            long span = range.max() - range.min(); // max >= min: negative only when the difference wrapped
            return span < 0 ? Optional.empty() : Optional.of(span);
        });
    }
}
