package io.arrowfamfs.nativeio;

import io.arrowfamfs.ArrowFamfsException;

/**
 * The project's native helper ({@code src/main/c}: CPU cache maintenance and the Arrow C stream
 * handed to DuckDB) cannot be loaded here: it was not built (no gcc when Maven built the core),
 * this is not x86-64 Linux, or the library does not load on this machine. Volumes that need no
 * cache maintenance keep working; whatever needs the helper throws this, every time, with a hint.
 */
public final class NativeHelperUnavailableException extends ArrowFamfsException {
    /** What to do about it, e.g. install gcc and rebuild. */
    private final String hint;

    NativeHelperUnavailableException(String resource, String arch, String error, String hint, Throwable cause) {
        super(message(resource, arch, error, hint), cause);
        this.hint = hint;
    }

    private NativeHelperUnavailableException(NativeHelperUnavailableException first) {
        super(first.getMessage(), first);
        this.hint = first.hint;
    }

    /** {@return what to do about it, e.g. install gcc and rebuild} */
    public String hint() {
        return hint;
    }

    /** The same failure thrown again at a later use, with the first one (and its stack) as the cause. */
    NativeHelperUnavailableException again() {
        return new NativeHelperUnavailableException(this);
    }

    private static String message(String resource, String arch, String error, String hint) {
        return "native helper unavailable: " + KeyValue.pair("resource", resource) + " " + KeyValue.pair("arch", arch)
                + (error == null ? "" : " " + KeyValue.pair("error", error)) + "; hint: " + hint;
    }
}
