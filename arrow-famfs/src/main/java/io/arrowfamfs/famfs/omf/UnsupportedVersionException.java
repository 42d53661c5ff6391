package io.arrowfamfs.famfs.omf;

import io.arrowfamfs.ArrowFamfsException;

/** The superblock is famfs's but of a {@code ts_version} this build neither reads nor writes. */
public final class UnsupportedVersionException extends ArrowFamfsException {
    public UnsupportedVersionException(String message) {
        super(message);
    }
}
