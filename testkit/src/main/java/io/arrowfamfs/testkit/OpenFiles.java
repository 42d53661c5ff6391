package io.arrowfamfs.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * This process's open file descriptors, by target ({@code /proc/self/fd}): a device file, scratch
 * file or pipe a test leaves open is a leak, whether or not the file still exists. What the JVM,
 * the build and DuckDB open lazily and keep for the life of the process is not: class path jars
 * and the JDK's module image, random devices, sockets and event fds, {@code /proc} and
 * {@code /sys}. Where there is no {@code /proc/self/fd} (not Linux) nothing is checked.
 */
final class OpenFiles implements Probe<Map<String, Integer>> {
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final Pattern KEPT = Pattern.compile(
            ".*\\.(jar|jmod|jsa|so)( \\(deleted\\))?" // class path, CDS archive, native libraries
                    + "|.*/lib/modules" // the JDK's module image
                    + "|/dev/u?random|/dev/null" // SecureRandom, the JVM's own redirects
                    + "|/proc/.*|/sys/.*" // the JVM's and this probe's own reads
                    + "|socket:\\[\\d+]|anon_inode:\\[?(eventpoll|eventfd)]?"); // JVM selectors and attach listener

    @Override
    public Map<String, Integer> snapshot() {
        Map<String, Integer> targets = new HashMap<>();
        if (!Files.isDirectory(FDS)) {
            return targets;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                String target = target(fd);
                if (target != null && !KEPT.matcher(target).matches()) {
                    targets.merge(target, 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("leak check failed: cannot list fds=" + FDS, e);
        }
        return targets;
    }

    /** What the descriptor points to, or null when it was closed while listing. */
    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("leak check failed: cannot read fd=" + fd, e);
        }
    }

    @Override
    public List<String> leaksSince(Map<String, Integer> before) {
        List<String> leaks = new ArrayList<>();
        snapshot().forEach((target, count) -> {
            int extra = count - before.getOrDefault(target, 0);
            if (extra > 0) {
                leaks.add("file descriptor not closed: target=" + target + (extra > 1 ? " count=" + extra : ""));
            }
        });
        leaks.sort(null);
        return leaks;
    }
}
