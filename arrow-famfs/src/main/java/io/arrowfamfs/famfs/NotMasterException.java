package io.arrowfamfs.famfs;

import io.arrowfamfs.ArrowFamfsException;

/** Thrown when an append was attempted by a client node; only the master (the node whose UUID is the superblock's system UUID) may write. */
public final class NotMasterException extends ArrowFamfsException {
    public NotMasterException(String message) {
        super(message);
    }
}
