package io.arrowfamfs.catalog;

import io.arrowfamfs.ArrowFamfsException;
import io.arrowfamfs.famfs.LogFullException;
import io.arrowfamfs.famfs.OutOfSpaceException;
import java.util.Optional;

/**
 * Why the master's agent granted a ring's writer no space, as the answer line carries it (its
 * ordinal at {@link OutboxDescriptor#ANSWER_REFUSAL}). Each is a cause a retry meets again until
 * someone frees space, so the agent answers with it at once rather than retrying; the writer
 * throws the exception the master met, of the same type, with the master's text.
 */
enum GrantRefusal {
    /** Not refused. */
    NONE,
    /** The device has no room for the grant, nor for a pool to hold it: {@link OutOfSpaceException}. */
    OUT_OF_SPACE,
    /** The famfs log has no entry left for the pool the grant needs: {@link LogFullException}. */
    LOG_FULL;

    private static final GrantRefusal[] CODES = values();

    /** {@return the refusal stored as {@code code}; empty for a code this build does not know} */
    static Optional<GrantRefusal> decode(int code) {
        return code >= 0 && code < CODES.length ? Optional.of(CODES[code]) : Optional.empty();
    }

    /**
     * {@return the exception the ring's writer throws for this refusal}
     *
     * @param message what the writer asked for, and the master's text
     * @throws IllegalStateException for {@link #NONE}
     */
    ArrowFamfsException exception(String message) {
        return switch (this) {
            case OUT_OF_SPACE -> new OutOfSpaceException(message);
            case LOG_FULL -> new LogFullException(message);
            case NONE -> throw new IllegalStateException("not a refusal: " + message);
        };
    }
}
