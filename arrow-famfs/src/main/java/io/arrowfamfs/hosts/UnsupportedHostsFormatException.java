package io.arrowfamfs.hosts;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when the host table or a local pin table was written in another format version. */
public final class UnsupportedHostsFormatException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it
     */
    public UnsupportedHostsFormatException(String message) {
        super(message);
    }
}
