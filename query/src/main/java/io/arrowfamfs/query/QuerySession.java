package io.arrowfamfs.query;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.CatalogSnapshot;
import io.arrowfamfs.cdata.BorrowedArrayStream;
import io.arrowfamfs.cdata.StreamSlot;
import io.arrowfamfs.query.SqlRewriter.Reference;
import io.arrowfamfs.query.SqlRewriter.Rewritten;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;

/**
 * An embedded DuckDB connection that sees every table of a volume, zero-copy. {@link #execute}
 * runs any query; {@link #prepare} gives a statement that can be executed again and again with
 * new parameters (each execution reads fresh streams of the latest snapshot). Each table
 * reference is a native Arrow C stream over the frames' buffers ({@link BorrowedArrayStream}); the
 * session keeps the frames it has read attached, with their validated columns, until it closes.
 *
 * <p>Per-query cost: a statement is rewritten ({@link SqlRewriter}), its views registered and its
 * DuckDB statement prepared once ({@link BoundStatement}); each execution then only moves fresh
 * streams into the views' {@link StreamSlot}s and runs the prepared statement. {@link #execute}
 * keeps the last {@value #STATEMENT_CACHE} statements by SQL text ({@link StatementCache}), so a
 * query run again skips all of that too. This class owns the parts and their lifecycle.
 * Thread-safe (one statement at a time); several sessions may share a volume and a catalog.
 */
public final class QuerySession implements AutoCloseable {
    /** How many statements {@link #execute} keeps prepared, least recently used dropped first. */
    public static final int STATEMENT_CACHE = 64;

    private static final AtomicLong SESSIONS = new AtomicLong();
    /** The names of the views sessions register: {@code __af<session>_<statement>_...}. */
    private static final Pattern INTERNAL = Pattern.compile("__af\\d+_.*");

    private static final Object[] NO_PARAMETERS = {};

    private final Catalog catalog;
    private final DuckDBConnection duckdb;
    private final BufferAllocator allocator;
    private final String prefix;
    private final StreamExporter exporter;
    private final DictionaryTables dictionaries;
    private final CardinalityHints hints;
    private final SqlRewriter rewriter;
    private final AtomicLong statements = new AtomicLong();
    private final StatementCache<Prepared> cached = new StatementCache<>(STATEMENT_CACHE, Prepared::close);
    /** Statements not yet closed: their slots are freed when the session closes. */
    private final Set<Prepared> live = new HashSet<>();
    /** Results not yet closed: closing the session closes them first. */
    private final Set<QueryResult> open = new LinkedHashSet<>();

    private boolean closed;
    private long refreshes;

    private QuerySession(Catalog catalog, DuckDBConnection duckdb, BufferAllocator allocator, CardinalityHints hints) {
        this.catalog = catalog;
        this.duckdb = duckdb;
        this.allocator = allocator;
        this.prefix = "__af" + SESSIONS.incrementAndGet() + "_";
        this.exporter = new StreamExporter(catalog, allocator);
        this.dictionaries = new DictionaryTables(duckdb, allocator, prefix);
        this.hints = hints;
        this.rewriter = new SqlRewriter(duckdb);
    }

    /** A session over {@code catalog}'s tables; the caller keeps ownership of the catalog and its volume. */
    public static QuerySession open(Catalog catalog) throws SQLException {
        DuckDBConnection duckdb = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        try {
            try (Statement statement = duckdb.createStatement()) {
                // DuckDB turns count(*) OVER (PARTITION BY k) into a join of the table with its own
                // aggregate, scanning it twice; a stream can be scanned once ("stream has been released")
                statement.execute("SET disabled_optimizers = 'window_self_join'");
            }
            return new QuerySession(catalog, duckdb, new RootAllocator(), CardinalityHints.register(duckdb));
        } catch (SQLException | RuntimeException e) {
            duckdb.close();
            throw e;
        }
    }

    /**
     * Runs {@code sql} over a consistent snapshot of every table. Close the result. A statement
     * run before is reused, unless its previous result is still open: then the same text runs as
     * a statement of its own, closed with its result.
     */
    public synchronized QueryResult execute(String sql) throws SQLException {
        requireOpen();
        CatalogSnapshot snapshot = refresh(); // one snapshot: the cache is checked against the tables the query reads
        cached.validate(snapshot.tables().keySet());
        Optional<Prepared> known = cached.get(sql);
        if (known.isEmpty()) {
            Prepared statement = prepare(sql, snapshot);
            cached.put(sql, statement);
            return statement.executeOn(snapshot, NO_PARAMETERS);
        }
        if (known.get().last == null) {
            return known.get().executeOn(snapshot, NO_PARAMETERS);
        }
        Prepared once = prepare(sql, snapshot);
        try {
            QueryResult result = once.executeOn(snapshot, NO_PARAMETERS);
            once.closing = true;
            return result;
        } catch (SQLException | RuntimeException e) {
            once.close();
            throw e;
        }
    }

    /**
     * A statement to execute any number of times, binding parameters ({@code ?}) each time. Close
     * it when done (or leave it to the session's close): its views live until then.
     */
    public synchronized Prepared prepare(String sql) throws SQLException {
        requireOpen();
        return prepare(sql, refresh());
    }

    private Prepared prepare(String sql, CatalogSnapshot snapshot) throws SQLException {
        return new Prepared(rewriter.rewrite(sql, tableNames(snapshot), nextPrefix()), sql);
    }

    /** The catalog's latest snapshot; each execution reads one, and only one. */
    private CatalogSnapshot refresh() {
        refreshes++;
        return catalog.refresh();
    }

