package io.arrowfamfs.scan;

import io.arrowfamfs.frame.ColumnStats;
import io.arrowfamfs.frame.ColumnStats.Range;
import java.util.List;
import java.util.Optional;

/**
 * A condition on one column that statistics can rule out: {@code column comparison literals}.
 * It decides only whether rows may match ({@link #mayMatch}); the engine still evaluates the
 * condition on every row it reads, so a predicate may be weaker than the query's, never stronger.
 *
 * @param column the column's index in the table's schema
 * @param comparison how the column is compared
 * @param literals what it is compared with, as many as {@code comparison} takes
 */
public record ColumnPredicate(int column, Comparison comparison, List<Literal> literals) {
    /**
     * Checks the column index and the number of literals.
     *
     * @param column the column's index in the table's schema
     * @param comparison how the column is compared
     * @param literals what it is compared with
     */
    public ColumnPredicate {
        literals = List.copyOf(literals);
        if (column < 0 || !comparison.takes(literals.size())) {
            throw new IllegalArgumentException("column predicate invalid: column=" + column + " comparison="
                    + comparison + " literals=" + literals.size());
        }
    }

    /**
     * {@code column comparison literals...}.
     *
     * @param column the column's index in the table's schema
     * @param comparison how the column is compared
     * @param literals what it is compared with
     * @return the predicate
     */
    public static ColumnPredicate of(int column, Comparison comparison, Literal... literals) {
        return new ColumnPredicate(column, comparison, List.of(literals));
    }

    /**
     * False only if no row of a batch (or zone) of {@code rows} rows with these statistics of the
     * column can satisfy the condition. Literals not comparable with the column's range, and a
     * range that is not known, mean "may match".
     *
     * @param stats the column's statistics over the rows
     * @param rows how many rows they cover
     * @return false when no row can match
     */
    public boolean mayMatch(ColumnStats stats, long rows) {
        switch (comparison) {
            case IS_NULL:
                return stats.nullCount() > 0;
            case IS_NOT_NULL:
                return stats.nullCount() < rows;
            default:
                break;
        }
        if (stats.nullCount() >= rows) {
            return false; // every value is null: no comparison is true
        }
        if (stats.range().isEmpty()) {
            return true;
        }
        Range range = stats.range().get();
        if (comparison == Comparison.IN) {
            return literals.stream()
                    .anyMatch(literal ->
                            order(range, literal).map(ColumnPredicate::contains).orElse(true));
        }
        Optional<RangeOrder> first = order(range, literals.get(0));
        if (first.isEmpty()) {
            return true;
        }
        RangeOrder at = first.get();
        return switch (comparison) {
            case EQ -> contains(at);
            case NE -> at.min() != 0 || at.max() != 0;
            case LT -> at.min() < 0;
            case LE -> at.min() <= 0;
            case GT -> at.max() > 0;
            case GE -> at.max() >= 0;
            case BETWEEN ->
                at.max() >= 0
                        && order(range, literals.get(1))
                                .map(high -> high.min() <= 0)
                                .orElse(true);
            default -> true;
        };
    }

    private static Optional<RangeOrder> order(Range range, Literal literal) {
        return RangeOrder.of(range, literal);
    }

    private static boolean contains(RangeOrder at) {
        return at.min() <= 0 && at.max() >= 0;
    }
}
