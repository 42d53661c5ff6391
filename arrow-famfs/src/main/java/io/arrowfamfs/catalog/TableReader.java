package io.arrowfamfs.catalog;

import io.arrowfamfs.frame.Frame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Every batch of every frame of one table snapshot, in order, as a zero-copy {@link ArrowReader}:
 * the reader's vectors point into shared memory. Frames are attached as the scan reaches them
 * and released as it leaves them; closing the reader releases whatever is still attached. Only
 * the requested columns are exported (projection), and batches a {@link BatchFilter} rules out
 * are skipped (pruning). The snapshot fixes
 * the frames: commits made during the scan are not seen.
 */
public final class TableReader extends ArrowReader {
    private final Catalog catalog;
    private final List<FrameRef> frames;
    private final Schema schema;
    /** Indexes of the exported columns in the table's schema; null for all. */
    private final int[] projection;
    private final BufferAllocator mappingAllocator;
    private final BatchFilter filter;
    private int frameIndex;
    private int batchIndex;
    private Frame current;
    private long bytesRead;

    /** Decides from a batch's statistics whether the scan may skip it. */
    @FunctionalInterface
    public interface BatchFilter {
        BatchFilter ALL = (frame, batch) -> true;

        /** False only when batch {@code batch} of {@code frame} provably holds no row the query needs. */
        boolean mayMatch(Frame frame, int batch);
    }

    /**
     * A reader of {@code table}'s columns named in {@code columns} (case-insensitive; null for all;
     * an empty set keeps the first column, to carry row counts), skipping batches {@code filter}
     * rules out.
     */
    public TableReader(Catalog catalog, TableState table, BufferAllocator mappingAllocator, Set<String> columns,
            BatchFilter filter) {
        super(mappingAllocator);
        this.catalog = catalog;
        this.frames = table.frames();
        Schema full = catalog.schema(table, mappingAllocator);
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < full.getFields().size(); i++) {
            if (columns == null || columns.contains(full.getFields().get(i).getName().toLowerCase(Locale.ROOT))) {
                keep.add(i);
            }
        }
        if (keep.isEmpty() && !full.getFields().isEmpty()) {
            keep.add(0);
        }
        this.projection = keep.size() == full.getFields().size() ? null : keep.stream().mapToInt(Integer::intValue).toArray();
        this.schema = new Schema(keep.stream().map(full.getFields()::get).toList(), full.getCustomMetadata());
        this.mappingAllocator = mappingAllocator;
        this.filter = filter;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        prepareLoadNextBatch();
        while (frameIndex < frames.size()) {
            if (current == null) {
                current = catalog.attach(frames.get(frameIndex), mappingAllocator, false);
                batchIndex = 0;
            }
            while (batchIndex < current.batchCount()) {
                int index = batchIndex++;
                if (filter.mayMatch(current, index)) {
                    try (VectorSchemaRoot batch = current.batch(index, projection);
                            ArrowRecordBatch records = new VectorUnloader(batch).getRecordBatch()) {
                        new VectorLoader(getVectorSchemaRoot()).load(records);
                        bytesRead += records.computeBodyLength();
                    }
                    return true;
                }
            }
            current.close();
            current = null;
            frameIndex++;
        }
        return false;
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    protected void closeReadSource() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    protected Schema readSchema() {
        return schema;
    }
}
