package io.arrowfamfs.cdata;

import java.util.List;

/**
 * Rows {@code [offset, offset + rows)} of one record batch, as pinned columns. A slice of the
 * whole batch is {@code offset == 0, rows == length}; a smaller one lets a scan skip the parts
 * of a batch its statistics rule out, without copying.
 *
 * @param columns the batch's pinned columns, one per field
 * @param offset the slice's first row in the batch
 * @param rows how many rows the slice covers
 */
public record BatchSlice(List<ColumnChunk> columns, long offset, long rows) {
    /**
     * Copies {@code columns} and checks that the rows lie inside every column.
     *
     * @param columns the batch's pinned columns, one per field
     * @param offset the slice's first row in the batch
     * @param rows how many rows the slice covers
     */
    public BatchSlice {
        columns = List.copyOf(columns);
        for (ColumnChunk column : columns) {
            if (offset < 0 || rows < 0 || offset + rows > column.length()) {
                throw new IllegalArgumentException("slice [" + offset + ", " + (offset + rows)
                        + ") outside a column of " + column.length() + " values");
            }
        }
    }

    /**
     * The whole batch.
     *
     * @param columns the batch's pinned columns, one per field
     * @param rows the batch's row count
     * @return a slice of every row
     */
    public static BatchSlice whole(List<ColumnChunk> columns, long rows) {
        return new BatchSlice(columns, 0, rows);
    }

    /** {@return the bytes of column buffers the slice covers, prorated by rows} */
    public long bytes() {
        long total = 0;
        for (ColumnChunk column : columns) {
            total += column.length() == 0 ? 0 : (long) (column.bytes() * ((double) rows / column.length()));
        }
        return total;
    }
}
