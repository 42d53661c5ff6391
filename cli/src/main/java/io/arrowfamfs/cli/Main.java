package io.arrowfamfs.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point: {@code arrow-famfs VERB [options]}. */
@Command(
        name = "arrow-famfs",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Share Apache Arrow frames between hosts through famfs memory.",
        synopsisSubcommandLabel = "VERB",
        footer = {
            "  arrow-famfs mkfs --size 4G",
            "  arrow-famfs import flights.parquet flights",
            "  arrow-famfs sql -c 'SELECT count(*) FROM flights'",
            "",
            "Run 'arrow-famfs help VERB' or 'arrow-famfs VERB --help' for a verb's options."
        },
        subcommands = {
            HelpCommand.class,
            MkfsCommand.class,
            InfoCommand.class,
            LsCommand.class,
            CatCommand.class,
            MkdirCommand.class,
            CpCommand.class,
            FsckCommand.class,
            ImportCommand.class,
            ExportCommand.class,
            TablesCommand.class,
            DropCommand.class,
            PoolCommand.class,
            ConfigCommand.class,
            GcCommand.class,
            HostsCommand.class,
            AgentCommand.class,
            MigrateCommand.class,
            VerifyCommand.class,
            SqlCommand.class,
            DemoCommand.class,
            CompletionCommand.class,
            DemoReaderCommand.class
        })
public final class Main {
    /** Exit status for an operation that failed, or a device fsck found damaged. */
    public static final int FAILED = 1;
    /** Exit status for a usage error: unknown verb or option, bad value, missing argument. */
    public static final int USAGE = 2;

    @Option(
            names = "--debug",
            scope = ScopeType.INHERIT,
            description = "print the stack trace of a failure (also: $" + Failures.DEBUG_ENV + "=1)")
    boolean debug;

    /** Runs the command line on stdout and stderr and exits with its status. */
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

    /**
     * Runs {@code args} on {@code cli} with the given streams and the CLI's conventions (help on
     * every verb, exit statuses, one-line errors); returns the exit status.
     */
    public static int run(CommandLine cli, PrintWriter out, PrintWriter err, String... args) {
        Conventions.apply(cli);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        Failures failures = new Failures();
        cli.setParameterExceptionHandler(failures);
        cli.setExecutionExceptionHandler(failures);
        return cli.execute(args);
    }
}
