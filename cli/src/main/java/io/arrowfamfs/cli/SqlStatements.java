package io.arrowfamfs.cli;

import io.arrowfamfs.query.QueryResult;
import io.arrowfamfs.query.QuerySession;
import java.io.PrintWriter;
import java.sql.SQLException;

/**
 * Statements run one after another in one query session, each result printed as it completes. A
 * failing statement is reported, not thrown: in a script as {@code arrow-famfs: line N: why} on
 * stderr, at the prompt as {@code error: why}; an unexpected exception (a bug) as an internal
 * error with the hint to {@code --debug}, which prints its stack trace. The session stays usable.
 */
final class SqlStatements {
    /** Runs one statement: {@link QuerySession#execute}, or a stand-in in tests. */
    interface Executor {
        QueryResult execute(String sql) throws SQLException;
    }

    private final Executor session;
    private final ResultPrinter.Format format;
    private final PrintWriter out;
    private final boolean debug;
    private final StringBuilder pending = new StringBuilder();

    SqlStatements(QuerySession session, ResultPrinter.Format format, PrintWriter out, boolean debug) {
        this(session::execute, format, out, debug);
    }

    SqlStatements(Executor session, ResultPrinter.Format format, PrintWriter out, boolean debug) {
        this.session = session;
        this.format = format;
        this.out = out;
        this.debug = debug;
    }

    /**
     * Runs every statement of {@code script} (up to the first failure with {@code bail}), reporting
     * each failure on {@code err} with the line the statement starts on; returns whether all succeeded.
     */
    boolean script(String script, boolean bail, PrintWriter err) {
        boolean ok = true;
        for (SqlScript.Statement statement : SqlScript.split(script)) {
            Exception failure = run(statement.sql());
            if (failure != null) {
                ok = false;
                Failures.report(err, "arrow-famfs: line " + statement.line() + ": ", failure, debug);
                if (bail) {
                    break;
                }
            }
        }
        return ok;
    }

    /**
     * At the prompt: one more line; every statement it completes runs, and the unfinished rest (a
     * statement, or a comment still open) waits for more lines.
     */
    void line(String line) {
        pending.append(line).append('\n');
        SqlScript.Parts parts = SqlScript.parse(pending.toString());
        pending.delete(0, parts.consumed());
        for (SqlScript.Statement statement : parts.statements()) {
            if (statement.terminated()) {
                Exception failure = run(statement.sql());
                if (failure != null) {
                    Failures.report(out, "error: ", failure, debug);
                }
            }
        }
    }

    /** True while lines have been given that complete no statement yet. */
    boolean pending() {
        return !pending.toString().isBlank();
    }

    /** Forgets the lines of an unfinished statement (Ctrl-C at the prompt). */
    void discard() {
        pending.setLength(0);
    }

    /** Runs one statement and prints its result; returns null on success, else the failure. */
    private Exception run(String sql) {
        try (QueryResult result = session.execute(sql)) {
            if (result.resultSet() != null) {
                ResultPrinter.print(result.resultSet(), format, out);
            }
            return null;
        } catch (SQLException | RuntimeException e) {
            return e;
        } finally {
            out.flush();
        }
    }
}
