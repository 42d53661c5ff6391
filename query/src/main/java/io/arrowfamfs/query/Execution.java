package io.arrowfamfs.query;

import io.arrowfamfs.cdata.StreamSlot;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What one execution holds until its result closes: DuckDB's statement and result set, and the
 * streams it moved into its views' slots, with the frames they point into. Release order:
 * {@link #closeResult} first (DuckDB's close waits for a fetch in progress, and DuckDB then holds
 * nothing from the streams), then {@link #release}: the slots are emptied and only then the
 * streams freed, so DuckDB never holds a pointer to a freed stream.
 */
final class Execution {
    /** A stream moved into a slot for this execution. */
    record Fill(StreamSlot slot, StreamExporter.Export export) {}

    private final Statement statement;
    private final boolean ownsStatement;
    private final ResultSet resultSet;
    private final List<Fill> fills;

    /**
     * The run of {@code statement} (closed with the result when it {@code ownsStatement}, else
     * kept by its prepared statement), giving {@code resultSet} (null when it returns no rows)
     * from the streams of {@code fills}.
     */
    Execution(Statement statement, boolean ownsStatement, ResultSet resultSet, List<Fill> fills) {
        this.statement = statement;
        this.ownsStatement = ownsStatement;
        this.resultSet = resultSet;
        this.fills = List.copyOf(fills);
    }

    /** Bytes of frame buffers the streams hand to DuckDB. */
    long bytesScanned() {
        return fills.stream().mapToLong(fill -> fill.export().stream().bytes()).sum();
    }

    /** Rows changed by a statement that returns no rows. */
    long updateCount() throws SQLException {
        return statement.getLargeUpdateCount();
    }

    /** The rows; null for a statement that returns none. */
    ResultSet resultSet() {
        return resultSet;
    }

    /** Closes DuckDB's result set, and the statement when this execution owns it. */
    void closeResult() throws SQLException {
        try {
            if (resultSet != null) {
                resultSet.close();
            }
        } finally {
            if (ownsStatement) {
                statement.close();
            }
        }
    }

    /** Empties the slots, then frees the streams and lets go of their frames; failures go to {@code failures}. */
    void release(List<Exception> failures) {
        release(fills, failures);
    }

    /** {@link #release} of streams of an execution that failed before it had a result. */
    static void release(List<Fill> fills, List<Exception> failures) {
        for (Fill fill : fills) {
            try {
                fill.slot().clear();
            } catch (RuntimeException e) {
                failures.add(e);
            } finally {
                try {
                    fill.export().close();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }
    }
}
