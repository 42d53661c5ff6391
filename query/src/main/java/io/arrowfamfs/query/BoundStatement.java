package io.arrowfamfs.query;

import io.arrowfamfs.catalog.CatalogSnapshot;
import io.arrowfamfs.query.SqlRewriter.Reference;
import io.arrowfamfs.query.SqlRewriter.Rewritten;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBConnection;

/**
 * A rewritten statement bound to DuckDB: one {@link StreamViews} per table reference and, when it
 * reads shared tables, its DuckDB prepared statement. On its first run it registers the views and
 * prepares the statement; later runs move fresh streams into the slots and run that statement
 * again, preparing it again only when a view changed. Used under the session's lock.
 */
final class BoundStatement {
    private final DuckDBConnection duckdb;
    private final CardinalityHints hints;
    private final BufferAllocator allocator;
    private final StreamExporter exporter;
    private final Rewritten rewritten;
    private final List<StreamViews> views = new ArrayList<>();
    private PreparedStatement statement;

    BoundStatement(
            DuckDBConnection duckdb,
            CardinalityHints hints,
            BufferAllocator allocator,
            StreamExporter exporter,
            Rewritten rewritten) {
        this.duckdb = duckdb;
        this.hints = hints;
        this.allocator = allocator;
        this.exporter = exporter;
        this.rewritten = rewritten;
    }

    /** The SQL DuckDB runs. */
    String sql() {
        return rewritten.sql();
    }

    /** Runs over fresh streams of {@code snapshot}, with {@code parameters} bound in order. */
    Execution run(CatalogSnapshot snapshot, Object... parameters) throws SQLException {
        exporter.retainOnly(snapshot);
        List<Execution.Fill> fills = new ArrayList<>();
        PreparedStatement running = null;
        try {
            List<Reference> references = rewritten.references();
            boolean replan = statement == null || statement.isClosed();
            BooleanSupplier bytewiseStrings = new BytewiseStrings(duckdb);
            for (int i = 0; i < references.size(); i++) {
                if (views.size() == i) {
                    views.add(
                            new StreamViews(duckdb, hints, references.get(i).view(), references.size() > 1, allocator));
                }
                replan |= fill(views.get(i), references.get(i), snapshot, fills, bytewiseStrings);
            }
            if (views.isEmpty()) {
                running = duckdb.prepareStatement(rewritten.sql());
            } else {
                if (replan && statement != null) {
                    statement.close();
                    statement = null;
                }
                if (statement == null) {
                    statement = duckdb.prepareStatement(rewritten.sql());
                }
                running = statement;
            }
            for (int i = 0; i < parameters.length; i++) {
                running.setObject(i + 1, parameters[i]);
            }
            boolean rows = running.execute();
            return new Execution(running, running != statement, rows ? running.getResultSet() : null, fills);
        } catch (SQLException | RuntimeException e) {
            if (running != null && running != statement) {
                running.close();
            }
            Execution.release(fills, new ArrayList<>());
            throw QueryErrors.explain(e, snapshot, rewritten);
        }
    }

    /** Moves a fresh stream of {@code reference} into its slot; true when DuckDB must plan the statement again. */
    private boolean fill(
            StreamViews target,
            Reference reference,
            CatalogSnapshot snapshot,
            List<Execution.Fill> fills,
            BooleanSupplier bytewiseStrings)
            throws SQLException {
        StreamExporter.Export export = exporter.export(reference, snapshot, bytewiseStrings);
        fills.add(new Execution.Fill(target.slot(), export));
        target.slot().fill(export.stream());
        return target.register(
                export.schema(),
                export.scan().rows(),
                snapshot.require(reference.table()).schema().name());
    }

    /** Drops the views from DuckDB, then {@link #free}s. */
    void drop() throws SQLException {
        try (Statement drop = duckdb.createStatement()) {
            for (StreamViews view : views) {
                view.drop(drop);
            }
        } finally {
            free();
        }
    }

    /** Closes the DuckDB statement and frees the slots: DuckDB must no longer reach them. */
    void free() throws SQLException {
        try {
            if (statement != null) {
                statement.close();
            }
        } finally {
            views.forEach(StreamViews::close);
        }
    }
}
