package io.arrowfamfs.cli;

import io.arrowfamfs.ArrowFamfsException;
import java.io.PrintWriter;
import java.sql.SQLException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code arrow-famfs VERB [options]}. */
@Command(name = "arrow-famfs", mixinStandardHelpOptions = true, version = "arrow-famfs 0.1.0",
        description = "Share Apache Arrow frames between hosts through famfs memory.",
        subcommands = {MkfsCommand.class, InfoCommand.class, LsCommand.class, CatCommand.class, MkdirCommand.class,
            CpCommand.class, FsckCommand.class, ImportCommand.class, ExportCommand.class, TablesCommand.class,
            VerifyCommand.class, SqlCommand.class, DemoCommand.class, DemoReaderCommand.class})
public final class Main {
    /** Exit status for an operation that failed, or a device fsck found damaged. */
    public static final int FAILED = 1;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line with the given streams; returns the exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(commandLine(), out, err, args);
    }

    /** The command tree of every verb; a tool that adds verbs (the benchmarks) starts from it. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    /** Runs {@code args} on {@code cli} with the given streams and the CLI's error handling; returns the exit status. */
    public static int run(CommandLine cli, PrintWriter out, PrintWriter err, String... args) {
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof ArrowFamfsException || e instanceof IllegalArgumentException || e instanceof SQLException) {
                commandLine.getErr().println("arrow-famfs: " + e.getMessage());
            } else {
                commandLine.getErr().println("arrow-famfs: internal error: " + e);
                e.printStackTrace(commandLine.getErr());
            }
            return FAILED;
        });
        return cli.execute(args);
    }
}
