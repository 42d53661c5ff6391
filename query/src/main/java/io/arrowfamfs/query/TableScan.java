package io.arrowfamfs.query;

import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.cdata.BatchSlice;
import io.arrowfamfs.cdata.ColumnChunk;
import io.arrowfamfs.frame.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What one table reference reads: the columns the query names (projection) of the batches, and
 * then of the slices of those batches, that its predicates do not rule out (pruning), planned over
 * one snapshot of the table.
 */
final class TableScan {
    /**
     * DuckDB's threads take arrays from a stream one at a time, so a table of a few 1M-row batches
     * keeps only some of them busy. Batches are cut into slices (an offset and a length over the
     * same buffers: free to make) so that a scan has at least {@link #MIN_SLICES}, but no slice is
     * smaller than DuckDB's row group, since each array costs DuckDB's scan some setup. Measured:
     * flights (3 batches) scanned 1.4x faster in 122,880-row slices, while cutting the 50M-row
     * table that finely made its group-by 1.4x slower.
     */
    static final int MIN_SLICES = 32;
    static final long MIN_SLICE_ROWS = 122_880;

    private final TableState table;
    private final int[] columns;
    private final Schema schema;
    private final BatchFilter filter;

    /**
     * A scan of {@code table} (whose schema is {@code full}) exporting the columns named in
     * {@code names} (lower case; null for all; none keeps the first column, to carry row counts)
     * of the batches {@code filter} keeps.
     */
    TableScan(TableState table, Schema full, Set<String> names, BatchFilter filter) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < full.getFields().size(); i++) {
            if (names == null || names.contains(full.getFields().get(i).getName().toLowerCase(Locale.ROOT))) {
                keep.add(i);
            }
        }
        if (keep.isEmpty() && !full.getFields().isEmpty()) {
            keep.add(0);
        }
        this.table = table;
        this.columns = keep.stream().mapToInt(Integer::intValue).toArray();
        this.schema = new Schema(keep.stream().map(full.getFields()::get).toList());
        this.filter = filter;
    }

    /** The exported columns' schema. */
    Schema schema() {
        return schema;
    }

    /** Acquires every frame of the table from {@code cache} into {@code acquired}; returns the slices to export. */
    List<BatchSlice> slices(ScanCache cache, List<ScanCache.Entry> acquired) {
        List<Kept> kept = new ArrayList<>();
        long total = 0;
        for (FrameRef ref : table.frames()) {
            ScanCache.Entry entry = cache.acquire(ref);
            acquired.add(entry);
            Frame frame = entry.frame();
            for (int batch = 0; batch < frame.batchCount(); batch++) {
                if (filter.mayMatch(frame, batch)) {
                    kept.add(new Kept(entry, batch));
                    total += frame.rows(batch);
                }
            }
        }
        long sliceRows = Math.max(MIN_SLICE_ROWS, (total + MIN_SLICES - 1) / MIN_SLICES);
        List<BatchSlice> slices = new ArrayList<>();
        for (Kept batch : kept) {
            List<ColumnChunk> chunks = new ArrayList<>(columns.length);
            for (int column : columns) {
                chunks.add(cache.chunk(batch.entry(), batch.index(), column));
            }
            long rows = batch.entry().frame().rows(batch.index());
            for (long offset = 0; offset < rows; offset += sliceRows) {
                long zone = offset;
                long length = Math.min(sliceRows, rows - offset);
                if (filter.zoneColumns().length == 0 || sliceRows >= rows || filter.mayMatchZone(
                        column -> cache.zoneStats(batch.entry(), batch.index(), column, zone, length), length)) {
                    slices.add(new BatchSlice(chunks, offset, length));
                }
            }
        }
        return slices;
    }

    /** A batch the batch statistics did not rule out. */
    private record Kept(ScanCache.Entry entry, int index) {}
}
