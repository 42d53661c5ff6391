package io.arrowfamfs.cli;

import io.arrowfamfs.query.QueryResult;
import io.arrowfamfs.query.QuerySession;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sql", description = "Run SQL over every table, zero-copy through DuckDB; no SQL: an interactive prompt.")
final class SqlCommand implements Callable<Integer> {
    @Mixin DeviceOptions device;
    @Spec CommandSpec spec;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (an array of row objects)")
    String format;

    @Parameters(arity = "0..1", paramLabel = "SQL")
    String sql;

    @Override
    public Integer call() throws Exception {
        ResultPrinter.Format output;
        try {
            output = ResultPrinter.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid --format: " + format + " (expected table, csv or json)");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Tables tables = new Tables(device); QuerySession session = QuerySession.open(tables.catalog)) {
            if (sql != null) {
                run(session, sql, output, out);
                return 0;
            }
            interactive(session, output);
            return 0;
        }
    }

    private static void run(QuerySession session, String sql, ResultPrinter.Format format, PrintWriter out)
            throws SQLException {
        try (QueryResult result = session.execute(sql)) {
            if (result.resultSet() != null) {
                ResultPrinter.print(result.resultSet(), format, out);
            }
        }
        out.flush();
    }

    /**
     * Statements from the user until end of input, each ending with ';'. On a terminal: a prompt
     * with line editing and history (JLine); otherwise plain lines from stdin. Errors are printed
     * and leave the session usable.
     */
    private void interactive(QuerySession session, ResultPrinter.Format format) throws Exception {
        String banner = "arrow-famfs sql: tables " + session.catalog().snapshot().tables().keySet()
                + "; end statements with ';', exit with Ctrl-D";
        if (System.console() == null) {
            PrintWriter out = spec.commandLine().getOut();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            Statements statements = new Statements(session, format, out);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                statements.add(line);
            }
            return;
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("arrow-famfs")
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".arrow-famfs_history"))
                    .build();
            PrintWriter out = terminal.writer();
            out.println(banner);
            Statements statements = new Statements(session, format, out);
            while (true) {
                try {
                    statements.add(reader.readLine(statements.pending() ? "...> " : "sql> "));
                } catch (UserInterruptException e) {
                    statements.discard();
                } catch (EndOfFileException e) {
                    return;
                }
            }
        }
    }

    /** Collects lines into statements and runs each when its ';' arrives. */
    private static final class Statements {
        private final QuerySession session;
        private final ResultPrinter.Format format;
        private final PrintWriter out;
        private final StringBuilder text = new StringBuilder();

        Statements(QuerySession session, ResultPrinter.Format format, PrintWriter out) {
            this.session = session;
            this.format = format;
            this.out = out;
        }

        boolean pending() {
            return text.length() > 0;
        }

        void discard() {
            text.setLength(0);
        }

        void add(String line) {
            text.append(line).append('\n');
            String statement = text.toString().trim();
            if (!statement.endsWith(";")) {
                return;
            }
            text.setLength(0);
            try {
                run(session, statement.substring(0, statement.length() - 1), format, out);
            } catch (SQLException e) {
                out.println("error: " + e.getMessage());
                out.flush();
            }
        }
    }
}
