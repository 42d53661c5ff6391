package io.arrowfamfs.frame;

import io.arrowfamfs.ArrowFamfsException;

/** A frame's bytes fail a structural check or its checksum. */
public class CorruptFrameException extends ArrowFamfsException {
    /**
     * A corruption found by a check.
     *
     * @param message what failed, naming the frame and the values involved
     */
    public CorruptFrameException(String message) {
        super(message);
    }

    /**
     * A corruption Arrow found first.
     *
     * @param message what failed, naming the frame and the values involved
     * @param cause Arrow's error
     */
    public CorruptFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
