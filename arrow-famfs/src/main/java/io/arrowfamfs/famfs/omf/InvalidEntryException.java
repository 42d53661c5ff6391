package io.arrowfamfs.famfs.omf;

/**
 * A log entry whose CRC and seqnum are right but whose contents cannot be used (an extent count
 * out of range, an unknown extent type). famfs skips such entries during replay and so do we;
 * a CRC or seqnum failure instead stops replay ({@link CorruptMetadataException}).
 */
public final class InvalidEntryException extends CorruptMetadataException {
    /**
     * The failure, in the message form {@code what failed: key=value ...}.
     *
     * @param message what failed, with the values involved
     */
    public InvalidEntryException(String message) {
        super(message);
    }
}
