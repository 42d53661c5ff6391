package io.arrowfamfs.famfs.omf;

/**
 * A {@code famfs_simple_extent}: {@code length} bytes at device byte {@code offset} of daxdev
 * {@code devIndex} (always 0 today; the kernel rejects anything else).
 */
public record Extent(long devIndex, long offset, long length) {
    public Extent(long offset, long length) {
        this(0, offset, length);
    }

    /** One past the last device byte, or a negative number if the sum overflows. */
    public long end() {
        return offset + length;
    }
}
