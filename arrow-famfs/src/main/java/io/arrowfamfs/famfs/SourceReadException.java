package io.arrowfamfs.famfs;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when a local file being copied into the volume cannot be read, or changes size while it is copied. */
public final class SourceReadException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot open: path=/x}
     */
    public SourceReadException(String message) {
        super(message);
    }

    /**
     * Same, with the I/O error that caused it.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot read source: file=/x}
     * @param cause the I/O error reading the source file
     */
    public SourceReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
