package io.arrowfamfs.frame;

import io.arrowfamfs.ArrowFamfsException;

/** A frame's bytes fail a structural check or its checksum. */
public final class CorruptFrameException extends ArrowFamfsException {
    public CorruptFrameException(String message) {
        super(message);
    }

    public CorruptFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
