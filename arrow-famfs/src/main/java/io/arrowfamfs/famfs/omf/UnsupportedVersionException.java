package io.arrowfamfs.famfs.omf;

import io.arrowfamfs.ArrowFamfsException;

/** The superblock is famfs's but of a {@code ts_version} this build neither reads nor writes. */
public final class UnsupportedVersionException extends ArrowFamfsException {
    /**
     * The failure, in the message form {@code what failed: key=value ...}.
     *
     * @param message what failed, with the values involved
     */
    public UnsupportedVersionException(String message) {
        super(message);
    }
}
