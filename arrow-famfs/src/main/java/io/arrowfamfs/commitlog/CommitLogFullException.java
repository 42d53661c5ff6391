package io.arrowfamfs.commitlog;

import io.arrowfamfs.ArrowFamfsException;

/**
 * Thrown when a commit log has no free slot for an append. Owners throw their own subtype with
 * their own names (the famfs log's, the catalog's) before the primitive's own check is reached.
 */
public class CommitLogFullException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot open: path=/x}
     */
    public CommitLogFullException(String message) {
        super(message);
    }
}
