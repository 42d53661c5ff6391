package io.arrowfamfs.query;

import io.arrowfamfs.frame.ColumnStats;
import io.arrowfamfs.frame.Frame;
import java.util.function.IntFunction;

/**
 * Decides from statistics whether a scan may skip rows: a whole batch from the statistics
 * published with it, then a zone (a slice of a batch) from statistics computed on first use.
 */
interface BatchFilter {
    BatchFilter ALL = (frame, batch) -> true;

    /** False only when batch {@code batch} of {@code frame} provably holds no row the query needs. */
    boolean mayMatch(Frame frame, int batch);

    /** Schema indexes of the columns {@link #mayMatchZone} needs statistics of; none: zones are not checked. */
    default int[] zoneColumns() {
        return new int[0];
    }

    /**
     * False only when a zone of {@code rows} rows provably holds no row the query needs;
     * {@code stats} gives the zone's statistics of each of {@link #zoneColumns}.
     */
    default boolean mayMatchZone(IntFunction<ColumnStats> stats, long rows) {
        return true;
    }
}
