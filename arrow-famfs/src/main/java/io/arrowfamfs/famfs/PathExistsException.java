package io.arrowfamfs.famfs;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when a path is already in the famfs namespace; famfs has no delete, rename or overwrite. */
public final class PathExistsException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot open: path=/x}
     */
    public PathExistsException(String message) {
        super(message);
    }
}
