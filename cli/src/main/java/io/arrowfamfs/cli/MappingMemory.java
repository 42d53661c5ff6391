package io.arrowfamfs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A process's resident and proportional memory (RSS, PSS) for its mappings of one file, from
 * /proc/PID/smaps. PSS divides each shared page among the processes mapping it, so the sum of
 * the readers' PSS is what they cost together: about one copy of the frame when it is shared.
 */
public record MappingMemory(long rssBytes, long pssBytes) {
    /** This process's mappings of {@code file}. */
    public static MappingMemory of(Path file) {
        return of(file, "self");
    }

    /** Process {@code pid}'s mappings of {@code file} ({@code "self"} for this one). */
    public static MappingMemory of(Path file, String pid) {
        String target;
        List<String> lines;
        try {
            target = file.toRealPath().toString();
            lines = Files.readAllLines(Path.of("/proc", pid, "smaps"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long rss = 0;
        long pss = 0;
        boolean inTarget = false;
        for (String line : lines) {
            if (!line.isEmpty()
                    && Character.isLetterOrDigit(line.charAt(0))
                    && line.indexOf('-') > 0
                    && line.indexOf(':') > line.indexOf(' ')) {
                inTarget = line.endsWith(" " + target) || line.endsWith(target);
            } else if (inTarget && line.startsWith("Rss:")) {
                rss += kilobytes(line);
            } else if (inTarget && line.startsWith("Pss:")) {
                pss += kilobytes(line);
            }
        }
        return new MappingMemory(rss << 10, pss << 10);
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
