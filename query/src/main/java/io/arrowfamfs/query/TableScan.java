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
 * What one table reference reads: the columns the query names (projection) of the batches its
 * predicates do not rule out (pruning), planned over one snapshot of the table.
 */
final class TableScan {
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
        List<BatchSlice> slices = new ArrayList<>();
        for (FrameRef ref : table.frames()) {
            ScanCache.Entry entry = cache.acquire(ref);
            acquired.add(entry);
            Frame frame = entry.frame();
            for (int batch = 0; batch < frame.batchCount(); batch++) {
                if (filter.mayMatch(frame, batch)) {
                    List<ColumnChunk> chunks = new ArrayList<>(columns.length);
                    for (int column : columns) {
                        chunks.add(cache.chunk(entry, batch, column));
                    }
                    slices.add(BatchSlice.whole(chunks, frame.rows(batch)));
                }
            }
        }
        return slices;
    }
}
