package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/**
 * Thrown when a frame taken from an older snapshot is attached after it was retired (its table
 * dropped or replaced, or the frame retired) and no pin of this process still covers it: its
 * space may be reused, so it is not read. Refresh the snapshot and attach its frames instead.
 */
public final class FrameRetiredException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it
     */
    public FrameRetiredException(String message) {
        super(message);
    }
}
