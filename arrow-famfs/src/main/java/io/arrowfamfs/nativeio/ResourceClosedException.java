package io.arrowfamfs.nativeio;

import io.arrowfamfs.ArrowFamfsException;

/**
 * A file, mapping or volume was used after it was closed. Never a crash: always this. The message
 * reads {@code use after close: resource=/dev/shm/x@0+4096}, the value quoted when it has spaces.
 */
public final class ResourceClosedException extends ArrowFamfsException {
    /** What was used after close: a path, a mapping, a name. */
    private final String resource;

    /**
     * Names the resource in the message.
     *
     * @param resource what was used after close: a path, a mapping, a name
     */
    public ResourceClosedException(String resource) {
        super("use after close: " + KeyValue.pair("resource", resource));
        this.resource = resource;
    }

    /** {@return what was used after close: a path, a mapping, a name} */
    public String resource() {
        return resource;
    }
}
