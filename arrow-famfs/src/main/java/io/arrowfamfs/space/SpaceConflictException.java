package io.arrowfamfs.space;

import io.arrowfamfs.ArrowFamfsException;

/**
 * Thrown when a space record contradicts the ledger: a grant over units that are not free, a
 * frame outside its pool or grant, a pool created twice. Read from a catalog, that is damage.
 */
public final class SpaceConflictException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it
     */
    public SpaceConflictException(String message) {
        super(message);
    }
}
