package io.arrowfamfs.famfs.omf;

/**
 * A {@code famfs_simple_extent}: {@code length} bytes at device byte {@code offset} of daxdev
 * {@code devIndex} (always 0 today; the kernel rejects anything else).
 *
 * @param devIndex the daxdev's index
 * @param offset the first device byte
 * @param length the extent's length in bytes
 */
public record Extent(long devIndex, long offset, long length) {
    /**
     * An extent on daxdev 0.
     *
     * @param offset the first device byte
     * @param length the extent's length in bytes
     */
    public Extent(long offset, long length) {
        this(0, offset, length);
    }

    /** {@return one past the last device byte, or a negative number if the sum overflows} */
    public long end() {
        return offset + length;
    }
}
