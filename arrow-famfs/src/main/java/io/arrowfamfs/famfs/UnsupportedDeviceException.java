package io.arrowfamfs.famfs;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when a device is of a kind this build does not open (not a regular file, or larger than the space map can index). */
public final class UnsupportedDeviceException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot open: path=/x}
     */
    public UnsupportedDeviceException(String message) {
        super(message);
    }
}
