package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when a name cannot name a table: it must be an SQL identifier of at most 63 characters. */
public final class InvalidTableNameException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot open: path=/x}
     */
    public InvalidTableNameException(String message) {
        super(message);
    }
}
