package io.arrowfamfs.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A child JVM ("a process of some host") the test talks to by lines on stdin and stdout. */
public final class LineChild implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    /**
     * Starts {@code main} in a child JVM (see {@link Jvm#start}).
     *
     * @param main the class whose {@code main} runs
     * @param args its arguments
     */
    public LineChild(Class<?> main, String... args) {
        this.process = Jvm.start(main, args);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Sends one command line. */
    public void send(String line) {
        try {
            in.write(line + "\n");
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return the next line the child prints; fails if none comes within a minute} */
    public String line() {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try {
            while (!out.ready()) {
                if (!process.isAlive() && !out.ready()) {
                    throw new AssertionError("child exited " + process.exitValue() + " before printing a line");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("child printed no line within " + PATIENCE);
                }
                LockSupport.parkNanos(5_000_000);
            }
            return out.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a signal by name (STOP, CONT) with {@code kill}. */
    public void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -" + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Kills the child with SIGKILL and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("child survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@return its output after it exits 0, once its stdin is closed (see {@link Jvm#finish})} */
    public String finish() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Jvm.finish(process);
    }

    /** Kills the child if it still runs, and closes the pipes. */
    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            signal("CONT");
            kill();
        }
        out.close();
        try {
            in.close();
        } catch (IOException ignored) {
            // the child is gone: nothing reads the pipe
        }
    }
}
