package io.arrowfamfs.cdata;

import java.util.List;

/**
 * Rows {@code [offset, offset + rows)} of one record batch, as pinned columns. A slice of the
 * whole batch is {@code offset == 0, rows == length}; a smaller one lets a scan skip the parts
 * of a batch its statistics rule out, without copying.
 */
public record BatchSlice(List<ColumnChunk> columns, long offset, long rows) {
    public BatchSlice {
        columns = List.copyOf(columns);
        for (ColumnChunk column : columns) {
            if (offset < 0 || rows < 0 || offset + rows > column.length()) {
                throw new IllegalArgumentException("slice [" + offset + ", " + (offset + rows) + ") outside a column of "
                        + column.length() + " values");
            }
        }
    }

    /** The whole batch. */
    public static BatchSlice whole(List<ColumnChunk> columns, long rows) {
        return new BatchSlice(columns, 0, rows);
    }

    /** Bytes of column buffers the slice covers, prorated by rows. */
    public long bytes() {
        long total = 0;
        for (ColumnChunk column : columns) {
            total += column.length() == 0 ? 0 : (long) (column.bytes() * ((double) rows / column.length()));
        }
        return total;
    }
}
