package io.arrowfamfs.cli;

import io.arrowfamfs.ArrowFamfsException;
import io.arrowfamfs.query.QueryResult;
import io.arrowfamfs.query.QuerySession;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;

/**
 * Statements run one after another in one query session, each result printed as it completes. A
 * failing statement is reported, not thrown: in a script as {@code arrow-famfs: line N: why} on
 * stderr, at the prompt as {@code error: why}; the session stays usable.
 */
final class SqlStatements {
    private final QuerySession session;
    private final ResultPrinter.Format format;
    private final PrintWriter out;
    private final StringBuilder pending = new StringBuilder();

    SqlStatements(QuerySession session, ResultPrinter.Format format, PrintWriter out) {
        this.session = session;
        this.format = format;
        this.out = out;
    }

    /**
     * Runs every statement of {@code script} (up to the first failure with {@code bail}), reporting
     * each failure on {@code err} with the line the statement starts on; returns whether all succeeded.
     */
    boolean script(String script, boolean bail, PrintWriter err) {
        boolean ok = true;
        for (SqlScript.Statement statement : SqlScript.split(script)) {
            String failure = run(statement.sql());
            if (failure != null) {
                ok = false;
                err.println("arrow-famfs: line " + statement.line() + ": " + failure);
                err.flush();
                if (bail) {
                    break;
                }
            }
        }
        return ok;
    }

    /** At the prompt: one more line; every statement it completes runs, the rest waits for more lines. */
    void line(String line) {
        pending.append(line).append('\n');
        List<SqlScript.Statement> statements = SqlScript.split(pending.toString());
        SqlScript.Statement last = statements.isEmpty() ? null : statements.get(statements.size() - 1);
        if (last != null) {
            pending.setLength(0);
            if (!last.terminated()) {
                pending.append(last.sql());
            }
        }
        for (SqlScript.Statement statement : statements) {
            if (statement.terminated()) {
                String failure = run(statement.sql());
                if (failure != null) {
                    out.println("error: " + failure);
                    out.flush();
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

    /** Runs one statement and prints its result; returns null on success, else why it failed, on one line. */
    private String run(String sql) {
        try (QueryResult result = session.execute(sql)) {
            if (result.resultSet() != null) {
                ResultPrinter.print(result.resultSet(), format, out);
            }
            return null;
        } catch (SQLException | ArrowFamfsException e) {
            return Failures.oneLine(String.valueOf(e.getMessage()));
        } finally {
            out.flush();
        }
    }
}
