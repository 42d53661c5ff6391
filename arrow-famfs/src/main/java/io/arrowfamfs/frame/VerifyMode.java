package io.arrowfamfs.frame;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Whether a process checks a frame's batches against their CRC32C before it reads them.
 *
 * <ul>
 *   <li>{@link #FIRST_USE} (the default): the first time this process uses a batch it drops its
 *       cached lines of the batch (on non-coherent memory) and hashes the body; a mismatch is a
 *       {@link CorruptBatchException}. Costs one pass over the batch's bytes, once while the
 *       frame is attached in the process.
 *   <li>{@link #OFF}: batches are used without hashing (structural checks still run: nothing can
 *       make a reader leave the frame). A changed byte then reads as a wrong value: the user's
 *       choice, for trusted memory or to read a damaged frame anyway.
 * </ul>
 */
public enum VerifyMode {
    /** Hash each batch the first time this process uses it. */
    FIRST_USE("first-use"),
    /** Never hash batches on use. */
    OFF("off");

    private final String label;

    VerifyMode(String label) {
        this.label = label;
    }

    /** {@return how the mode is spelled in URLs and on the command line: {@code first-use} or {@code off}} */
    public String label() {
        return label;
    }

    /**
     * The mode spelled {@code text}, as in {@code verify=first-use} or {@code --verify off}.
     *
     * @param text {@code first-use} or {@code off}
     * @return the mode
     * @throws InvalidVerifyModeException if {@code text} names no mode
     */
    public static VerifyMode parse(String text) {
        for (VerifyMode mode : values()) {
            if (mode.label.equals(text)) {
                return mode;
            }
        }
        throw new InvalidVerifyModeException("invalid verify mode: verify=" + text + " expected=" + labels());
    }

    /** {@return every mode's label, separated by {@code |}: {@code first-use|off}} */
    public static String labels() {
        return Arrays.stream(values()).map(VerifyMode::label).collect(Collectors.joining("|"));
    }

    /** {@return the mode's {@link #label()}, as users spell it} */
    @Override
    public String toString() {
        return label;
    }
}
