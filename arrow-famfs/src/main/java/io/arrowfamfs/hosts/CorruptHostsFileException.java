package io.arrowfamfs.hosts;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when the host table or a host's local pin table fails a check: magic, header CRC, sizes. */
public final class CorruptHostsFileException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it
     */
    public CorruptHostsFileException(String message) {
        super(message);
    }
}
