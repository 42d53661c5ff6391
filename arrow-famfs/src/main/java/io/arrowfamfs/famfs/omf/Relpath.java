package io.arrowfamfs.famfs.omf;

import java.nio.charset.StandardCharsets;

/**
 * famfs relative paths: non-empty, no leading {@code /}, at most 79 bytes (an 80-byte buffer with
 * its NUL). famfs itself silently truncates longer paths and follows {@code ..}; we refuse both,
 * along with empty, {@code .} and {@code ..} components and NUL bytes.
 */
public final class Relpath {
    /** The longest relpath in UTF-8 bytes: the buffer less its NUL. */
    public static final int MAX_BYTES = LogDescriptor.RELPATH_BUFFER - 1;

    private Relpath() {}

    /**
     * Returns {@code relpath} if famfs and arrow-famfs can both use it, else throws.
     *
     * @param relpath a path relative to the mount point
     * @return {@code relpath}
     */
    public static String check(String relpath) {
        String problem = problem(relpath);
        if (problem != null) {
            throw new InvalidRelpathException(problem);
        }
        return relpath;
    }

    /**
     * What is wrong with {@code relpath}, or null if nothing is.
     *
     * @param relpath a path relative to the mount point
     * @return the problem as an error message, or null
     */
    public static String problem(String relpath) {
        if (relpath.isEmpty()) {
            return "relpath is empty";
        }
        if (relpath.startsWith("/")) {
            return "relpath is absolute: relpath=" + relpath;
        }
        int bytes = relpath.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return "relpath too long: bytes=" + bytes + " max=" + MAX_BYTES + " relpath=" + relpath;
        }
        if (relpath.indexOf('\0') >= 0) {
            return "relpath contains a NUL byte: relpath=" + relpath.replace('\0', '?');
        }
        for (String component : relpath.split("/", -1)) {
            if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                return "relpath has an empty, '.' or '..' component: relpath=" + relpath;
            }
        }
        return null;
    }

    /**
     * The parent directory's relpath, or the empty string for an entry at the root.
     *
     * @param relpath a valid relpath
     * @return the parent's relpath
     */
    public static String parent(String relpath) {
        int slash = relpath.lastIndexOf('/');
        return slash < 0 ? "" : relpath.substring(0, slash);
    }

    /**
     * The last component.
     *
     * @param relpath a valid relpath
     * @return the part after the last {@code /}
     */
    public static String name(String relpath) {
        return relpath.substring(relpath.lastIndexOf('/') + 1);
    }
}
