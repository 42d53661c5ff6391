package io.arrowfamfs.famfs.omf;

import java.util.List;

/** Where a famfs file's bytes are on the device ({@code struct famfs_log_fmap}). */
public sealed interface FileMap permits SimpleFileMap, InterleavedFileMap {
    /** {@return the device ranges the map occupies, for allocation and overlap checks} */
    List<Extent> deviceExtents();

    /**
     * True when every byte of a file of {@code fileSize} bytes has a place in the map.
     *
     * @param fileSize the file's size in bytes
     * @return whether the map covers the file
     */
    boolean covers(long fileSize);

    /**
     * File offsets {@code [0, fileSize)} translated to device offsets, in file order, with
     * neighbours that are contiguous on the device merged. Requires {@link #covers(long)}.
     *
     * @param fileSize the file's size in bytes
     * @return the file's ranges on the device
     */
    List<FileRange> ranges(long fileSize);
}
