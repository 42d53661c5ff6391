package io.arrowfamfs.nativeio;

import io.arrowfamfs.ArrowFamfsException;
import io.arrowfamfs.nativeio.Bindings.LibC;

/**
 * A native call failed; carries the call's name, the resource and errno so callers can react to
 * them. The message reads {@code open failed: resource=/dev/shm/x mode=READ_ONLY errno=2
 * error="No such file or directory"}, with a {@code ; hint: ...} when the environment is at fault.
 */
public final class NativeCallException extends ArrowFamfsException {
    /** The libc function that failed. */
    private final String call;

    private final String resource;
    private final int errno;

    NativeCallException(String call, String resource, int errno, String message) {
        super(message);
        this.call = call;
        this.resource = resource;
        this.errno = errno;
    }

    /** {@return the libc function that failed, e.g. {@code "mmap"}} */
    public String call() {
        return call;
    }

    /** {@return what the call worked on: a file, a mapping, a stream} */
    public String resource() {
        return resource;
    }

    /** {@return the errno it failed with} */
    public int errno() {
        return errno;
    }

    /** {@return true when the failure was ENOSPC: the storage behind the device is full} */
    public boolean isNoSpace() {
        return errno == LibC.ENOSPC;
    }
}
