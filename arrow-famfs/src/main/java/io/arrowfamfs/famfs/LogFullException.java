package io.arrowfamfs.famfs;

import io.arrowfamfs.commitlog.CommitLogFullException;

/** Thrown when the famfs log has no free entry slot; famfs cannot grow a log after mkfs. */
public final class LogFullException extends CommitLogFullException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot open: path=/x}
     */
    public LogFullException(String message) {
        super(message);
    }
}
