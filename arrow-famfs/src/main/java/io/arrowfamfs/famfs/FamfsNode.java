package io.arrowfamfs.famfs;

import io.arrowfamfs.famfs.omf.FileMap;

/** An entry of the famfs namespace: a file or a directory, as the log created it. */
public sealed interface FamfsNode {
    /** {@return the path relative to the famfs root, e.g. {@code "tables/flights/0001.arrow"}; empty for the root} */
    String relpath();

    /** {@return the permission bits, as logged} */
    int mode();

    /** {@return the owner's user id, as logged} */
    int uid();

    /** {@return the owner's group id, as logged} */
    int gid();

    /** {@return the index of the log entry that created it, -1 for the root directory} */
    long logIndex();

    /**
     * A file: {@code size} bytes laid out by {@code map}.
     *
     * @param mode permission bits only, as in the log
     */
    record FamfsFile(String relpath, long size, int mode, int uid, int gid, FileMap map, long logIndex)
            implements FamfsNode {}

    /** A directory. The root has the empty relpath and no log entry ({@code logIndex} -1). */
    record FamfsDirectory(String relpath, int mode, int uid, int gid, long logIndex) implements FamfsNode {}
}
