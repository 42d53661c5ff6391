package io.arrowfamfs.famfs;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when a path is not in the famfs namespace. */
public final class NoSuchPathException extends ArrowFamfsException {
    public NoSuchPathException(String message) {
        super(message);
    }
}
