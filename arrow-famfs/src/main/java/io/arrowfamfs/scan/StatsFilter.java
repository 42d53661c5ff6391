package io.arrowfamfs.scan;

import io.arrowfamfs.frame.ColumnStats;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The conjunction of a scan's {@link ColumnPredicate}s, checked against statistics of a batch or
 * of a zone (rows of a batch): a batch or zone is skipped when one predicate rules it out.
 * Immutable.
 */
public final class StatsFilter {
    /** No predicate: every batch may match. */
    public static final StatsFilter ALL = new StatsFilter(List.of(), false);

    /**
     * No row is wanted, whatever the statistics say: the statement provably returns no row of this
     * table (an outermost {@code LIMIT 0}, an engine's always-false filter), so the scan reads no
     * batch. Tools ask for a table's columns this way, and it must not cost a scan of the table.
     */
    public static final StatsFilter NONE = new StatsFilter(List.of(), true);

    private final List<ColumnPredicate> predicates;
    private final int[] columns;
    private final boolean matchesNothing;

    private StatsFilter(List<ColumnPredicate> predicates, boolean matchesNothing) {
        this.predicates = List.copyOf(predicates);
        this.matchesNothing = matchesNothing;
        this.columns = this.predicates.stream()
                .mapToInt(ColumnPredicate::column)
                .distinct()
                .toArray();
    }

    /**
     * The conjunction of predicates.
     *
     * @param predicates the predicates, all of which a row must satisfy
     * @return the filter; {@link #ALL} for none
     */
    public static StatsFilter of(List<ColumnPredicate> predicates) {
        return predicates.isEmpty() ? ALL : new StatsFilter(predicates, false);
    }

    /**
     * Whether there is no predicate, so statistics need not be read at all.
     *
     * @return true without predicates
     */
    public boolean keepsEverything() {
        return predicates.isEmpty() && !matchesNothing;
    }

    /**
     * Whether no batch is wanted at all ({@link #NONE}), so neither statistics nor batches are read.
     *
     * @return true for {@link #NONE}
     */
    public boolean matchesNothing() {
        return matchesNothing;
    }

    /**
     * The schema indexes of the columns the predicates need statistics of, each once.
     *
     * @return a copy of the indexes
     */
    public int[] columns() {
        return columns.clone();
    }

    /**
     * False only when {@code rows} rows whose column statistics {@code stats} gives (by schema
     * index; asked only for {@link #columns}) provably hold no row every predicate may match.
     *
     * @param rows how many rows the statistics cover
     * @param stats each column's statistics over those rows
     * @return false when no row can match
     */
    public boolean mayMatch(long rows, IntFunction<ColumnStats> stats) {
        if (matchesNothing) {
            return false;
        }
        for (ColumnPredicate predicate : predicates) {
            if (!predicate.mayMatch(stats.apply(predicate.column()), rows)) {
                return false;
            }
        }
        return true;
    }
}
