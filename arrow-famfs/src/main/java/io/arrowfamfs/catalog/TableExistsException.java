package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when a table of that name already exists. */
public final class TableExistsException extends ArrowFamfsException {
    public TableExistsException(String message) {
        super(message);
    }
}
