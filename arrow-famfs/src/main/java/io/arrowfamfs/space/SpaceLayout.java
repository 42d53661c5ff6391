package io.arrowfamfs.space;

/**
 * Where pools live and how they are cut: constants of the on-media format, apart from behaviour.
 *
 * <pre>
 *   pool file   .af/pools/NNNN (famfs file, ALL_HOSTS_RW), NNNN the pool id, 4 digits
 *   unit        2 MiB (famfs's allocation unit), the grain of grants and of reuse
 *   frame       inside one grant, at a 64-byte aligned offset (one writer per cache line)
 * </pre>
 */
public final class SpaceLayout {
    /** The directory of pool files. */
    public static final String POOLS_DIR = ".af/pools";
    /** Bytes per unit of a new pool. */
    public static final int UNIT_SIZE = 2 << 20;
    /** Every frame starts on a cache line of its own: two writers never share one. */
    public static final int FRAME_ALIGNMENT = 64;
    /** The most pools a volume can have (the path has four digits). */
    public static final int MAX_POOLS = 10_000;
    /** A pool created automatically is this large when the device has room (else smaller). */
    public static final long AUTO_POOL_SIZE = 1L << 30;

    private SpaceLayout() {}

    /**
     * {@return the famfs path of pool {@code id}}
     *
     * @param id the pool's id, in {@code [0, MAX_POOLS)}
     */
    public static String poolPath(int id) {
        if (id < 0 || id >= MAX_POOLS) {
            throw new IllegalArgumentException("pool id out of range: id=" + id + " max=" + (MAX_POOLS - 1));
        }
        return String.format("%s/%04d", POOLS_DIR, id);
    }

    /**
     * {@return the bytes a frame of {@code length} bytes holds in its pool: up to the next cache
     * line, where the next frame may start}
     *
     * @param length the frame's length in bytes
     */
    public static long footprint(long length) {
        return alignUp(length, FRAME_ALIGNMENT);
    }

    /**
     * {@return {@code value} rounded up to a multiple of the power of two {@code alignment}}
     *
     * @param value a non-negative value
     * @param alignment a positive power of two
     */
    public static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }
}
