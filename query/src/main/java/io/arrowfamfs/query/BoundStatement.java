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
 * again, preparing it again only when a view changed or the {@link StatisticsRewrites} the
 * snapshot's statistics allow changed the SQL. Used under the session's lock.
 */
final class BoundStatement {
    private final DuckDBConnection duckdb;
    private final CardinalityHints hints;
    private final BufferAllocator allocator;
    private final StreamExporter exporter;
    private final DictionaryTables dictionaries;
    private final Rewritten rewritten;
    private final StatisticsRewrites.Renderer renderer;
    private final List<StreamViews> views = new ArrayList<>();
    private PreparedStatement statement;
    /** What {@link #sql} edits, as the last run's statistics and dictionaries allowed. */
    private StatisticsRewrites.Edits edited = StatisticsRewrites.Edits.NONE;
    /** The SQL DuckDB runs: the rewritten statement's, or its rendering with {@link #edited}. */
    private String sql;

    /** {@code rewritten} bound to {@code duckdb}; {@code renderer} renders its SQL again when group keys are narrowed. */
    BoundStatement(
            DuckDBConnection duckdb,
            CardinalityHints hints,
            BufferAllocator allocator,
            StreamExporter exporter,
            DictionaryTables dictionaries,
            Rewritten rewritten,
            StatisticsRewrites.Renderer renderer) {
        this.duckdb = duckdb;
        this.hints = hints;
        this.allocator = allocator;
        this.exporter = exporter;
        this.dictionaries = dictionaries;
        this.rewritten = rewritten;
        this.renderer = renderer;
        this.sql = rewritten.sql();
    }

    /** The SQL DuckDB runs (ran last, once it has run). */
    String sql() {
        return sql;
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
            List<StreamExporter.Export> exports = new ArrayList<>();
            for (int i = 0; i < references.size(); i++) {
                if (views.size() == i) {
                    views.add(
                            new StreamViews(duckdb, hints, references.get(i).view(), references.size() > 1, allocator));
                }
                exports.add(fill(views.get(i), references.get(i), snapshot, fills, bytewiseStrings));
            }
            StatisticsRewrites.Plan plan = rewritten
                    .rewrites()
                    .plan(
                            references,
                            exports,
                            new PerfectHashThreshold(duckdb),
                            new TopNBounds.Defaults(duckdb),
                            dictionaries,
                            renderer);
            for (int i = 0; i < references.size(); i++) {
                StreamExporter.Export export = exports.get(i);
                replan |= views.get(i)
                        .register(
                                export.schema(),
                                export.scan().rows(),
                                snapshot.require(references.get(i).table())
                                        .schema()
                                        .name(),
                                plan.pad(i));
            }
            if (!plan.edits().equals(edited)) {
                sql = plan.edits().isEmpty()
                        ? rewritten.sql()
                        : rewritten.rewrites().sql(plan.edits(), renderer);
                edited = plan.edits();
                replan = true;
            }
            if (views.isEmpty()) {
                running = duckdb.prepareStatement(sql);
            } else {
                if (replan && statement != null) {
                    statement.close();
                    statement = null;
                }
                if (statement == null) {
                    statement = duckdb.prepareStatement(sql);
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

    /** Moves a fresh stream of {@code reference} into its slot, and returns it. */
    private StreamExporter.Export fill(
            StreamViews target,
            Reference reference,
            CatalogSnapshot snapshot,
            List<Execution.Fill> fills,
            BooleanSupplier bytewiseStrings) {
        StreamExporter.Export export = exporter.export(reference, snapshot, bytewiseStrings);
        fills.add(new Execution.Fill(target.slot(), export));
        target.slot().fill(export.stream());
        return export;
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
