package io.arrowfamfs.scan;

import io.arrowfamfs.catalog.CatalogSnapshot;
import io.arrowfamfs.catalog.FrameLocation;
import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.frame.Frame;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The frames one reader keeps attached between scans, with their pinned columns
 * ({@link AttachedFrame}). A frame's pages enter the process's page tables once (a fresh mapping
 * per query paid about 50 ms of page faults per GiB scanned) and each column of each batch is
 * validated and pinned once. Published frames never change, so nothing here goes stale. A
 * {@link TableScan} holds the frames of its snapshot until it closes; {@link #retainOnly} closes
 * the frames no open scan holds that belong to no table of a newer snapshot. Thread-safe.
 *
 * @param <C> the engine's handle of a column (see {@link ColumnPinner})
 */
public final class FrameCache<C extends AutoCloseable> implements AutoCloseable {
    private final Function<FrameRef, Frame> attach;
    private final ColumnPinner<C> pinner;
    private final Map<FrameLocation, AttachedFrame<C>> frames = new HashMap<>();
    private boolean closed;

    /**
     * A cache attaching frames with {@code attach} (for example
     * {@code ref -> catalog.attach(ref, mappings, false)}) and pinning their columns with
     * {@code pinner}. The cache owns every frame it attaches.
     *
     * @param attach attaches a frame of the catalog
     * @param pinner makes the engine's handle of a column
     */
    public FrameCache(Function<FrameRef, Frame> attach, ColumnPinner<C> pinner) {
        this.attach = attach;
        this.pinner = pinner;
    }

    /** {@code ref}, attached on first use, held until {@link #release}. */
    synchronized AttachedFrame<C> acquire(FrameRef ref) {
        if (closed) {
            throw new IllegalStateException("frame acquire failed: frame=" + ref.name() + " cache=closed");
        }
        AttachedFrame<C> frame = frames.get(ref.location());
        if (frame == null) {
            frame = new AttachedFrame<>(ref, attach.apply(ref), pinner);
            frames.put(ref.location(), frame);
        }
        frame.users++;
        return frame;
    }

    /** Lets go of a frame {@link #acquire} gave. */
    synchronized void release(AttachedFrame<C> frame) {
        frame.users--;
    }

    /**
     * How many frames are attached.
     *
     * @return the count
     */
    public synchronized int attached() {
        return frames.size();
    }

    /**
     * Closes the frames that no open scan holds and that belong to no table of {@code snapshot}.
     *
     * @param snapshot the catalog as it is now
     */
    public synchronized void retainOnly(CatalogSnapshot snapshot) {
        Set<FrameLocation> live = new HashSet<>();
        for (TableState table : snapshot.tables().values()) {
            for (FrameRef frame : table.frames()) {
                live.add(frame.location());
            }
        }
        for (Iterator<Map.Entry<FrameLocation, AttachedFrame<C>>> it =
                        frames.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<FrameLocation, AttachedFrame<C>> next = it.next();
            if (next.getValue().users == 0 && !live.contains(next.getKey())) {
                it.remove();
                next.getValue().close();
            }
        }
    }

    /**
     * Closes every frame, held or not: no consumer may still read their columns. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (AttachedFrame<C> frame : frames.values()) {
            try {
                frame.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        frames.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
