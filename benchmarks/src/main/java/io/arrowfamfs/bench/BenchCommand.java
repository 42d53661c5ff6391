package io.arrowfamfs.bench;

import io.arrowfamfs.famfs.NodeId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "bench",
        description = {
            "Benchmarks against same-run baselines: attach, publish, share, visibility, small, reclaim, query, commitlog.",
            "Each formats a fresh device of the size it needs and runs on it as its master; reader"
                    + " processes are client nodes. Without -d the device is a file in a temporary directory under --dir; with -d"
                    + " it is PATH, which must not exist unless --force (whatever is on it is lost). A device the benchmark created"
                    + " is removed afterwards; an existing one overwritten with --force stays, holding the benchmark's tables.",
            "commitlog is a JMH micro-benchmark of the commit log (append, count and read of 512-byte records) on a 1 MiB"
                    + " scratch file under --dir; it formats no device and ignores -d."
        },
        footer = "  arrow-famfs bench attach --json")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "NAME",
            completionCandidates = BenchNames.class,
            description = "the benchmark: ${COMPLETION-CANDIDATES}")
    String name;

    @Option(names = "--json", description = "print one JSON document on stdout (progress goes to stderr)")
    boolean json;

    @Option(
            names = "--runs",
            paramLabel = "N",
            defaultValue = "5",
            description = "measured runs after warm-up, at least 5 (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            defaultValue = "/dev/shm",
            description =
                    "scratch directory for copies, baselines and (without -d) the device (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(
            names = {"-d", "--device"},
            paramLabel = "PATH",
            description = "the device to format and run on (default: a fresh file under --dir); $ARROW_FAMFS_DEVICE is"
                    + " not used, so a benchmark never formats the device other verbs use unless named here")
    Path device;

    @Option(names = "--node-id", paramLabel = "UUID", description = "the master's identity (default: a random one)")
    String nodeId;

    @Option(names = "--force", description = "overwrite an existing file or famfs device at -d PATH")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (!Benchmarks.names().contains(name)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "unknown benchmark: " + name + " (expected one of " + String.join(", ", Benchmarks.names()) + ")");
        }
        if (runs < 5) {
            throw new ParameterException(spec.commandLine(), "--runs must be at least 5: " + runs);
        }
        NodeId master = nodeId != null ? NodeId.resolve(nodeId) : new NodeId(UUID.randomUUID(), "bench");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter log = json ? spec.commandLine().getErr() : out;
        String document =
                Benchmarks.run(name, new BenchSite(dir, Optional.ofNullable(device), master, force), runs, log);
        if (json) {
            out.println(document);
        }
        return 0;
    }

    /** The benchmark names, for the help text and shell completion. */
    static final class BenchNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Benchmarks.names().iterator();
        }
    }
}
