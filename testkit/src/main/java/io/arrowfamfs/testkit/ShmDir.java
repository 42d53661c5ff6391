package io.arrowfamfs.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh directory in /dev/shm for each test (falls back to java.io.tmpdir where there is no
 * /dev/shm), removed afterwards. Register with {@code @RegisterExtension}.
 */
public final class ShmDir implements BeforeEachCallback, AfterEachCallback {
    private Path dir;

    public Path path() {
        return dir;
    }

    /** A path for a device file inside this test's directory. */
    public Path device(String name) {
        return dir.resolve(name);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        Path base = Files.isDirectory(Path.of("/dev/shm"))
                ? Path.of("/dev/shm")
                : Path.of(System.getProperty("java.io.tmpdir"));
        dir = Files.createTempDirectory(base, "arrowfamfs-test-");
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
