package io.arrowfamfs.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import io.arrowfamfs.cdata.BorrowedArrayStream;

/**
 * The result of one execution. DuckDB streams results, so the views and Arrow streams the query
 * reads stay registered until this is closed; closing drops every view first and only then
 * releases the streams, so DuckDB never holds a pointer to a released stream.
 */
public final class QueryResult implements AutoCloseable {
    private final QuerySession session;
    private final Statement statement;
    private final ResultSet resultSet;
    private final List<Registered> registered;
    private boolean closed;

    /**
     * A view registered for this execution, the view DuckDB registered the stream as (the same
     * unless a cardinality hint wraps it), the stream and the cached frames it points into.
     */
    record Registered(String view, String streamView, BorrowedArrayStream stream, List<ScanCache.Entry> frames) {}

    QueryResult(QuerySession session, Statement statement, ResultSet resultSet, List<Registered> registered) {
        this.session = session;
        this.statement = statement;
        this.resultSet = resultSet;
        this.registered = registered;
    }

    /**
     * Bytes of frame buffers the query's streams hand to DuckDB: what projection and batch pruning
     * saved shows here.
     */
    public long bytesScanned() {
        return registered.stream().mapToLong(view -> view.stream().bytes()).sum();
    }

    /** Rows changed by a statement that returns no rows, else -1 (JDBC's getUpdateCount). */
    public long updateCount() throws SQLException {
        return resultSet == null ? statement.getLargeUpdateCount() : -1;
    }

    /** The rows, as DuckDB's JDBC driver maps them; null for a statement that returns none. */
    public ResultSet resultSet() {
        return resultSet;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        List<Exception> failures = new ArrayList<>();
        try {
            if (resultSet != null) {
                resultSet.close();
            }
            statement.close();
        } catch (SQLException e) {
            failures.add(e);
        }
        session.release(registered, failures);
        session.closed(this);
        if (!failures.isEmpty()) {
            SQLException first = new SQLException("closing query result: " + failures.get(0).getMessage(), failures.get(0));
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }
}
