package io.arrowfamfs.catalog;

/**
 * One committed frame of a table: where it lies, its rows and batches, and the commit that published it.
 *
 * @param location the frame's pool range, generation and writer
 * @param rows the frame's rows
 * @param batches the frame's record batches
 * @param commit the sequence number of the record that published it
 */
public record FrameRef(FrameLocation location, long rows, int batches, long commit) {
    /** {@return the frame's bytes: the length of its range} */
    public long bytes() {
        return location.extent().length();
    }

    /** {@return the frame's short stable name, for messages and caches ({@link FrameLocation#name})} */
    public String name() {
        return location.name();
    }
}
