package io.arrowfamfs.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CLI verb run in another JVM: another "host", with this JVM's class path and flags plus
 * {@code jvmOptions}. Its stderr goes to ours; its stdout is read a line at a time.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;

    private ChildJvm(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code mainClass} (a CLI entry point) with {@code cliArgs} in a new JVM. */
    public static ChildJvm start(String mainClass, List<String> jvmOptions, String... cliArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(cliArgs));
        return new ChildJvm(new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
    }

    /** The next stdout line, split on spaces, if it starts with {@code tag}; else an IOException. */
    public String[] expect(String tag) throws IOException {
        String line = out.readLine();
        if (line == null || !line.startsWith(tag + " ")) {
            throw new IOException("child " + process.pid() + " said " + line + ", expected " + tag);
        }
        return line.split(" ");
    }

    /** Sends one line to the child's stdin. */
    public void tell(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The child's whole-process proportional set size, from /proc/PID/smaps_rollup. */
    public long pssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
            }
        }
        throw new IOException("no Pss in /proc/" + process.pid() + "/smaps_rollup");
    }

    /** The child's RSS and PSS for its mappings of {@code file}. */
    public MappingMemory mappingOf(Path file) {
        return MappingMemory.of(file, Long.toString(process.pid()));
    }

    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    @Override
    public void close() {
        process.destroy();
    }
}
