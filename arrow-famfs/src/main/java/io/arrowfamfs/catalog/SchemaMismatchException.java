package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when an appended frame's schema is not the table's. */
public final class SchemaMismatchException extends ArrowFamfsException {
    public SchemaMismatchException(String message) {
        super(message);
    }
}
