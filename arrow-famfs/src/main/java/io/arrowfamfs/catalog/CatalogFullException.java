package io.arrowfamfs.catalog;

import io.arrowfamfs.commitlog.CommitLogFullException;

/** Thrown when one commit has more records than the catalog's ring takes at once (a quarter of its slots). */
public final class CatalogFullException extends CommitLogFullException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot open: path=/x}
     */
    public CatalogFullException(String message) {
        super(message);
    }
}
