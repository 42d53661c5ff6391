package io.arrowfamfs.famfs;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when a path is not in the famfs namespace. */
public final class NoSuchPathException extends ArrowFamfsException {
    /** An exception with {@code message} in the form {@code what failed: key=value ...}. */
    public NoSuchPathException(String message) {
        super(message);
    }
}
