package io.arrowfamfs.famfs;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when a file that names this node (famfs's system UUID file, the machine id) exists but cannot be read. */
public final class NodeIdUnreadableException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed and the values that identify it, e.g. {@code cannot read node id: file=/x}
     * @param cause the I/O error reading the file
     */
    public NodeIdUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
