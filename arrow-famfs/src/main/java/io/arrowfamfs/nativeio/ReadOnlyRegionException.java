package io.arrowfamfs.nativeio;

import io.arrowfamfs.ArrowFamfsException;

/** A write to a region mapped read-only (a client's view): refused before it could fault. */
public final class ReadOnlyRegionException extends ArrowFamfsException {
    /** A write to {@code resource}, a read-only mapping. */
    public ReadOnlyRegionException(String resource) {
        super("region is read-only: " + KeyValue.pair("resource", resource));
    }
}
