package io.arrowfamfs.famfs.omf;

import io.arrowfamfs.ArrowFamfsException;

/** A path famfs cannot store safely: empty, absolute, over 79 bytes, or with '.', '..' or '//'. */
public final class InvalidRelpathException extends ArrowFamfsException {
    /**
     * The failure, in the message form {@code what failed: key=value ...}.
     *
     * @param message what failed, with the values involved
     */
    public InvalidRelpathException(String message) {
        super(message);
    }
}
