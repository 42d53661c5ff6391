package io.arrowfamfs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.TableImport;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shared tables on a scratch volume of each test, filled from SQL run in a DuckDB of their own,
 * and read two ways with the same SQL: through a {@link QuerySession} (with the rewrites that rest
 * on frame statistics) and by DuckDB alone over native copies of the same rows (without them).
 * Register with {@code @RegisterExtension}; after each test it closes the session, the volume and
 * the allocator, whose close fails the test if a buffer leaked.
 */
final class ComparedTables implements BeforeEachCallback, AfterEachCallback {
    /** What a query gave: its column names and rows (as strings), and the SQL DuckDB ran. */
    record Answer(List<String> columns, List<List<String>> rows, String sql) {}

    private final ShmDir shm = new ShmDir();
    private final Set<String> tables = new TreeSet<>();
    private Path device;
    private BufferAllocator allocator;
    private Connection source;
    private Volume volume;
    private Catalog catalog;
    private QuerySession session;

    /** Formats a scratch device and opens a session on it as a client node. */
    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        shm.beforeEach(context);
        device = shm.device("dev.img");
        Mkfs.format(device, MkfsOptions.of(256L << 20, QuerySessionTest.MASTER));
        allocator = new RootAllocator();
        source = DriverManager.getConnection("jdbc:duckdb:");
        volume = Volume.open(device, VolumeOptions.of(QuerySessionTest.CLIENT));
        catalog = Catalog.open(volume);
        session = QuerySession.open(catalog);
    }

    /** Appends to {@code table} (created if missing) one frame of the rows {@code select} gives, in batches of {@code batchRows}. */
    void append(String table, String select, int batchRows) throws Exception {
        append(table, select, batchRows, TableImport.DEFAULT_DICTIONARY_THRESHOLD);
    }

    /** As {@link #append(String, String, int)}, a new table encoding string columns of at most {@code threshold} distinct values. */
    void append(String table, String select, int batchRows, int threshold) throws Exception {
        try (Volume master = Volume.open(device, VolumeOptions.of(QuerySessionTest.MASTER));
                Catalog writer = Catalog.open(master);
                Statement statement = source.createStatement();
                ResultSet rows = statement.executeQuery(select);
                ArrowReader reader =
                        (ArrowReader) rows.unwrap(DuckDBResultSet.class).arrowExportStream(allocator, batchRows)) {
            TableImport.run(writer, table, reader, allocator, batchRows, threshold, n -> {});
        }
        tables.add(table);
    }

    /** Runs {@code steps} with the device's master catalog, as another writer would. */
    void asMaster(Consumer<Catalog> steps) {
        try (Volume master = Volume.open(device, VolumeOptions.of(QuerySessionTest.MASTER));
                Catalog writer = Catalog.open(master)) {
            steps.accept(writer);
        }
    }

    /** The catalog the session reads. */
    Catalog catalog() {
        return catalog;
    }

    /** The allocator of the test. */
    BufferAllocator allocator() {
        return allocator;
    }

    /** The session the shared tables are read through. */
    QuerySession session() {
        return session;
    }

    /** Runs {@code sql} (SET ...) on the session's DuckDB. */
    void set(String sql) throws SQLException {
        try (Statement statement = session.duckdb().createStatement()) {
            statement.execute(sql);
        }
    }

    /** {@code sql} over the shared tables, prepared once for this run. */
    Answer shared(String sql) throws SQLException {
        try (QuerySession.Prepared prepared = session.prepare(sql)) {
            return run(prepared);
        }
    }

    /** One execution of {@code prepared}. */
    static Answer run(QuerySession.Prepared prepared) throws SQLException {
        try (QueryResult result = prepared.execute()) {
            return answer(result.resultSet(), prepared.rewrittenSql());
        }
    }

    /** {@code sql} run by DuckDB alone over native copies of the tables as they are now. */
    Answer copied(String sql) throws SQLException {
        for (String table : tables) {
            session.copyToNative(table, table);
        }
        try (Statement statement = session.duckdb().createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return answer(rows, sql);
        }
    }

    /** Asserts that {@code sql} gives the same columns and rows both ways; the answer over the shared tables. */
    Answer assertSameAnswer(String sql) throws SQLException {
        Answer shared = shared(sql);
        assertSameAnswer(copied(sql), shared);
        return shared;
    }

    /** Asserts that {@code shared} has {@code copied}'s columns and rows (in order when its SQL orders them). */
    static void assertSameAnswer(Answer copied, Answer shared) {
        assertEquals(copied.columns(), shared.columns(), shared.sql());
        List<List<String>> expected = copied.rows();
        List<List<String>> actual = shared.rows();
        if (!copied.sql().toUpperCase(Locale.ROOT).contains("ORDER BY")) {
            expected = sorted(expected);
            actual = sorted(actual);
        }
        assertEquals(expected, actual, shared.sql());
    }

    /** DuckDB's plan for {@code sql} over the shared tables. */
    String plan(String sql) throws SQLException {
        return String.join(
                "\n",
                shared("EXPLAIN " + sql).rows().stream()
                        .map(row -> String.join(" ", row))
                        .toList());
    }

    private static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> a.toString().compareTo(b.toString()));
        return sorted;
    }

    /** The columns and rows of {@code rows}, the result of {@code sql}. */
    static Answer answer(ResultSet rows, String sql) throws SQLException {
        List<String> columns = new ArrayList<>();
        for (int c = 1; c <= rows.getMetaData().getColumnCount(); c++) {
            columns.add(rows.getMetaData().getColumnLabel(c));
        }
        List<List<String>> values = new ArrayList<>();
        while (rows.next()) {
            List<String> row = new ArrayList<>();
            for (int c = 1; c <= columns.size(); c++) {
                row.add(rows.getString(c));
            }
            values.add(row);
        }
        return new Answer(columns, values, sql);
    }

    /** Closes the session, the volume, the DuckDB rows came from and the allocator, then removes the device. */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            session.close();
        } finally {
            try {
                catalog.close();
                volume.close();
            } finally {
                try {
                    source.close();
                } finally {
                    try {
                        allocator.close();
                    } finally {
                        tables.clear();
                        shm.afterEach(context);
                    }
                }
            }
        }
    }
}
