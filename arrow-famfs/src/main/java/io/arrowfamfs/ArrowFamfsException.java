package io.arrowfamfs;

/**
 * Root of every error arrow-famfs raises. Messages follow one form: lowercase, naming the
 * resource and the values involved as {@code key=value}, with a hint where the environment is
 * at fault. Subclasses say what kind of failure it was so callers can react by type.
 */
public class ArrowFamfsException extends RuntimeException {
    /**
     * An error without a cause.
     *
     * @param message what failed, in the form {@code what failed: key=value ...}
     */
    public ArrowFamfsException(String message) {
        super(message);
    }

    /**
     * An error caused by another.
     *
     * @param message what failed, in the form {@code what failed: key=value ...}
     * @param cause the error underneath
     */
    public ArrowFamfsException(String message, Throwable cause) {
        super(message, cause);
    }
}
