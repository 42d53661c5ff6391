package io.arrowfamfs.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM (see {@link Jvm#start}) whose every stdout line is recorded, by a thread of its own,
 * as it comes: for tests that SIGKILL the child at any moment and then read everything it printed
 * before it died. The pipe never fills, so the child never blocks on its output.
 */
public final class RecordedChild implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread recorder;

    /**
     * Starts {@code main} in a child JVM.
     *
     * @param jvmFlags flags for the child beyond this JVM's (see {@link Jvm#start(List, Class, String...)})
     * @param main the class whose {@code main} runs
     * @param args its arguments
     */
    public RecordedChild(List<String> jvmFlags, Class<?> main, String... args) {
        this.process = Jvm.start(jvmFlags, main, args);
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.recorder = new Thread(() -> record(out), "recorded-child-" + process.pid());
        recorder.setDaemon(true);
        recorder.start();
    }

    private void record(BufferedReader out) {
        try (out) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the pipe broke with the child: what came before is recorded
        }
    }

    /** {@return every line the child printed so far} */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** {@return the last line the child printed so far, empty before its first} */
    public Optional<String> lastLine() {
        synchronized (lines) {
            return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1));
        }
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
     * Kills the child with SIGKILL, waits until it is gone and its output is read to the end.
     *
     * @return every line it printed
     */
    public List<String> kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("child survived SIGKILL: pid=" + process.pid());
            }
            recorder.join(PATIENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return lines();
    }

    /** Kills the child if it still runs, and closes its stdin. Idempotent. */
    @Override
    public void close() {
        kill();
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the child is gone: nothing reads the pipe
        }
    }
}
