package io.arrowfamfs.query;

import io.arrowfamfs.query.QuerySession.Prepared;
import io.arrowfamfs.query.QuerySession.Scan;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of one execution. DuckDB may stream results, so the streams the query reads stay in
 * their slots' hands until this is closed; closing closes the result set first (DuckDB then holds
 * nothing from the streams), and only then empties the slots and frees the streams.
 */
public final class QueryResult implements AutoCloseable {
    private final Prepared prepared;
    private final Statement statement;
    private final boolean ownsStatement;
    private final ResultSet resultSet;
    private final List<Scan> scans;
    private boolean closed;

    /**
     * The result of running {@code statement} for {@code prepared}, over {@code scans}; closing it
     * closes {@code statement} too when it {@code ownsStatement} (else the prepared statement keeps it).
     */
    QueryResult(Prepared prepared, Statement statement, boolean ownsStatement, ResultSet resultSet, List<Scan> scans) {
        this.prepared = prepared;
        this.statement = statement;
        this.ownsStatement = ownsStatement;
        this.resultSet = resultSet;
        this.scans = scans;
    }

    /**
     * Bytes of frame buffers the query's streams hand to DuckDB: what projection and batch pruning
     * saved shows here.
     */
    public long bytesScanned() {
        return scans.stream().mapToLong(scan -> scan.stream().bytes()).sum();
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
            if (ownsStatement) {
                statement.close();
            }
        } catch (SQLException e) {
            failures.add(e);
        }
        prepared.session().release(scans, failures);
        try {
            prepared.session().closed(this, prepared);
        } catch (SQLException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            SQLException first = new SQLException("closing query result: " + failures.get(0).getMessage(), failures.get(0));
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }
}
