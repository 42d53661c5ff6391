package io.arrowfamfs.scan;

import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.frame.CodesAreValues;
import io.arrowfamfs.frame.ColumnStats;
import io.arrowfamfs.frame.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;

/**
 * A frame a {@link FrameCache} keeps attached: each batch is checked against its CRC32C before
 * its first column is pinned, and each column of each batch is validated and pinned once ({@link #column}), and the statistics of a zone of a column computed once
 * ({@link #zoneStats}), however many scans read them. Thread-safe. Valid while a scan holding it
 * is open; closed by its cache.
 *
 * @param <C> the engine's handle of a column
 */
public final class AttachedFrame<C extends AutoCloseable> {
    private final FrameRef ref;
    private final Frame frame;
    private final ColumnPinner<C> pinner;
    /** Pinned columns, {@code [batch][column]}, filled on first use. */
    private final List<List<C>> columns;
    /** Pinned dictionaries by id, filled when a column indexing one is first pinned. */
    private final Map<Long, C> dictionaries = new HashMap<>();

    /** Per dictionary id, whether each code is its own value; computed on first use. */
    private final Map<Long, Boolean> codesAreValues = new HashMap<>();

    private final Map<Zone, ColumnStats> zones = new HashMap<>();
    /** Open scans holding the frame; guarded by the cache. */
    int users;

    private record Zone(int batch, int column, long offset, long rows) {}

    AttachedFrame(FrameRef ref, Frame frame, ColumnPinner<C> pinner) {
        this.ref = ref;
        this.frame = frame;
        this.pinner = pinner;
        this.columns = new ArrayList<>(frame.batchCount());
        int width = frame.schema().getFields().size();
        for (int batch = 0; batch < frame.batchCount(); batch++) {
            List<C> row = new ArrayList<>(width);
            for (int column = 0; column < width; column++) {
                row.add(null);
            }
            columns.add(row);
        }
    }

    /**
     * The catalog's reference to the frame: what another process attaches it by.
     *
     * @return the reference
     */
    public FrameRef ref() {
        return ref;
    }

    /**
     * The attached frame.
     *
     * @return the frame, owned by the cache
     */
    public Frame frame() {
        return frame;
    }

    /**
     * A column of a batch, validated and pinned on first use. The batch is checked first as the
     * frame's {@link io.arrowfamfs.frame.VerifyMode} says ({@link Frame#checkBatch}: its CRC32C,
     * once while the frame is attached in the process), outside this frame's lock, so threads pinning other batches do not wait
     * for the hash.
     *
     * @param batch the batch's index
     * @param column the column's index in the frame's schema
     * @return its handle, owned by the cache
     * @throws io.arrowfamfs.frame.CorruptBatchException if the batch fails its checksum
     */
    public C column(int batch, int column) {
        frame.checkBatch(batch);
        return pin(batch, column);
    }

    private synchronized C pin(int batch, int column) {
        C pinned = columns.get(batch).get(column);
        if (pinned == null) {
            try (VectorSchemaRoot root = frame.batch(batch, new int[] {column})) {
                FieldVector vector = root.getVector(0);
                DictionaryEncoding encoding = vector.getField().getDictionary();
                pinned = pinner.pin(vector, encoding == null ? null : pinnedDictionary(encoding.getId()));
            }
            columns.get(batch).set(column, pinned);
        }
        return pinned;
    }

    /**
     * The values of the frame's dictionary {@code id}, over its mapping, loaded and checked on
     * first use ({@link Frame#dictionary}); owned by the frame.
     *
     * @param id the dictionary's id, as a field's {@code DictionaryEncoding} names it
     * @return the dictionary's values
     * @throws io.arrowfamfs.frame.CorruptFrameException if the dictionary fails its checks
     */
    public FieldVector dictionary(long id) {
        return frame.dictionary(id).getVector();
    }

    /**
     * Whether a column is dictionary-encoded with each code its own value ({@link
     * CodesAreValues}): then an engine may read the codes as the values. Checked once per dictionary.
     *
     * @param column the column's index in the frame's schema
     * @return true if the column's dictionary is the 64-bit integers {@code 0, 1, 2, ...}
     * @throws io.arrowfamfs.frame.CorruptFrameException if the dictionary fails its checks
     */
    public synchronized boolean codesAreValues(int column) {
        DictionaryEncoding encoding = frame.schema().getFields().get(column).getDictionary();
        return encoding != null
                && codesAreValues.computeIfAbsent(
                        encoding.getId(),
                        id -> CodesAreValues.test(frame.dictionary(id).getVector()));
    }

    private C pinnedDictionary(long id) {
        C pinned = dictionaries.get(id);
        if (pinned == null) {
            pinned = pinner.pin(frame.dictionary(id).getVector(), null);
            dictionaries.put(id, pinned);
        }
        return pinned;
    }

    /**
     * Statistics of rows {@code [offset, offset + rows)} of a column of a batch, computed on first use.
     *
     * @param batch the batch's index
     * @param column the column's index in the frame's schema
     * @param offset the zone's first row
     * @param rows the zone's rows
     * @return the zone's statistics
     */
    public synchronized ColumnStats zoneStats(int batch, int column, long offset, long rows) {
        return zones.computeIfAbsent(new Zone(batch, column, offset, rows), zone -> {
            try (VectorSchemaRoot root = frame.batch(batch, new int[] {column})) {
                return ColumnStats.of(root.getVector(0), Math.toIntExact(offset), Math.toIntExact(rows));
            }
        });
    }

    /**
     * Closes the pinned columns, then the frame; a column that fails to close is reported once
     * all are closed, as an {@link IllegalStateException}.
     */
    synchronized void close() {
        IllegalStateException failure = null;
        List<List<C>> all = new ArrayList<>(columns);
        all.add(new ArrayList<>(dictionaries.values()));
        for (List<C> batch : all) {
            for (C column : batch) {
                try {
                    if (column != null) {
                        column.close();
                    }
                } catch (Exception e) {
                    if (failure == null) {
                        failure = new IllegalStateException("closing a pinned column failed: frame=" + ref.name(), e);
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        frame.close();
        if (failure != null) {
            throw failure;
        }
    }
}