    /** How many times the session has read the catalog's latest snapshot (for tests). */
    synchronized long refreshes() {
        return refreshes;
    }

    /**
     * Copies a shared table into a native DuckDB table {@code target} of this session's DuckDB
     * (for comparisons and for DuckDB-only work): one read of a fresh stream.
     */
    public synchronized void copyToNative(String table, String target) throws SQLException {
        requireOpen();
        String view = nextPrefix() + "copy";
        CatalogSnapshot snapshot = refresh();
        Rewritten copy = new Rewritten(
                "CREATE OR REPLACE TABLE " + SqlRewriter.quote(target) + " AS SELECT * FROM " + SqlRewriter.quote(view),
                List.of(new Reference(view, snapshot.require(table).name(), Optional.empty(), table, List.of())));
        try (Prepared statement = new Prepared(copy, "copy of " + table);
                QueryResult done = statement.executeOn(snapshot, NO_PARAMETERS)) {
            done.updateCount();
        }
    }

    /** The DuckDB connection, for statements about the session itself (SET, PRAGMA, temporary tables). */
    public Connection duckdb() {
        return duckdb;
    }

    /** The catalog whose tables the session reads. */
    public Catalog catalog() {
        return catalog;
    }

    /** True for the name of a view a session registers for its own use (tools should not list it). */
    public static boolean isInternal(String name) {
        return name != null && INTERNAL.matcher(name).matches();
    }

    private String nextPrefix() {
        return prefix + statements.incrementAndGet() + "_";
    }

    private void requireOpen() throws SQLException {
        if (closed) {
            throw new SQLException(
                    "query failed: session=" + prefix.substring(0, prefix.length() - 1) + " state=closed");
        }
    }

    private static Map<String, String> tableNames(CatalogSnapshot snapshot) {
        Map<String, String> names = new HashMap<>();
        for (String table : snapshot.tables().keySet()) {
            names.put(table.toLowerCase(Locale.ROOT), table);
        }
        return names;
    }

    /**
     * A rewritten statement, ready to run with fresh streams each time ({@link BoundStatement}):
     * this class keeps its executions' lifecycle. Like a JDBC statement, executing again closes
     * the previous result; closing it with a result open closes it when that result closes.
     */
    public final class Prepared implements AutoCloseable {
        private final BoundStatement bound;
        private final String original;
        private QueryResult last;
        /** Close once the open result is closed: an evicted or one-off statement. */
        private boolean closing;

        private boolean closed;

        private Prepared(Rewritten rewritten, String original) {
            this.bound =
                    new BoundStatement(duckdb, hints, allocator, exporter, dictionaries, rewritten, rewriter::render);
            this.original = original;
            live.add(this);
        }

        /**
         * Executes with {@code parameters} bound to the {@code ?} placeholders in order. Like a
         * JDBC statement, executing again closes the previous result.
         */
        public QueryResult execute(Object... parameters) throws SQLException {
            synchronized (QuerySession.this) {
                requireOpen();
                return executeOn(refresh(), parameters);
            }
        }

        /** Executes on {@code snapshot}, the one the caller read (under the session's lock). */
        private QueryResult executeOn(CatalogSnapshot snapshot, Object[] parameters) throws SQLException {
            if (last != null) {
                last.close(); // a statement closed while this result was open closes now
            }
            if (closed || closing) {
                throw new SQLException("statement execute failed: state=closed sql=" + original);
            }
            last = new QueryResult(this, bound.run(snapshot, parameters));
            open.add(last);
            return last;
        }

        /**
         * {@code result}'s DuckDB result is closed: frees its streams, forgets it, and closes this
         * statement if that waited for it.
         */
        void closed(QueryResult result, Execution execution, List<Exception> failures) throws SQLException {
            synchronized (QuerySession.this) {
                execution.release(failures);
                open.remove(result);
                if (last == result) {
                    last = null;
                    if (closing) {
                        close();
                    }
                }
            }
        }

        /** The SQL DuckDB runs: table references renamed to this statement's views. */
        public String rewrittenSql() {
            return bound.sql();
        }

        /**
         * Drops this statement's views and frees its slots; with a result still open, that happens
         * when the result closes.
         */
        @Override
        public void close() throws SQLException {
            synchronized (QuerySession.this) {
                if (closed) {
                    return;
                }
                if (last != null) {
                    closing = true;
                    return;
                }
                closed = true;
                live.remove(this);
                bound.drop();
            }
        }

        /** Frees the statement without dropping its views: the session's DuckDB is closed. */
        private void free() throws SQLException {
            closed = true;
            live.remove(this);
            bound.free();
        }

        /** The SQL text the statement was prepared from. */
        @Override
        public String toString() {
            return original;
        }
    }

    /**
     * Closes every open result (result set first: DuckDB's close waits for a fetch in progress,
     * so no stream is released under it), then DuckDB, then the statements' slots, the frames and
     * the allocator. Safe to call from another thread while a query runs: that query then fails
     * with an SQLException.
     */
    @Override
    public synchronized void close() throws SQLException {
        if (closed) {
            return;
        }
        try {
            for (QueryResult result : new ArrayList<>(open)) {
                result.close();
            }
            rewriter.close();
        } finally {
            closed = true;
            try {
                duckdb.close();
            } finally {
                try {
                    for (Prepared statement : new ArrayList<>(live)) {
                        statement.free();
                    }
                } finally {
                    exporter.close();
                    allocator.close();
                }
            }
        }
    }
}
