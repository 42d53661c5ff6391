package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when a table of that name already exists. */
public final class TableExistsException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot open: path=/x}
     */
    public TableExistsException(String message) {
        super(message);
    }
}
