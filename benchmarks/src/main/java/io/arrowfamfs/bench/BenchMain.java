package io.arrowfamfs.bench;

import io.arrowfamfs.cli.Main;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The source tree's command line: every verb of {@code arrow-famfs-cli} plus {@code bench}. The
 * launcher runs it for {@code bench}; the benchmarks stay out of every jar a user deploys.
 */
public final class BenchMain {
    private BenchMain() {}

    /** Runs the command line on stdout and stderr and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line with the given streams; returns the exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = Main.commandLine();
        cli.addSubcommand(new BenchCommand());
        cli.addSubcommand(new BenchReaderCommand());
        return Main.run(cli, out, err, args);
    }
}
