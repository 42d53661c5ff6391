package io.arrowfamfs.query;

import io.arrowfamfs.query.QuerySession.Prepared;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of one execution. DuckDB may stream results, so the streams the query reads stay in
 * their slots' hands until this is closed; closing closes the result set first (DuckDB then holds
 * nothing from the streams), and only then empties the slots and frees the streams.
 */
public final class QueryResult implements AutoCloseable {
    private final Prepared prepared;
    private final Execution execution;
    private boolean closed;

    /** The result of {@code execution}, a run of {@code prepared}. */
    QueryResult(Prepared prepared, Execution execution) {
        this.prepared = prepared;
        this.execution = execution;
    }

    /**
     * Bytes of frame buffers the query's streams hand to DuckDB: what projection and batch pruning
     * saved shows here.
     */
    public long bytesScanned() {
        return execution.bytesScanned();
    }

    /** Rows changed by a statement that returns no rows, else -1 (JDBC's getUpdateCount). */
    public long updateCount() throws SQLException {
        return execution.resultSet() == null ? execution.updateCount() : -1;
    }

    /** The rows, as DuckDB's JDBC driver maps them; null for a statement that returns none. */
    public ResultSet resultSet() {
        return execution.resultSet();
    }

    /** Closes DuckDB's result, then frees the streams; idempotent. */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        List<Exception> failures = new ArrayList<>();
        try {
            execution.closeResult();
        } catch (SQLException e) {
            failures.add(e);
        }
        try {
            prepared.closed(this, execution, failures);
        } catch (SQLException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            SQLException first =
                    new SQLException("closing query result: " + failures.get(0).getMessage(), failures.get(0));
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }
}
