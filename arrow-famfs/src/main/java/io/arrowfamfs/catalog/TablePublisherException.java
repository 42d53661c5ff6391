package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/**
 * Thrown when a node appends to or replaces a table another node publishes: a table has one
 * publishing node at a time ({@link Catalog#publisher}); the master may hand it on.
 */
public final class TablePublisherException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it
     */
    public TablePublisherException(String message) {
        super(message);
    }
}
