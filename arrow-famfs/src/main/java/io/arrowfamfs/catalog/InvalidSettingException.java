package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown for a volume setting that does not exist, or a value out of its range. */
public final class InvalidSettingException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it
     */
    public InvalidSettingException(String message) {
        super(message);
    }
}
