package io.arrowfamfs.commitlog;

import io.arrowfamfs.ArrowFamfsException;

/**
 * Thrown when the counter of a commit log is not what its writer read: another writer appended
 * without holding the owner's lock. Nothing was written.
 */
public final class CommitLogConflictException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot open: path=/x}
     */
    public CommitLogConflictException(String message) {
        super(message);
    }
}
