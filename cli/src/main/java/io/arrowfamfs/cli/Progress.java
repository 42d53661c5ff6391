package io.arrowfamfs.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongConsumer;

/** A one-line progress display on stderr, only when stderr is a terminal. */
final class Progress implements LongConsumer {
    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastPrint;

    Progress(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
        this.enabled = System.console() != null;
    }

    @Override
    public void accept(long rows) {
        long now = System.nanoTime();
        if (enabled && now - lastPrint > 100_000_000L) {
            lastPrint = now;
            double seconds = (now - start) / 1e9;
            err.printf(
                    Locale.ROOT,
                    "\r%s: %,d rows  %.1f s  %,.0f rows/s",
                    label,
                    rows,
                    seconds,
                    rows / Math.max(seconds, 1e-9));
            err.flush();
        }
    }

    void done() {
        if (enabled && lastPrint != 0) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
