package io.arrowfamfs.famfs;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when another writer held the log lock longer than the configured timeout. */
public final class LockTimeoutException extends ArrowFamfsException {
    public LockTimeoutException(String message) {
        super(message);
    }
}
