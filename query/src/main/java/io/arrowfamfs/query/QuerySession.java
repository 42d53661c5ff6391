package io.arrowfamfs.query;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.CatalogSnapshot;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.cdata.BatchSlice;
import io.arrowfamfs.cdata.BorrowedArrayStream;
import io.arrowfamfs.cdata.StreamSlot;
import io.arrowfamfs.query.SqlRewriter.Reference;
import io.arrowfamfs.query.SqlRewriter.Rewritten;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * An embedded DuckDB connection that sees every table of a volume, zero-copy. {@link #execute}
 * runs any query; {@link #prepare} gives a statement that can be executed again and again with
 * new parameters (each execution reads fresh streams of the latest snapshot). Each table
 * reference is a native Arrow C stream over the frames' buffers ({@link BorrowedArrayStream}); the
 * session keeps the frames it has read attached, with their validated columns, until it closes.
 *
 * <p>Per-query cost: a statement is rewritten (two DuckDB round trips), its views registered and
 * its DuckDB statement prepared once; each execution then only moves fresh streams into the views'
 * {@link StreamSlot}s and runs the prepared statement. {@link #execute} keeps the last
 * {@value #STATEMENT_CACHE} statements by SQL text, so a query run again skips all of that too.
 * Thread-safe (one statement at a time); several sessions may share a volume and a catalog.
 */
public final class QuerySession implements AutoCloseable {
    /** How many statements {@link #execute} keeps prepared, least recently used dropped first. */
    public static final int STATEMENT_CACHE = 64;
    private static final AtomicLong SESSIONS = new AtomicLong();
    /** The names of the views sessions register: {@code __af<session>_<statement>_...}. */
    private static final Pattern INTERNAL = Pattern.compile("__af\\d+_.*");

    private final Catalog catalog;
    private final DuckDBConnection duckdb;
    private final BufferAllocator allocator;
    private final String prefix;
    private final ScanCache cache;
    private final CardinalityHints hints;
    private final SqlRewriter rewriter;
    private final AtomicLong statements = new AtomicLong();
    /** Statements {@link #execute} prepared, by SQL text, in access order. */
    private final LinkedHashMap<String, Prepared> cached = new LinkedHashMap<>(16, 0.75f, true);
    /** The table names the cached statements were rewritten for: another set of tables empties the cache. */
    private Set<String> cachedFor = Set.of();
    /** Statements not yet closed: their slots are freed when the session closes. */
    private final Set<Prepared> live = new HashSet<>();
    /** Results not yet closed: closing the session closes them first. */
    private final Set<QueryResult> open = new LinkedHashSet<>();
    private boolean closed;

    private QuerySession(Catalog catalog, DuckDBConnection duckdb, BufferAllocator allocator, CardinalityHints hints) {
        this.catalog = catalog;
        this.duckdb = duckdb;
        this.allocator = allocator;
        this.prefix = "__af" + SESSIONS.incrementAndGet() + "_";
        this.cache = new ScanCache(catalog, allocator);
        this.hints = hints;
        this.rewriter = new SqlRewriter(duckdb);
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

    /**
     * Runs {@code sql} over a consistent snapshot of every table. Close the result. A statement
     * run before is reused, unless its previous result is still open.
     */
    public synchronized QueryResult execute(String sql) throws SQLException {
        requireOpen();
        Set<String> tables = catalog.refresh().tables().keySet();
        if (!tables.equals(cachedFor)) {
            for (Prepared statement : new ArrayList<>(cached.values())) {
                statement.close();
            }
            cached.clear();
            cachedFor = Set.copyOf(tables);
        }
        Prepared statement = cached.get(sql);
        if (statement == null) {
            statement = prepare(sql);
            cached.put(sql, statement);
            if (cached.size() > STATEMENT_CACHE) {
                Iterator<Prepared> eldest = cached.values().iterator();
                Prepared evicted = eldest.next();
                eldest.remove();
                evicted.close();
            }
        } else if (statement.last != null) {
            Prepared once = prepare(sql);
            try {
                QueryResult result = once.execute();
                once.closing = true;
                return result;
            } catch (SQLException | RuntimeException e) {
                once.close();
                throw e;
            }
        }
        return statement.execute();
    }

    /**
     * A statement to execute any number of times, binding parameters ({@code ?}) each time. Close
     * it when done (or leave it to the session's close): its views live until then.
     */
    public synchronized Prepared prepare(String sql) throws SQLException {
        requireOpen();
        Map<String, String> tables = tableNames(catalog.refresh());
        return new Prepared(rewriter.rewrite(sql, tables, nextPrefix()), sql);
    }

    /**
     * Copies a shared table into a native DuckDB table {@code target} of this session's DuckDB
     * (for comparisons and for DuckDB-only work): one read of a fresh stream.
     */
    public synchronized void copyToNative(String table, String target) throws SQLException {
        requireOpen();
        String view = nextPrefix() + "copy";
        Rewritten copy = new Rewritten("CREATE OR REPLACE TABLE " + SqlRewriter.quote(target) + " AS SELECT * FROM "
                + SqlRewriter.quote(view), List.of(new Reference(view, catalog.refresh().require(table).name(), null, table,
                List.of())));
        try (Prepared statement = new Prepared(copy, "copy of " + table); QueryResult done = statement.execute()) {
            done.updateCount();
        }
    }

    /** The DuckDB connection, for statements about the session itself (SET, PRAGMA, temporary tables). */
    public Connection duckdb() {
        return duckdb;
    }

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
            throw new SQLException("query session is closed");
        }
    }

    /**
     * A rewritten statement, ready to run with fresh streams each time. On its first execution it
     * registers one view per table reference, over a {@link StreamSlot}, and, when it reads shared
     * tables, prepares its DuckDB statement; later executions move fresh streams into the slots and
     * run that statement again. A view is registered again only when its table's schema changes,
     * and a row-count hint rewritten (and the statement prepared again) when its rows change.
     */
    public final class Prepared implements AutoCloseable {
        private final Rewritten rewritten;
        private final String original;
        private final List<Slot> slots = new ArrayList<>();
        private PreparedStatement statement;
        private QueryResult last;
        /** Close once the open result is closed: an evicted or one-off statement. */
        private boolean closing;
        private boolean closed;

        private Prepared(Rewritten rewritten, String original) {
            this.rewritten = rewritten;
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
                if (last != null) {
                    last.close(); // a statement closed while this result was open closes now
                }
                if (closed || closing) {
                    throw new SQLException("statement is closed: " + original);
                }
                last = run(parameters);
                open.add(last);
                return last;
            }
        }

        private QueryResult run(Object... parameters) throws SQLException {
            CatalogSnapshot snapshot = catalog.refresh();
            cache.retainOnly(snapshot);
            List<Scan> scans = new ArrayList<>();
            PreparedStatement running = null;
            try {
                boolean hint = rewritten.references().size() > 1;
                boolean replan = statement == null || statement.isClosed();
                BooleanSupplier bytewiseStrings = new BytewiseStrings();
                for (int i = 0; i < rewritten.references().size(); i++) {
                    if (slots.size() == i) {
                        slots.add(new Slot(rewritten.references().get(i).view(), hint, StreamSlot.allocate(allocator)));
                    }
                    replan |= fill(slots.get(i), rewritten.references().get(i), snapshot, scans, bytewiseStrings);
                }
                if (slots.isEmpty()) {
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
                return new QueryResult(this, running, running != statement, rows ? running.getResultSet() : null, scans);
            } catch (SQLException | RuntimeException e) {
                if (running != null && running != statement) {
                    running.close();
                }
                release(scans, new ArrayList<>());
                throw explain(e, snapshot, rewritten);
            }
        }

        /**
         * Moves a fresh stream of {@code reference} into {@code slot}, registering its views when
         * they are new or no longer fit; true when DuckDB must plan the statement again.
         */
        private boolean fill(Slot slot, Reference reference, CatalogSnapshot snapshot, List<Scan> scans,
                BooleanSupplier bytewiseStrings) throws SQLException {
            TableState table = snapshot.require(reference.table());
            Schema schema = catalog.schema(table, allocator);
            TableScan scan = new TableScan(table, schema, reference.columns(), Pruning.filter(reference, schema, bytewiseStrings));
            List<ScanCache.Entry> frames = new ArrayList<>();
            List<BatchSlice> slices;
            BorrowedArrayStream stream;
            try {
                slices = scan.slices(cache, frames);
                stream = BorrowedArrayStream.export(scan.schema(), slices, allocator);
            } catch (RuntimeException e) {
                frames.forEach(cache::release);
                throw e;
            }
            scans.add(new Scan(slot.stream(), stream, frames));
            slot.stream().fill(stream);
            return slot.register(scan.schema(), slices.stream().mapToLong(BatchSlice::rows).sum(), table.schemaPath());
        }

        /** A result is closed; a statement waiting for that closes now. */
        void closed(QueryResult result) throws SQLException {
            if (last == result) {
                last = null;
                if (closing) {
                    close();
                }
            }
        }

        QuerySession session() {
            return QuerySession.this;
        }

        /** The SQL DuckDB runs: table references renamed to this statement's views. */
        public String rewrittenSql() {
            return rewritten.sql();
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
                try (Statement drop = duckdb.createStatement()) {
                    for (Slot slot : slots) {
                        slot.drop(drop);
                    }
                } finally {
                    free();
                }
            }
        }

        /** Closes the DuckDB statement and frees the slots: DuckDB must no longer reach them. */
        private void free() throws SQLException {
            closed = true;
            live.remove(this);
            try {
                if (statement != null) {
                    statement.close();
                }
            } finally {
                slots.forEach(slot -> slot.stream().close());
            }
        }

        @Override
        public String toString() {
            return original;
        }
    }

    /**
     * One table reference's views: the stream's own view over {@code stream} (named after the
     * reference's view unless a row-count hint wraps it, see {@link CardinalityHints}), the schema
     * it was registered with and the rows its hint reports.
     */
    private final class Slot {
        private final String view;
        private final String streamView;
        private final StreamSlot stream;
        private Schema registered;
        private long hintedRows = -1;

        Slot(String view, boolean hint, StreamSlot stream) {
            this.view = view;
            this.streamView = hint ? view + "_stream" : view;
            this.stream = stream;
        }

        StreamSlot stream() {
            return stream;
        }

        /** Registers the views the stream in the slot needs; true when they changed. */
        boolean register(Schema schema, long rows, String schemaPath) throws SQLException {
            boolean changed = false;
            if (!schema.equals(registered)) {
                duckdb.registerArrowStream(streamView, stream.stream());
                registered = schema;
                hintedRows = -1;
                changed = true;
            }
            if (!streamView.equals(view) && rows != hintedRows) {
                try (Statement statement = duckdb.createStatement()) {
                    hints.createView(statement, view, streamView, schema.getFields().stream().map(Field::getName).toList(),
                            rows, schemaPath);
                }
                hintedRows = rows;
                changed = true;
            }
            return changed;
        }

        void drop(Statement statement) throws SQLException {
            if (registered != null) {
                statement.execute("DROP VIEW IF EXISTS " + SqlRewriter.quote(view));
                if (!streamView.equals(view)) {
                    statement.execute("DROP VIEW IF EXISTS " + SqlRewriter.quote(streamView));
                }
            }
        }
    }

    /**
     * Whether DuckDB compares strings bytewise, as pruning on string bounds assumes: true while
     * the session's default collation is unset (or binary). Asked once per execution, and only
     * when a condition on a string column could prune; when DuckDB cannot say, false.
     */
    private final class BytewiseStrings implements BooleanSupplier {
        private Boolean bytewise;

        @Override
        public boolean getAsBoolean() {
            if (bytewise == null) {
                try (Statement statement = duckdb.createStatement();
                        ResultSet setting = statement.executeQuery("SELECT current_setting('default_collation')")) {
                    String collation = setting.next() ? setting.getString(1) : null;
                    bytewise = collation != null && (collation.isEmpty() || collation.equalsIgnoreCase("binary"));
                } catch (SQLException e) {
                    bytewise = false;
                }
            }
            return bytewise;
        }
    }

    /**
     * What one execution reads through one slot: the stream moved into it and the cached frames
     * it points into, released when the result closes.
     */
    record Scan(StreamSlot slot, BorrowedArrayStream stream, List<ScanCache.Entry> frames) {}

    /** A result is closed: forget it, and tell its statement. */
    synchronized void closed(QueryResult result, Prepared statement) throws SQLException {
        open.remove(result);
        statement.closed(result);
    }

    /**
     * Empties the slots (DuckDB has let go of whatever it took from them: its result is closed),
     * then frees the streams and releases their frames.
     */
    synchronized void release(List<Scan> scans, List<Exception> failures) {
        for (Scan scan : scans) {
            try {
                scan.slot().clear();
                scan.stream().close();
            } catch (RuntimeException e) {
                failures.add(e);
            } finally {
                scan.frames().forEach(cache::release);
            }
        }
    }

    /**
     * DuckDB's message in the user's terms (view names back to table names), plus the tables
     * that exist when it could not find one, and why it could not when the statement was not
     * rewritten.
     */
    private static SQLException explain(Exception e, CatalogSnapshot snapshot, Rewritten rewritten) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        for (Reference reference : rewritten.references()) {
            message = message.replace(reference.view() + "_stream", reference.table()).replace(reference.view() + " AS ", "").replace(reference.view(), reference.table());
        }
        if (message.contains("does not exist")) {
            message += " (tables: " + (snapshot.tables().isEmpty() ? "none" : String.join(", ", snapshot.tables().keySet())) + ")";
            if (rewritten.notRewritten() != null && !snapshot.tables().isEmpty()) {
                message += "; shared tables are visible to queries DuckDB can serialize, and it cannot serialize this"
                        + " statement (" + rewritten.notRewritten() + "): write it as a SELECT, e.g. a PIVOT with an"
                        + " explicit IN list inside FROM";
            }
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
     * so no stream is released under it), then DuckDB, then the statements' slots and the
     * allocator. Safe to call from another thread while a query runs: that query then fails with
     * an SQLException.
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
                    cache.close();
                    allocator.close();
                }
            }
        }
    }
}
