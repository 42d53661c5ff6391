package io.arrowfamfs.scan;

import io.arrowfamfs.frame.ColumnStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What zone statistics prove of {@code ORDER BY column LIMIT k} over a scan: a bound that every
 * row of the first {@code k} meets. Each slice's largest value is the value of one of its rows, so
 * when {@code k} slices have a largest value at least {@code M}, at least {@code k} rows are at
 * least {@code M}, and no row below {@code M} can be among the first {@code k} in descending order
 * (ascending: the same with smallest values). Rows equal to the bound may be, so it is inclusive.
 * The zones' statistics are computed once per slice of a frame kept attached, on first use.
 */
public final class TopBound {
    private TopBound() {}

    /**
     * The bound of an integer (or code) column: the {@code k}-th largest of the slices' largest
     * values ({@code descending}), or the {@code k}-th smallest of their smallest.
     *
     * @param scan the scan whose slices count
     * @param column the column's index in the table's schema
     * @param k how many rows the query keeps, at least 1
     * @param descending whether the order is descending
     * @return the bound; empty when fewer than {@code k} slices have a non-null value
     */
    public static Optional<Long> ofLongs(TableScan<?> scan, int column, int k, boolean descending) {
        List<Long> extremes = new ArrayList<>();
        for (ScanSlice<?> slice : scan.slices()) {
            if (slice.stats(column).range().orElse(null) instanceof ColumnStats.LongRange range) {
                extremes.add(descending ? range.max() : range.min());
            }
        }
        return kth(extremes, k, descending ? Comparator.<Long>reverseOrder() : Comparator.<Long>naturalOrder());
    }

    /**
     * The bound of a floating-point column, as {@link #ofLongs} says; empty too when the bound is NaN.
     *
     * @param scan the scan whose slices count
     * @param column the column's index in the table's schema
     * @param k how many rows the query keeps, at least 1
     * @param descending whether the order is descending
     * @return the bound
     */
    public static Optional<Double> ofDoubles(TableScan<?> scan, int column, int k, boolean descending) {
        List<Double> extremes = new ArrayList<>();
        for (ScanSlice<?> slice : scan.slices()) {
            if (slice.stats(column).range().orElse(null) instanceof ColumnStats.DoubleRange range) {
                extremes.add(descending ? range.max() : range.min());
            }
        }
        return kth(extremes, k, descending ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder())
                .filter(bound -> !bound.isNaN());
    }

    private static <T> Optional<T> kth(List<T> extremes, int k, Comparator<T> order) {
        if (k < 1 || extremes.size() < k) {
            return Optional.empty();
        }
        extremes.sort(order);
        return Optional.of(extremes.get(k - 1));
    }
}
