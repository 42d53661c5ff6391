package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;

/**
 * Thrown when the master refuses to commit frames a node wrote into granted space: a frame
 * outside its writer's grants or over space already used, a checksum that fails, a schema that
 * is not the table's, a table another node publishes. Nothing of the commit is published.
 */
public final class PublishRejectedException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it
     */
    public PublishRejectedException(String message) {
        super(message);
    }
}
