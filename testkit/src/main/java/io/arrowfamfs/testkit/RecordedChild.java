package io.arrowfamfs.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM (see {@link Jvm#start}) whose every stdout line is recorded: for tests that SIGKILL
 * the child at any moment and then read everything it printed before it died. Its stdout goes to
 * a file, read as far as it goes whenever the test asks. A pipe would lose lines: when a child
 * dies, the JDK drains its pipe for the process reaper and closes it under the thread reading
 * it, whose next read fails with "Stream closed", and whatever the child wrote last is gone (one
 * kill in seven lost lines, measured with a child printing in a loop). A file keeps every byte
 * the child wrote, and never fills.
 */
public final class RecordedChild implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Path output;
    private final FileChannel reader;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    /** The bytes after the last newline read so far: a line still being written. */
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    private final ByteBuffer chunk = ByteBuffer.allocate(8192);
    private long offset;
    /** Set once the child is dead and its last, unterminated line (if any) recorded. */
    private boolean ended;

    /**
     * Starts {@code main} in a child JVM.
     *
     * @param jvmFlags flags for the child beyond this JVM's (see {@link Jvm#start(List, Class, String...)})
     * @param main the class whose {@code main} runs
     * @param args its arguments
     */
    public RecordedChild(List<String> jvmFlags, Class<?> main, String... args) {
        try {
            this.output = Files.createTempFile("recorded-child-", ".out");
            this.reader = FileChannel.open(output, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.process = Jvm.start(jvmFlags, ProcessBuilder.Redirect.appendTo(output.toFile()), main, args);
    }

    /** {@return every line the child printed so far} */
    public synchronized List<String> lines() {
        readNew();
        return List.copyOf(lines);
    }

    /** {@return the last line the child printed so far, empty before its first} */
    public synchronized Optional<String> lastLine() {
        readNew();
        return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1));
    }

    /** {@return whether the child still runs} */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@return its exit value; the child must have exited} */
    public int exitValue() {
        return process.exitValue();
    }

    /**
     * Kills the child with SIGKILL, waits until it is gone and reads its output to the end (a
     * last line cut short by the kill counts as a line).
     *
     * @return every line it printed
     */
    public synchronized List<String> kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("child survived SIGKILL: pid=" + process.pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        readNew();
        if (!ended && partial.size() > 0) {
            lines.add(partial.toString(StandardCharsets.UTF_8));
            partial.reset();
        }
        ended = true;
        return List.copyOf(lines);
    }

    /** Kills the child if it still runs and deletes its output. Idempotent. */
    @Override
    public synchronized void close() {
        kill();
        try (FileChannel channel = reader) {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records the complete lines the child wrote since the last read. */
    private void readNew() {
        if (ended) {
            return;
        }
        try {
            for (int n = reader.read(chunk.clear(), offset); n > 0; n = reader.read(chunk.clear(), offset)) {
                offset += n;
                byte[] bytes = chunk.array();
                for (int i = 0; i < n; i++) {
                    if (bytes[i] == '\n') {
                        lines.add(partial.toString(StandardCharsets.UTF_8));
                        partial.reset();
                    } else {
                        partial.write(bytes[i]);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the child's output: " + output, e);
        }
    }
}
