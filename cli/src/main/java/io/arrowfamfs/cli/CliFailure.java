package io.arrowfamfs.cli;

/**
 * A failure the command line found itself, usually in the environment (no device, no such
 * directory): its message is the one line the user sees, {@code what failed: why (hint)}.
 */
final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliFailure(String whatFailed, String why) {
        super(whatFailed + ": " + why);
    }
}
