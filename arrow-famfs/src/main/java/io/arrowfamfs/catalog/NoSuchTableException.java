package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when a table is not in the catalog. */
public final class NoSuchTableException extends ArrowFamfsException {
    /** An exception with {@code message} in the form {@code what failed: key=value ...}. */
    public NoSuchTableException(String message) {
        super(message);
    }
}
