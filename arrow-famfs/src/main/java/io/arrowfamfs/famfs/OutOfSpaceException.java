package io.arrowfamfs.famfs;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when the device has no free extent (or combination of extents) large enough, or the storage behind an emulated device is full. */
public final class OutOfSpaceException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot open: path=/x}
     */
    public OutOfSpaceException(String message) {
        super(message);
    }
}
