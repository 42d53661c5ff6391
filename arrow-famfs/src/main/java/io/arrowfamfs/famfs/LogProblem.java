package io.arrowfamfs.famfs;

/** Something wrong with log entry {@code index}, found while replaying or checking the log. */
public record LogProblem(long index, String message) {
    @Override
    public String toString() {
        return "log entry " + index + ": " + message;
    }
}
