package io.arrowfamfs.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", description = "Benchmarks against same-run baselines: attach, publish, share, visibility, query.")
final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "attach, publish, share, visibility or query")
    String name;

    @Option(names = "--json", description = "one JSON document on stdout (progress goes to stderr)")
    boolean json;

    @Option(names = "--runs", defaultValue = "5", description = "measured runs after warm-up (at least 5)")
    int runs;

    @Option(names = "--dir", defaultValue = "/dev/shm", description = "scratch directory for devices (default: /dev/shm)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (runs < 5) {
            throw new IllegalArgumentException("--runs must be at least 5: " + runs);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter log = json ? spec.commandLine().getErr() : out;
        String document = Benchmarks.run(name, dir, runs, log);
        if (json) {
            out.println(document);
        }
        return 0;
    }
}
