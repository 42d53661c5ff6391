package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when the catalog file has no free commit slot. */
public final class CatalogFullException extends ArrowFamfsException {
    public CatalogFullException(String message) {
        super(message);
    }
}
