package io.arrowfamfs.query;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.CatalogSnapshot;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.cdata.BatchSlice;
import io.arrowfamfs.cdata.BorrowedArrayStream;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.query.QueryResult.Registered;
import io.arrowfamfs.query.SqlRewriter.Reference;
import io.arrowfamfs.query.SqlRewriter.Rewritten;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * An embedded DuckDB connection that sees every table of a volume, zero-copy. {@link #execute}
 * runs any query; {@link #prepare} gives a statement that can be executed again and again with
 * new parameters (each execution gets fresh streams). Each table reference is a native Arrow C
 * stream over the frames' buffers ({@link BorrowedArrayStream}); the session keeps the frames it
 * has read attached, with their validated columns, until it closes. Thread-safe (one statement
 * at a time); several sessions may share a volume and a catalog.
 */
public final class QuerySession implements AutoCloseable {
    private static final AtomicLong SESSIONS = new AtomicLong();

    private final Catalog catalog;
    private final DuckDBConnection duckdb;
    private final BufferAllocator allocator;
    private final String prefix;
    private final ScanCache cache;
    private final CardinalityHints hints;
    private final AtomicLong executions = new AtomicLong();
    /** Results not yet closed: closing the session closes them first (views, then streams). */
    private final java.util.Set<QueryResult> open = new java.util.LinkedHashSet<>();
    private boolean closed;

    private QuerySession(Catalog catalog, DuckDBConnection duckdb, BufferAllocator allocator, CardinalityHints hints) {
        this.catalog = catalog;
        this.duckdb = duckdb;
        this.allocator = allocator;
        this.prefix = "__af" + SESSIONS.incrementAndGet() + "_";
        this.cache = new ScanCache(catalog, allocator);
        this.hints = hints;
    }

    /** A session over {@code catalog}'s tables; the caller keeps ownership of the catalog and its volume. */
    public static QuerySession open(Catalog catalog) throws SQLException {
        DuckDBConnection duckdb = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        try {
            return new QuerySession(catalog, duckdb, new RootAllocator(), CardinalityHints.register(duckdb));
        } catch (SQLException | RuntimeException e) {
            duckdb.close();
            throw e;
        }
    }

    /** Runs {@code sql} over a consistent snapshot of every table. Close the result. */
    public QueryResult execute(String sql) throws SQLException {
        return prepare(sql).execute();
    }

    /** A statement to execute any number of times, binding parameters ({@code ?}) each time. */
    public synchronized Prepared prepare(String sql) throws SQLException {
        if (closed) {
            throw new SQLException("query session is closed");
        }
        Map<String, String> tables = tableNames(catalog.refresh());
        String viewPrefix = prefix + executions.incrementAndGet() + "_";
        return new Prepared(SqlRewriter.rewrite(duckdb, sql, tables, viewPrefix), sql);
    }

    /**
     * Copies a shared table into a native DuckDB table {@code target} of this session's DuckDB
     * (for comparisons and for DuckDB-only work): one read of a fresh stream.
     */
    public synchronized void copyToNative(String table, String target) throws SQLException {
        CatalogSnapshot snapshot = catalog.refresh();
        Reference reference = new Reference(prefix + "copy_" + executions.incrementAndGet(), snapshot.require(table).name(),
                null, table, List.of());
        List<Registered> registered = new ArrayList<>(List.of(register(reference, snapshot, false)));
        List<Exception> failures = new ArrayList<>();
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE OR REPLACE TABLE " + SqlRewriter.quote(target) + " AS SELECT * FROM "
                    + SqlRewriter.quote(reference.view()));
        } finally {
            release(registered, failures);
        }
        if (!failures.isEmpty()) {
            throw new SQLException("releasing the copy's stream: " + failures.get(0).getMessage(), failures.get(0));
        }
    }

    /** The DuckDB connection, for statements about the session itself (SET, PRAGMA, temporary tables). */
    public Connection duckdb() {
        return duckdb;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** A rewritten query, ready to run with fresh streams each time. */
    public final class Prepared {
        private final Rewritten rewritten;
        private final String original;
        private QueryResult last;

        private Prepared(Rewritten rewritten, String original) {
            this.rewritten = rewritten;
            this.original = original;
        }

        /**
         * Executes with {@code parameters} bound to the {@code ?} placeholders in order. Like a
         * JDBC statement, executing again closes the previous result (its views are reused).
         */
        public QueryResult execute(Object... parameters) throws SQLException {
            synchronized (QuerySession.this) {
                if (closed) {
                    throw new SQLException("query session is closed");
                }
                if (last != null) {
                    last.close();
                }
                last = run(parameters);
                open.add(last);
                return last;
            }
        }

        private QueryResult run(Object... parameters) throws SQLException {
            CatalogSnapshot snapshot = catalog.refresh();
            cache.retainOnly(snapshot);
            List<Registered> registered = new ArrayList<>();
            try {
                boolean hint = rewritten.references().size() > 1;
                for (Reference reference : rewritten.references()) {
                    registered.add(register(reference, snapshot, hint));
                }
                PreparedStatement statement = duckdb.prepareStatement(rewritten.sql());
                try {
                    for (int i = 0; i < parameters.length; i++) {
                        statement.setObject(i + 1, parameters[i]);
                    }
                    boolean rows = statement.execute();
                    return new QueryResult(QuerySession.this, statement, rows ? statement.getResultSet() : null, registered);
                } catch (SQLException | RuntimeException e) {
                    statement.close();
                    throw e;
                }
            } catch (SQLException | RuntimeException e) {
                List<Exception> failures = new ArrayList<>();
                release(registered, failures);
                throw explain(e, snapshot, rewritten.references());
            }
        }

        /** The SQL DuckDB runs: table references renamed to this statement's views. */
        public String rewrittenSql() {
            return rewritten.sql();
        }

        @Override
        public String toString() {
            return original;
        }
    }

    /**
     * Registers the stream {@code reference} reads as its view; with {@code hint}, the stream gets
     * a view of its own and the reference's view carries its row count (see {@link CardinalityHints}),
     * which only matters when a query reads several tables.
     */
    private Registered register(Reference reference, CatalogSnapshot snapshot, boolean hint) throws SQLException {
        TableState table = snapshot.require(reference.table());
        Schema schema = catalog.schema(table, allocator);
        TableScan scan = new TableScan(table, schema, reference.columns(), Pruning.filter(reference, schema));
        List<ScanCache.Entry> frames = new ArrayList<>();
        String streamView = hint ? reference.view() + "_stream" : reference.view();
        Registered registered = null;
        try {
            List<BatchSlice> slices = scan.slices(cache, frames);
            registered = new Registered(reference.view(), streamView,
                    BorrowedArrayStream.export(scan.schema(), slices, allocator), frames);
            duckdb.registerArrowStream(streamView, registered.stream().stream());
            if (hint) {
                try (Statement statement = duckdb.createStatement()) {
                    hints.createView(statement, reference.view(), streamView,
                            scan.schema().getFields().stream().map(Field::getName).toList(),
                            slices.stream().mapToLong(BatchSlice::rows).sum(), table.schemaPath());
                }
            }
            return registered;
        } catch (SQLException | RuntimeException e) {
            if (registered != null) {
                release(List.of(registered), new ArrayList<>());
            } else {
                frames.forEach(cache::release);
            }
            throw e;
        }
    }

    /** A result is closed: forget it. */
    synchronized void closed(QueryResult result) {
        open.remove(result);
    }

    /** Drops every view, then releases the streams behind them; failures are collected. */
    synchronized void release(List<Registered> registered, List<Exception> failures) {
        for (Registered view : registered) {
            try (Statement statement = duckdb.createStatement()) {
                statement.execute("DROP VIEW IF EXISTS " + SqlRewriter.quote(view.view()));
                if (!view.streamView().equals(view.view())) {
                    statement.execute("DROP VIEW IF EXISTS " + SqlRewriter.quote(view.streamView()));
                }
            } catch (SQLException e) {
                failures.add(e);
            }
        }
        for (Registered view : registered) {
            view.stream().close();
            view.frames().forEach(cache::release);
        }
    }

    /**
     * DuckDB's message in the user's terms (view names back to table names), plus the tables
     * that exist when it could not find one.
     */
    private static SQLException explain(Exception e, CatalogSnapshot snapshot, List<Reference> references) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        for (Reference reference : references) {
            message = message.replace(reference.view() + "_stream", reference.table()).replace(reference.view() + " AS ", "").replace(reference.view(), reference.table());
        }
        if (message.contains("does not exist")) {
            message += " (tables: " + (snapshot.tables().isEmpty() ? "none" : String.join(", ", snapshot.tables().keySet())) + ")";
        }
        return e instanceof SQLException sql && message.equals(sql.getMessage()) ? sql : new SQLException(message, e);
    }

    private static Map<String, String> tableNames(CatalogSnapshot snapshot) {
        Map<String, String> names = new HashMap<>();
        for (String table : snapshot.tables().keySet()) {
            names.put(table.toLowerCase(Locale.ROOT), table);
        }
        return names;
    }

    /**
     * Closes every open result (result set first: DuckDB's close waits for a fetch in progress,
     * so no stream is released under it), then DuckDB, then the allocator. Safe to call from
     * another thread while a query runs: that query then fails with an SQLException.
     */
    @Override
    public synchronized void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (QueryResult result : new ArrayList<>(open)) {
                result.close();
            }
            duckdb.close();
        } finally {
            cache.close();
            allocator.close();
        }
    }
}
