package io.arrowfamfs.famfs;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when the famfs log has no free entry slot; famfs cannot grow a log after mkfs. */
public final class LogFullException extends ArrowFamfsException {
    public LogFullException(String message) {
        super(message);
    }
}
