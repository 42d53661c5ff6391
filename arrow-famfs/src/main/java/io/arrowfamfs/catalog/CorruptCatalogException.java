package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when the catalog file fails a check (magic, CRC, seqnum, a record that contradicts the ones before). */
public final class CorruptCatalogException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot open: path=/x}
     */
    public CorruptCatalogException(String message) {
        super(message);
    }
}
