package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when a table is not in the catalog. */
public final class NoSuchTableException extends ArrowFamfsException {
    public NoSuchTableException(String message) {
        super(message);
    }
}
