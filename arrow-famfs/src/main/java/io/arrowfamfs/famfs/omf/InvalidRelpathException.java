package io.arrowfamfs.famfs.omf;

import io.arrowfamfs.ArrowFamfsException;

/** A path famfs cannot store safely: empty, absolute, over 79 bytes, or with '.', '..' or '//'. */
public final class InvalidRelpathException extends ArrowFamfsException {
    public InvalidRelpathException(String message) {
        super(message);
    }
}
