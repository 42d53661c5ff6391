package io.arrowfamfs.space;

/**
 * A byte range inside a pool: where a frame (or an SST, or a catalog checkpoint) lives.
 *
 * @param pool the pool's id
 * @param offset the range's first byte in the pool file
 * @param length the range's length in bytes; positive
 */
public record Extent(int pool, long offset, long length) {
    /**
     * Checks the range.
     *
     * @param pool the pool's id; not negative
     * @param offset the range's first byte in the pool file; not negative
     * @param length the range's length in bytes; positive
     * @throws IllegalArgumentException if a value is out of range
     */
    public Extent {
        if (pool < 0 || offset < 0 || length <= 0 || offset > Long.MAX_VALUE - length) {
            throw new IllegalArgumentException(
                    "invalid extent: pool=" + pool + " offset=" + offset + " length=" + length);
        }
    }

    /** {@return the offset one past the last byte} */
    public long end() {
        return offset + length;
    }

    /**
     * {@return true if this range and {@code other} share a byte}
     *
     * @param other another extent, in any pool
     */
    public boolean overlaps(Extent other) {
        return pool == other.pool && offset < other.end() && other.offset < end();
    }

    @Override
    public String toString() {
        return "pool=" + pool + " offset=" + offset + " length=" + length;
    }
}
