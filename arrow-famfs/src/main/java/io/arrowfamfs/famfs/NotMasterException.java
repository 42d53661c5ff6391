package io.arrowfamfs.famfs;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when an append was attempted by a client node; only the master (the node whose UUID is the superblock's system UUID) may write. */
public final class NotMasterException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot open: path=/x}
     */
    public NotMasterException(String message) {
        super(message);
    }
}
