package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when an appended frame's schema is not the table's. */
public final class SchemaMismatchException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot open: path=/x}
     */
    public SchemaMismatchException(String message) {
        super(message);
    }
}
