package io.arrowfamfs.famfs.omf;

import io.arrowfamfs.ArrowFamfsException;

/** famfs metadata failed a check: wrong magic, bad CRC, a length out of range, a bad field. */
public class CorruptMetadataException extends ArrowFamfsException {
    /**
     * The failure, in the message form {@code what failed: key=value ...}.
     *
     * @param message what failed, with the values involved
     */
    public CorruptMetadataException(String message) {
        super(message);
    }
}
