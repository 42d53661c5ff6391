package io.arrowfamfs.nativeio;

import io.arrowfamfs.nativeio.Bindings.LibC;

import io.arrowfamfs.ArrowFamfsException;

/** A libc call failed; carries the call's name and errno so callers can react to both. */
public final class NativeCallException extends ArrowFamfsException {
    /** The libc function that failed. */
    private final String call;
    /** The errno it failed with. */
    private final int errno;

    NativeCallException(String call, int errno, String message) {
        super(message);
        this.call = call;
        this.errno = errno;
    }

    /** {@return the libc function that failed, e.g. {@code "mmap"}} */
    public String call() {
        return call;
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
