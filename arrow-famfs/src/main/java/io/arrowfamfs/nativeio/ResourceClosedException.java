package io.arrowfamfs.nativeio;

import io.arrowfamfs.ArrowFamfsException;

/** A file, mapping or volume was used after it was closed. Never a crash: always this. */
public final class ResourceClosedException extends ArrowFamfsException {
    /**
     * Names the resource in the message.
     *
     * @param resource what was used after close: a file, a region or a volume
     */
    public ResourceClosedException(String resource) {
        super("use after close: resource=" + resource);
    }
}
