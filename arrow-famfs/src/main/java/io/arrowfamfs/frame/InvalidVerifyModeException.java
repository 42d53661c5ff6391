package io.arrowfamfs.frame;

import io.arrowfamfs.ArrowFamfsException;

/** A verify setting names no {@link VerifyMode}. */
public final class InvalidVerifyModeException extends ArrowFamfsException {
    /**
     * A refused setting.
     *
     * @param message what was given and what is accepted
     */
    public InvalidVerifyModeException(String message) {
        super(message);
    }
}
