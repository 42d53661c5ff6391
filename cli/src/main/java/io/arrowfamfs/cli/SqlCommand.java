package io.arrowfamfs.cli;

import io.arrowfamfs.frame.InvalidVerifyModeException;
import io.arrowfamfs.frame.VerifyMode;
import io.arrowfamfs.query.QuerySession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(
        name = "sql",
        description = {
            "Run SQL over every table, zero-copy through DuckDB.",
            "The SQL comes from -c, -f, the SQL argument or, when stdin is not a terminal, stdin; it may hold several"
                    + " statements separated by ';'. A statement that fails is reported on stderr as 'line N: why' (N: the line"
                    + " it starts on) and the rest still run, unless --bail. With no SQL on a terminal: an interactive prompt"
                    + " (line editing, history in ~/.arrow-famfs_history; end statements with ';', exit with Ctrl-D).",
            "Each batch is checked against its CRC32C the first time this process reads it: a batch changed after it"
                    + " was published fails its statement, naming the frame and the batch."
        },
        exitCodeList = {
            "0:every statement succeeded",
            "1:a statement failed, or the device or FILE could not be read",
            "2:usage error: unknown option, bad --format or --verify, SQL given more than once"
        },
        footer = {
            "  arrow-famfs sql -c 'SELECT origin, count(*) FROM flights GROUP BY origin'",
            "  arrow-famfs sql --bail -f report.sql --format csv > report.csv"
        })
final class SqlCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            completionCandidates = Formats.class,
            description = "result format: table (aligned), csv (RFC 4180) or json (an array of row objects)"
                    + " (default: ${DEFAULT-VALUE})")
    ResultPrinter.Format format;

    @Option(
            names = "--verify",
            paramLabel = "MODE",
            defaultValue = "first-use",
            converter = VerifyModes.class,
            completionCandidates = VerifyModes.class,
            description = "first-use: check each batch against its CRC32C the first time it is read (default);"
                    + " off: never (your choice: a changed byte then reads as a wrong value)")
    VerifyMode verify;

    @Option(names = "-c", paramLabel = "SQL", description = "run these statements and exit")
    String command;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "run the statements in FILE ('-': stdin) and exit")
    Path file;

    @Option(
            names = "--bail",
            description = "stop at the first statement that fails (default: run them all, exit 1 if" + " any failed)")
    boolean bail;

    @Parameters(arity = "0..1", paramLabel = "SQL", description = "the same as -c SQL")
    String sql;

    /** The names {@code --format} takes, for completion. */
    static final class Formats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("table", "csv", "json").iterator();
        }
    }

    /** The names {@code --verify} takes, for completion, and their conversion (a bad one is a usage error). */
    static final class VerifyModes implements Iterable<String>, ITypeConverter<VerifyMode> {
        @Override
        public Iterator<String> iterator() {
            return List.of(VerifyMode.FIRST_USE.label(), VerifyMode.OFF.label()).iterator();
        }

        @Override
        public VerifyMode convert(String value) {
            try {
                return VerifyMode.parse(value);
            } catch (InvalidVerifyModeException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        if ((command != null ? 1 : 0) + (file != null ? 1 : 0) + (sql != null ? 1 : 0) > 1) {
            throw new ParameterException(spec.commandLine(), "give the SQL once: -c SQL, -f FILE or SQL");
        }
        String script = command != null
                ? command
                : sql != null
                        ? sql
                        : file != null
                                ? read(file)
                                : !stdinIsTerminal()
                                        ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                                        : null;
        try (Tables tables = new Tables(device, verify);
                QuerySession session = QuerySession.open(tables.catalog)) {
            if (script != null) {
                SqlStatements statements =
                        new SqlStatements(session, format, spec.commandLine().getOut(), debug());
                return statements.script(script, bail, spec.commandLine().getErr()) ? 0 : Main.FAILED;
            }
            interactive(session);
            return 0;
        }
    }

    /**
     * Whether standard input is a terminal, whatever stdout is: {@code System.console()} is null on
     * JDK 17 when stdout is redirected, and non-null on JDK 22 and later even when stdin is a pipe.
     */
    static boolean stdinIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }

    private static String read(Path file) throws IOException {
        return file.toString().equals("-")
                ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(file);
    }

    /** Whether --debug was given, before the verb or after it. */
    private boolean debug() {
        return Failures.debug(spec.root().commandLine().getParseResult());
    }

    /** Statements from the terminal until Ctrl-D, with line editing and history (JLine). */
    private void interactive(QuerySession session) throws Exception {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("arrow-famfs")
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".arrow-famfs_history"))
                    .build();
            PrintWriter out = terminal.writer();
            out.println("arrow-famfs sql: tables "
                    + session.catalog().snapshot().tables().keySet() + "; end statements with ';', exit with Ctrl-D");
            SqlStatements statements = new SqlStatements(session, format, out, debug());
            while (true) {
                try {
                    statements.line(reader.readLine(statements.pending() ? "...> " : "sql> "));
                } catch (UserInterruptException e) {
                    statements.discard();
                } catch (EndOfFileException e) {
                    return;
                }
            }
        }
    }
}
