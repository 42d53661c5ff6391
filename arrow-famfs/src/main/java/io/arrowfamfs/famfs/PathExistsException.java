package io.arrowfamfs.famfs;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when a path is already in the famfs namespace; famfs has no delete, rename or overwrite. */
public final class PathExistsException extends ArrowFamfsException {
    public PathExistsException(String message) {
        super(message);
    }
}
