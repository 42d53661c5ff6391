package io.arrowfamfs.scan;

import io.arrowfamfs.frame.BatchStats;
import io.arrowfamfs.frame.ColumnStats;
import java.util.List;
import java.util.Optional;

/**
 * Rows {@code [offset, offset + rows)} of one batch of one frame, with the pinned handles of the
 * scan's projected columns: a unit of work a scan hands to its consumer (an array of a native
 * stream, a partition's share of a Spark scan). Valid while its {@link TableScan} is open.
 *
 * @param frame the attached frame
 * @param batch the batch's index in the frame
 * @param offset the first row, within the batch
 * @param rows how many rows
 * @param columns the projected columns' handles, in projection order
 * @param <C> the engine's handle of a column
 */
public record ScanSlice<C extends AutoCloseable>(
        AttachedFrame<C> frame, int batch, long offset, long rows, List<C> columns) {
    /**
     * Checks the rows lie inside the batch.
     *
     * @param frame the attached frame
     * @param batch the batch's index in the frame
     * @param offset the first row, within the batch
     * @param rows how many rows
     * @param columns the projected columns' handles
     */
    public ScanSlice {
        columns = List.copyOf(columns);
        long batchRows = frame.frame().rows(batch);
        if (offset < 0 || rows < 0 || offset + rows > batchRows) {
            throw new IllegalArgumentException(
                    "scan slice invalid: frame=" + frame.ref().name() + " batch=" + batch + " offset=" + offset
                            + " rows=" + rows + " batchRows=" + batchRows);
        }
    }

    /**
     * Whether the slice is its whole batch.
     *
     * @return true for the whole batch
     */
    public boolean wholeBatch() {
        return offset == 0 && rows == frame.frame().rows(batch);
    }

    /**
     * Statistics of column {@code column} (a schema index) over this slice's rows: the batch's
     * published ones for a whole batch that has them, else the zone's, computed once.
     *
     * @param column the column's index in the table's schema
     * @return the statistics
     */
    public ColumnStats stats(int column) {
        if (wholeBatch()) {
            Optional<BatchStats> published = frame.frame().stats(batch);
            if (published.isPresent() && column < published.get().columns().size()) {
                return published.get().columns().get(column);
            }
        }
        return frame.zoneStats(batch, column, offset, rows);
    }
}
