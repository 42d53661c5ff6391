package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/**
 * Thrown when the catalog file is intact arrow-famfs catalog (its magic matches) but of a format
 * version this build does not read: written by a newer or older arrow-famfs, not damaged.
 */
public final class UnsupportedCatalogFormatException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot open: path=/x}
     */
    public UnsupportedCatalogFormatException(String message) {
        super(message);
    }
}
