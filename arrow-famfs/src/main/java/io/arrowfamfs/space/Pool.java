package io.arrowfamfs.space;

/**
 * A pool: one large famfs file the master created once and never deletes, cut into units of
 * {@code unitSize} bytes. Frames, SSTs and catalog checkpoints are byte ranges inside pools.
 *
 * @param id the pool's number, from 0, in creation order
 * @param relpath the pool file's famfs path ({@link SpaceLayout#poolPath})
 * @param size the pool's usable bytes: a whole number of units
 * @param unitSize bytes per allocation unit
 */
public record Pool(int id, String relpath, long size, int unitSize) {
    /**
     * Checks the geometry.
     *
     * @param id the pool's number; not negative
     * @param relpath the pool file's famfs path
     * @param size the pool's usable bytes: a positive multiple of {@code unitSize}
     * @param unitSize bytes per allocation unit: a positive power of two
     * @throws IllegalArgumentException if the geometry is invalid
     */
    public Pool {
        if (id < 0 || unitSize <= 0 || Integer.bitCount(unitSize) != 1 || size <= 0 || size % unitSize != 0) {
            throw new IllegalArgumentException(
                    "invalid pool: id=" + id + " size=" + size + " unit_size=" + unitSize + " path=" + relpath);
        }
    }

    /** {@return the number of units} */
    public int units() {
        return (int) (size / unitSize);
    }

    /**
     * {@return true if {@code extent} lies inside this pool}
     *
     * @param extent a byte range
     */
    public boolean contains(Extent extent) {
        return extent.pool() == id && extent.end() <= size;
    }
}
