package io.arrowfamfs.famfs;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when options are out of range: {@link MkfsOptions}, {@link VolumeOptions}, a {@link Placement}, a node id. */
public final class InvalidOptionException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot open: path=/x}
     */
    public InvalidOptionException(String message) {
        super(message);
    }

    /**
     * Same, with the error that caused it (an unreadable file the option comes from).
     *
     * @param message what failed and the values that identify it, in the form {@code what failed: key=value ...}
     * @param cause the error behind it, e.g. the {@link java.io.IOException} reading the option's file
     */
    public InvalidOptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
