package io.arrowfamfs.scan;

import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.frame.BatchStats;
import io.arrowfamfs.frame.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scan of one table as one snapshot saw it: the frames of that {@link TableState}, held
 * attached in a {@link FrameCache} until the scan closes (so a table dropped or appended to
 * meanwhile does not change it), their batches pruned by a {@link StatsFilter} (published batch
 * statistics first, then zone statistics per slice) and cut into {@link ScanSlice}s of the
 * projected columns by a {@link SlicePolicy}. Planned once, at {@link #open}; not thread-safe to
 * close while a consumer still reads its slices.
 *
 * @param <C> the engine's handle of a column
 */
public final class TableScan<C extends AutoCloseable> implements AutoCloseable {
    private final FrameCache<C> cache;
    private final List<AttachedFrame<C>> held;
    private final Projection projection;
    private final List<ScanSlice<C>> slices;
    private boolean closed;

    private TableScan(
            FrameCache<C> cache, List<AttachedFrame<C>> held, Projection projection, List<ScanSlice<C>> slices) {
        this.cache = cache;
        this.held = held;
        this.projection = projection;
        this.slices = List.copyOf(slices);
    }

    /**
     * Plans a scan of {@code table} (a snapshot's state of it) reading {@code projection}'s columns
     * of the rows {@code filter} may match, cut as {@code policy} says. Every frame of the table
     * is attached (through {@code cache}) and held until {@link #close}.
     *
     * @param <C> the engine's handle of a column
     * @param cache the frames the reader keeps attached
     * @param table the table, as a snapshot has it
     * @param projection the columns to read
     * @param filter what statistics may rule out
     * @param policy how to cut batches into slices
     * @return the planned scan, to close
     */
    public static <C extends AutoCloseable> TableScan<C> open(
            FrameCache<C> cache, TableState table, Projection projection, StatsFilter filter, SlicePolicy policy) {
        List<AttachedFrame<C>> held = new ArrayList<>();
        try {
            List<Kept<C>> kept = new ArrayList<>();
            long total = 0;
            int width = projection.source().getFields().size();
            for (FrameRef ref : table.frames()) {
                AttachedFrame<C> frame = cache.acquire(ref);
                held.add(frame);
                for (int batch = 0; batch < frame.frame().batchCount(); batch++) {
                    if (mayMatch(frame.frame(), batch, filter, width)) {
                        kept.add(new Kept<>(frame, batch));
                        total += frame.frame().rows(batch);
                    }
                }
            }
            return new TableScan<>(cache, held, projection, slice(kept, projection, filter, policy.sliceRows(total)));
        } catch (RuntimeException e) {
            held.forEach(cache::release);
            throw e;
        }
    }

    private static boolean mayMatch(Frame frame, int batch, StatsFilter filter, int width) {
        if (filter.keepsEverything()) {
            return true;
        }
        if (filter.matchesNothing()) {
            return false;
        }
        Optional<BatchStats> stats = frame.stats(batch);
        if (stats.isEmpty() || stats.get().columns().size() != width) {
            return true; // no statistics, or not of this schema: nothing to prove with
        }
        return filter.mayMatch(stats.get().rows(), stats.get().columns()::get);
    }

    private static <C extends AutoCloseable> List<ScanSlice<C>> slice(
            List<Kept<C>> kept, Projection projection, StatsFilter filter, long sliceRows) {
        List<ScanSlice<C>> slices = new ArrayList<>();
        for (Kept<C> batch : kept) {
            List<C> columns = new ArrayList<>(projection.width());
            for (int i = 0; i < projection.width(); i++) {
                columns.add(batch.frame().column(batch.index(), projection.column(i)));
            }
            long rows = batch.frame().frame().rows(batch.index());
            for (long offset = 0; offset < rows; offset += sliceRows) {
                ScanSlice<C> slice = new ScanSlice<>(
                        batch.frame(), batch.index(), offset, Math.min(sliceRows, rows - offset), columns);
                if (filter.keepsEverything() || sliceRows >= rows || filter.mayMatch(slice.rows(), slice::stats)) {
                    slices.add(slice);
                }
            }
        }
        return slices;
    }

    /**
     * Every frame of the table as the scan's snapshot has it, whether or not a slice reads it.
     *
     * @return the frames, in the table's order
     */
    public List<AttachedFrame<C>> frames() {
        return List.copyOf(held);
    }

    /**
     * The projected columns: what every slice holds.
     *
     * @return the projection
     */
    public Projection projection() {
        return projection;
    }

    /**
     * The slices to read, in table order (frames, then batches, then rows).
     *
     * @return the slices, valid until {@link #close}
     */
    public List<ScanSlice<C>> slices() {
        return slices;
    }

    /**
     * Rows of every slice.
     *
     * @return the rows the scan reads
     */
    public long rows() {
        return slices.stream().mapToLong(ScanSlice::rows).sum();
    }

    /** Lets go of the frames: the cache may close them once no table of a later snapshot has them. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            held.forEach(cache::release);
        }
    }

    /** A batch the batch statistics did not rule out. */
    private record Kept<C extends AutoCloseable>(AttachedFrame<C> frame, int index) {}
}
