package io.arrowfamfs.hosts;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when a host's local pin table has no free process slot, or a process no free pin entry. */
public final class PinTableFullException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it
     */
    public PinTableFullException(String message) {
        super(message);
    }
}
