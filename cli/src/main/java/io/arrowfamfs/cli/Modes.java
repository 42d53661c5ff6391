package io.arrowfamfs.cli;

/** Octal permission bits from the command line. */
final class Modes {
    private Modes() {}

    static int parse(String mode) {
        try {
            int bits = Integer.parseInt(mode, 8);
            if (bits < 0 || bits > 07777) {
                throw new NumberFormatException();
            }
            return bits;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid mode: " + mode + " (expected octal, e.g. 0644)");
        }
    }
}
