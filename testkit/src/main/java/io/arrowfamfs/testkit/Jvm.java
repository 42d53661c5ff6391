package io.arrowfamfs.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a main class in a separate JVM (a separate "host"), with this JVM's class path and flags. */
public final class Jvm {
    private Jvm() {}

    public static Process start(Class<?> main, String... args) {
        return start(List.of(), main, args);
    }

    /**
     * Starts {@code main} as {@link #start(Class, String...)} does, with {@code extraFlags} after
     * this JVM's flags: for children whose start-up cost matters more than their peak speed
     * (tests that start dozens of short-lived children).
     */
    public static Process start(List<String> extraFlags, Class<?> main, String... args) {
        return start(extraFlags, ProcessBuilder.Redirect.PIPE, main, args);
    }

    /**
     * Starts {@code main} as {@link #start(List, Class, String...)} does, its stdout sent to
     * {@code stdout} (a file, say: it keeps every byte the child wrote, however the child dies).
     */
    public static Process start(
            List<String> extraFlags, ProcessBuilder.Redirect stdout, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String flags = System.getProperty("arrowfamfs.jvm.flags", "");
        if (!flags.isBlank()) {
            command.addAll(Arrays.asList(flags.trim().split("\\s+")));
        }
        command.addAll(extraFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(Arrays.asList(args));
        try {
            return new ProcessBuilder(command)
                    .redirectOutput(stdout)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command, e);
        }
    }

    /** Waits for {@code process} and returns its stdout (stderr goes to this JVM's); fails unless it exits 0 within a minute. */
    public static String finish(Process process) {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child JVM timed out");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError("child JVM exited " + process.exitValue() + ":\n" + output);
            }
            return output;
        } catch (InterruptedException | IOException e) {
            throw new AssertionError(e);
        }
    }
}
