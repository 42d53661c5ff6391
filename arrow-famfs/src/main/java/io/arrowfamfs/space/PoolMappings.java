package io.arrowfamfs.space;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.ResourceClosedException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each pool mapped once in this process (read-write on the master, read-only on clients), and
 * ranges of them handed out as slices: attaching a frame is address arithmetic, never a new
 * mapping. Slices keep their pool's mapping alive after {@link #close}. Thread-safe.
 */
public final class PoolMappings implements AutoCloseable {
    private final Volume volume;
    private final Map<Integer, MappedRegion> regions = new ConcurrentHashMap<>();
    private final Map<Integer, WriteFaults> faults = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Mappings of {@code volume}'s pools, made on first use.
     *
     * @param volume the open volume; it must outlive this object
     */
    public PoolMappings(Volume volume) {
        this.volume = volume;
    }

    /**
     * A slice of the pool holding {@code extent}, mapping the pool first if this process has not.
     *
     * @param pool the pool, as the catalog names it
     * @param extent a range inside {@code pool}
     * @return the slice, exactly the extent's bytes; the caller closes it
     * @throws ResourceClosedException if this object is closed
     * @throws io.arrowfamfs.famfs.NoSuchPathException if famfs has no file for the pool
     */
    public MappedRegion slice(Pool pool, Extent extent) {
        return slice(pool, extent, () -> {});
    }

    /**
     * A slice as {@link #slice(Pool, Extent)}, that runs {@code onRelease} when its last
     * reference goes (see {@link MappedRegion#slice(long, long, Runnable)}).
     *
     * @param pool the pool, as the catalog names it
     * @param extent a range inside {@code pool}
     * @param onRelease run once, when nothing holds the slice any more
     * @return the slice, exactly the extent's bytes; the caller closes it
     * @throws ResourceClosedException if this object is closed
     * @throws io.arrowfamfs.famfs.NoSuchPathException if famfs has no file for the pool
     */
    public MappedRegion slice(Pool pool, Extent extent, Runnable onRelease) {
        if (!pool.contains(extent)) {
            throw new IllegalArgumentException("extent outside its pool: " + extent + " pool_size=" + pool.size());
        }
        return region(pool).slice(extent.offset(), extent.length(), onRelease);
    }

    /**
     * A slice as {@link #slice(Pool, Extent)}, to be written: the units it touches are
     * prefaulted for writing, once per process (see {@link WriteFaults}).
     *
     * @param pool the pool, as the catalog names it
     * @param extent a range inside {@code pool}
     * @return the slice, exactly the extent's bytes; the caller closes it
     * @throws ResourceClosedException if this object is closed
     */
    public MappedRegion sliceForWrite(Pool pool, Extent extent) {
        MappedRegion slice = slice(pool, extent);
        faults.computeIfAbsent(pool.id(), id -> new WriteFaults())
                .prefault(region(pool), extent.offset(), extent.length());
        return slice;
    }

    /**
     * {@return the famfs file of {@code pool}, as of the volume's last replay}
     *
     * @param pool a pool the catalog names
     */
    public FamfsFile file(Pool pool) {
        return volume.namespace().file(pool.relpath());
    }

    private MappedRegion region(Pool pool) {
        if (closed) {
            throw new ResourceClosedException("pool mappings of " + volume.path());
        }
        MappedRegion region = regions.computeIfAbsent(pool.id(), id -> volume.map(file(pool), false));
        if (closed) {
            close();
            throw new ResourceClosedException("pool mappings of " + volume.path());
        }
        return region;
    }

    /** Gives back this object's reference on every pool mapping; slices handed out stay valid. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (Integer id : regions.keySet()) {
            MappedRegion region = regions.remove(id);
            if (region != null) {
                region.close();
            }
        }
    }
}
