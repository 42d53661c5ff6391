package io.arrowfamfs.query;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.TableImport;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The query shapes a shared table must answer, repeatedly, each checked against values computed here. */
class QuerySessionTest {
    static final NodeId MASTER = new NodeId(UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001"), "test");
    static final NodeId CLIENT = new NodeId(UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002"), "test");
    static final int FRAMES = 3;
    static final int ROWS = 10_000;
    static final long N = (long) FRAMES * ROWS;

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    BufferAllocator allocator;
    Path device;
    Volume volume;
    Catalog catalog;
    QuerySession session;

    /** events: id 0..N-1, category id % 7, value id * 0.5, name "n" + id % 10; labels: category 0..6 -> "c" + category. */
    @BeforeEach
    void publish() throws Exception {
        allocator = new RootAllocator();
        device = shm.device("dev.img");
        Mkfs.format(device, MkfsOptions.of(256L << 20, MASTER));
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog writer = Catalog.open(master)) {
            for (int f = 0; f < FRAMES; f++) {
                appendEvents(writer, (long) f * ROWS, ROWS);
            }
            try (IntVector category = new IntVector("category", allocator);
                    VarCharVector label = new VarCharVector("label", allocator);
                    VectorSchemaRoot root = VectorSchemaRoot.of(category, label);
                    FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                root.allocateNew();
                for (int c = 0; c < 7; c++) {
                    category.setSafe(c, c);
                    label.setSafe(c, ("c" + c).getBytes(StandardCharsets.UTF_8));
                }
                root.setRowCount(7);
                frame.add(root);
                writer.createOrAppend("labels", frame, allocator);
            }
        }
        volume = Volume.open(device, VolumeOptions.of(CLIENT));
        catalog = Catalog.open(volume);
        session = QuerySession.open(catalog);
    }

    void appendEvents(Catalog writer, long base, int rows) {
        try (BigIntVector id = new BigIntVector("id", allocator);
                IntVector category = new IntVector("category", allocator);
                Float8Vector value = new Float8Vector("value", allocator);
                VarCharVector name = new VarCharVector("name", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.of(id, category, value, name);
                FrameBuilder frame = new FrameBuilder(root.getSchema())) {
            for (FieldVector vector : root.getFieldVectors()) {
                vector.setInitialCapacity(rows);
            }
            root.allocateNew();
            for (int i = 0; i < rows; i++) {
                long v = base + i;
                id.set(i, v);
                category.set(i, (int) (v % 7));
                value.set(i, v * 0.5);
                name.setSafe(i, ("n" + v % 10).getBytes(StandardCharsets.UTF_8));
            }
            root.setRowCount(rows);
            frame.add(root);
            writer.createOrAppend("events", frame, allocator);
        }
    }

    @AfterEach
    void close() throws Exception {
        session.close();
        catalog.close();
        volume.close();
        allocator.close();
    }

    /** The query's rows, each as a list of its values' strings (run through the session's statement cache). */
    List<List<String>> rows(String sql) throws SQLException {
        try (QueryResult result = session.execute(sql)) {
            return rows(result);
        }
    }

    static List<List<String>> rows(QuerySession.Prepared prepared, Object... parameters) throws SQLException {
        try (QueryResult result = prepared.execute(parameters)) {
            return rows(result);
        }
    }

    static List<List<String>> rows(QueryResult result) throws SQLException {
        return rows(result.resultSet());
    }

    static List<List<String>> rows(ResultSet rs) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                row.add(rs.getString(c));
            }
            rows.add(row);
        }
        return rows;
    }

    /** How many views this session's DuckDB holds for shared tables: two per table reference (its own and its stream's). */
    long views() throws SQLException {
        try (Statement statement = session.duckdb().createStatement();
                ResultSet count = statement.executeQuery(
                        "SELECT count(*) FROM duckdb_views() WHERE view_name LIKE '\\_\\_af%' ESCAPE '\\'")) {
            count.next();
            return count.getLong(1);
        }
    }

    static String sumOfIds(long n) {
        return Long.toString(n * (n - 1) / 2);
    }

    @Test
    void aggregatesAndRepeatedExecution() throws SQLException {
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(List.of(Long.toString(N), sumOfIds(N))), rows("SELECT count(*), sum(id) FROM events"));
        }
        assertEquals(List.of(List.of("4286")), rows("SELECT count(*) FROM events WHERE category = 3"));
        assertEquals(
                List.of(List.of("n3", "3000")),
                rows("SELECT name, count(*) FROM events GROUP BY name HAVING name = 'n3'"));
    }

    @Test
    void preparedStatementsRunAgainWithNewParameters() throws SQLException {
        long before = views();
        try (QuerySession.Prepared prepared = session.prepare("SELECT count(*) FROM events WHERE id < ?")) {
            for (long limit : new long[] {10, 12_345, N}) {
                assertEquals(List.of(List.of(Long.toString(limit))), rows(prepared, limit));
            }
            assertEquals(before + 2, views(), "one view and its stream's, registered once, read by every execution");
            QueryResult open = prepared.execute(5L);
            prepared.close();
            assertEquals(before + 2, views(), "closing waits for the open result");
            SQLException closed = assertThrows(SQLException.class, () -> prepared.execute(6L));
            assertTrue(
                    closed.getMessage().startsWith("statement execute failed: state=closed sql="), closed.getMessage());
            assertTrue(open.resultSet().isClosed(), "executing closed the previous result");
        }
        assertEquals(before, views(), "closing the statement drops its view");
    }

    /**
     * Each execution reads the catalog once: the statement cache is checked against, and the
     * statement runs on, the same snapshot, so a table created or dropped in between cannot
     * make the two disagree.
     */
    @Test
    void eachExecutionReadsOneSnapshot() throws SQLException {
        String sql = "SELECT count(*) FROM events";
        long before = session.refreshes();
        try (QueryResult first = session.execute(sql)) {
            assertEquals(before + 1, session.refreshes(), "a new statement");
            try (QueryResult again = session.execute(sql)) {
                assertEquals(before + 2, session.refreshes(), "a one-off: the cached statement's result is open");
            }
        }
        try (QueryResult cached = session.execute(sql)) {
            assertEquals(before + 3, session.refreshes(), "the cached statement");
        }
        try (QuerySession.Prepared prepared = session.prepare("SELECT count(*) FROM events WHERE id < ?")) {
            assertEquals(before + 4, session.refreshes(), "prepare reads the tables' names");
            try (QueryResult run = prepared.execute(10L)) {
                assertEquals(before + 5, session.refreshes(), "each execution of a prepared statement");
            }
        }
        session.copyToNative("labels", "labels_copy");
        assertEquals(before + 6, session.refreshes(), "a copy");
    }

    @Test
    void aQueryRunAgainSeesNewFramesAndNewRowCounts() throws Exception {
        String join = "SELECT count(*) FROM events JOIN labels USING (category)";
        assertEquals(List.of(List.of(Long.toString(N))), rows(join));
        assertEquals(List.of(List.of(Long.toString(N))), rows("SELECT count(*) FROM events"));
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog writer = Catalog.open(master)) {
            appendEvents(writer, N, ROWS);
        }
        assertEquals(List.of(List.of(Long.toString(N + ROWS))), rows(join));
        assertEquals(List.of(List.of(Long.toString(N + ROWS))), rows("SELECT count(*) FROM events"));
        String plan = rows("EXPLAIN " + join).toString();
        assertTrue(
                plan.contains("~" + String.format("%,d", N + ROWS) + " rows"), "the hint follows the table: " + plan);
    }

    @Test
    void theSameQueryOpenTwiceReadsTwoStreams() throws SQLException {
        String sql = "SELECT id FROM events";
        assertEquals(N, rows(sql).size());
        long cached = views();
        try (QueryResult first = session.execute(sql);
                QueryResult second = session.execute(sql)) {
            assertEquals(N, rows(second).size());
            assertEquals(N, rows(first).size());
            assertEquals(cached + 2, views(), "the second, while the first is open, reads views of its own");
        }
        assertEquals(cached, views(), "which go once it is closed");
        assertEquals(N, rows(sql).size());
    }

    @Test
    void aViewWhoseResultIsClosedFailsCleanlyInsteadOfReadingFreedMemory() throws SQLException {
        try (QuerySession.Prepared prepared = session.prepare("SELECT sum(id) FROM events")) {
            assertEquals(List.of(List.of(sumOfIds(N))), rows(prepared));
            Matcher view = Pattern.compile("__af\\d+_\\d+_0").matcher(prepared.rewrittenSql());
            assertTrue(view.find(), prepared.rewrittenSql());
            for (int i = 0; i < 2; i++) {
                try (Statement statement = session.duckdb().createStatement()) {
                    SQLException released = assertThrows(
                            SQLException.class, () -> statement.executeQuery("SELECT sum(id) FROM " + view.group()));
                    assertTrue(released.getMessage().contains("released"), released.getMessage());
                }
            }
            assertEquals(List.of(List.of(sumOfIds(N))), rows(prepared), "and the statement still runs");
        }
    }

    @Test
    void theStatementCacheIsBounded() throws SQLException {
        long before = views();
        for (int i = 0; i < QuerySession.STATEMENT_CACHE + 10; i++) {
            assertEquals(List.of(List.of(Long.toString(i))), rows("SELECT count(*) FROM events WHERE id < " + i));
        }
        assertEquals(before + 2 * QuerySession.STATEMENT_CACHE, views(), "evicted statements drop their views");
    }

    @Test
    void aTableReplacedWithAnotherSchemaIsReadWithTheNewOne() throws Exception {
        String sql = "SELECT * FROM labels ORDER BY category LIMIT 1";
        assertEquals(List.of(List.of("0", "c0")), rows(sql));
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog writer = Catalog.open(master);
                IntVector category = new IntVector("category", allocator);
                VarCharVector label = new VarCharVector("label", allocator);
                Float8Vector weight = new Float8Vector("weight", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.of(category, label, weight);
                FrameBuilder frame = new FrameBuilder(root.getSchema())) {
            root.allocateNew();
            category.setSafe(0, 5);
            label.setSafe(0, "five".getBytes(StandardCharsets.UTF_8));
            weight.setSafe(0, 2.5);
            root.setRowCount(1);
            frame.add(root);
            writer.drop("labels");
            writer.createOrAppend("labels", frame, allocator);
        }
        assertEquals(List.of(List.of("5", "five", "2.5")), rows(sql));
    }

    @Test
    void selfJoinUnionAllSubqueryAndCteReadTheTableTwice() throws SQLException {
        assertEquals(
                List.of(List.of(Long.toString(N - 1))),
                rows("SELECT count(*) FROM events a JOIN events b ON a.id + 1 = b.id"));
        assertEquals(
                List.of(List.of(Long.toString(2 * N))),
                rows("SELECT count(*) FROM (SELECT id FROM events UNION ALL SELECT id FROM events)"));
        assertEquals(
                List.of(List.of("10")),
                rows("SELECT count(*) FROM events WHERE id IN (SELECT id * 1000 FROM events WHERE id < 10)"));
        assertEquals(
                List.of(List.of(Long.toString(N), Long.toString(N))),
                rows("WITH e AS (SELECT id FROM events) SELECT (SELECT count(*) FROM e), (SELECT count(*) FROM e)"));
    }

    @Test
    void windowsJoinsAcrossTablesAndQualifiedNames() throws SQLException {
        assertEquals(
                List.of(List.of("2", "1.0")),
                rows("SELECT id, avg(value) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM events "
                        + "QUALIFY id = 2"));
        assertEquals(
                List.of(List.of("c3", "4286")),
                rows("SELECT l.label, count(*) FROM events e JOIN labels l ON e.category = l.category "
                        + "WHERE l.label = 'c3' GROUP BY l.label"));
        assertEquals(List.of(List.of("7")), rows("SELECT max(events.category) + 1 FROM events"));
        assertEquals(List.of(List.of("7")), rows("SELECT count(*) FROM arrow_famfs.labels"));
    }

    /** Shapes DuckDB allows that a rewrite could get wrong; each is compared with DuckDB's own answer. */
    static final List<String> UNUSUAL_SHAPES = List.of(
            "SELECT * FROM events PIVOT (count(*) FOR category IN (0, 1, 2) GROUP BY name) ORDER BY name",
            "DESCRIBE events",
            "UNPIVOT (SELECT id, category FROM events WHERE id < 3) ON category INTO NAME k VALUE v ORDER BY id",
            "FROM events SELECT count(*), sum(id)",
            "FROM events WHERE id BETWEEN 5 AND 7 ORDER BY id",
            "SELECT events.id, events.name FROM events WHERE id < 3 ORDER BY 1",
            "SELECT events FROM events WHERE id < 2 ORDER BY id",
            "SELECT e FROM events e WHERE id = 4",
            "SELECT a, b FROM events AS e(a, b) WHERE a < 3 ORDER BY a",
            "SELECT #4, #2 FROM events WHERE id < 3 ORDER BY #1",
            "SELECT * EXCLUDE (value) FROM events WHERE id < 3 ORDER BY id",
            "SELECT COLUMNS('^(id|name)$') FROM events WHERE id < 3 ORDER BY id",
            "SELECT name, count(*) FROM events GROUP BY ALL ORDER BY ALL",
            "SELECT id, sum(value) OVER w FROM events WHERE id < 4 WINDOW w AS (ORDER BY id) ORDER BY id",
            "SELECT id FROM events WHERE id < 3 UNION BY NAME SELECT category AS id FROM labels ORDER BY id",
            "SELECT * FROM events NATURAL JOIN labels WHERE id < 4 ORDER BY id",
            "SELECT (SELECT max(id) FROM events) - (SELECT min(id) FROM \"events\")",
            "SELECT count(*) FROM events, LATERAL (SELECT label FROM labels WHERE labels.category = events.category)",
            "SELECT 'naïve ☃', count(*) FROM EVENTS WHERE name = 'n3'",
            "SELECT count(*) FROM events /* events */ JOIN labels USING (category) -- labels",
            "SELECT * FROM events WHERE id IN (SELECT category FROM labels) ORDER BY id",
            "SELECT l.label, (SELECT count(*) FROM events WHERE category = l.category AND id < 100) FROM labels l "
                    + "ORDER BY 1",
            "SELECT count(*) FROM events WHERE 100 > id AND id >= 50 AND name = 'n3'",
            "SELECT count(*) FROM events WHERE id IN (1, 2, NULL) OR id = 1e3",
            "SELECT count(*), sum(id) FROM events WHERE id = 1e3 OR category = 3.0",
            "SELECT count(*) FROM events WHERE id = 12345e0 AND value BETWEEN 6000 AND 7000.5",
            "SELECT count(*) FROM events WHERE name < 'n5' AND name IS NOT NULL",
            "SELECT id AS category FROM events WHERE category = 3 AND id < 30 ORDER BY 1",
            "SELECT id * 2 AS x FROM events WHERE x = 10");

    @Test
    void unusualShapesAnswerAsOnNativeTables() throws SQLException {
        assertUnusualShapes();
    }

    /**
     * The same shapes over the same rows published through import, which stores {@code name} (10
     * values) and {@code label} (7) as dictionary codes.
     */
    @Test
    void unusualShapesAnswerOnDictionaryEncodedTables() throws Exception {
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog writer = Catalog.open(master);
                Connection source = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = source.createStatement()) {
            for (String table : List.of("events", "labels")) {
                writer.drop(table);
            }
            for (String[] table : List.of(
                    new String[] {
                        "events",
                        "SELECT id, (id % 7)::INTEGER AS category, (id * 0.5)::DOUBLE AS value,"
                                + " 'n' || (id % 10) AS name FROM range(" + N + ") t(id)"
                    },
                    new String[] {"labels", "SELECT c::INTEGER AS category, 'c' || c AS label FROM range(7) t(c)"})) {
                try (ResultSet rows = statement.executeQuery(table[1]);
                        ArrowReader reader =
                                (ArrowReader) rows.unwrap(DuckDBResultSet.class).arrowExportStream(allocator, ROWS)) {
                    TableImport.run(
                            writer,
                            table[0],
                            reader,
                            allocator,
                            ROWS,
                            TableImport.DEFAULT_DICTIONARY_THRESHOLD,
                            n -> {});
                }
            }
            assertNotNull(writer.schema(writer.snapshot().require("events"), allocator)
                    .findField("name")
                    .getDictionary());
        }
        assertUnusualShapes();
    }

    private void assertUnusualShapes() throws SQLException {
        long n = (long) FRAMES * ROWS;
        try (Connection reference = DriverManager.getConnection("jdbc:duckdb:");
                Statement setup = reference.createStatement()) {
            setup.execute(
                    "CREATE TABLE events AS SELECT id, (id % 7)::INTEGER AS category, (id * 0.5)::DOUBLE AS value, "
                            + "'n' || (id % 10) AS name FROM range(" + n + ") t(id)");
            setup.execute("CREATE TABLE labels AS SELECT c::INTEGER AS category, 'c' || c AS label FROM range(7) t(c)");
            for (String sql : UNUSUAL_SHAPES) {
                List<List<String>> expected;
                try (Statement statement = reference.createStatement();
                        ResultSet rs = statement.executeQuery(sql)) {
                    expected = rows(rs);
                }
                assertEquals(expected, assertDoesNotThrow(() -> rows(sql), sql), sql);
            }
        }
    }

    @Test
    void aQuerySeesOneSnapshotWhileFramesAreAppended() throws Exception {
        try (QueryResult result = session.execute("SELECT id FROM events")) {
            try (Volume master = Volume.open(volume.path(), VolumeOptions.of(MASTER));
                    Catalog writer = Catalog.open(master)) {
                appendEvents(writer, N, ROWS);
            }
            long count = 0;
            while (result.resultSet().next()) {
                count++;
            }
            assertEquals(N, count, "the frame appended during the scan is not part of it");
        }
        assertEquals(
                List.of(List.of(Long.toString(N + ROWS))),
                rows("SELECT count(*) FROM events"),
                "the next query sees it");
    }

    @Test
    void errorsAreSqlExceptionsAndTheSessionStaysUsable() throws SQLException {
        SQLException unknown = assertThrows(SQLException.class, () -> rows("SELECT * FROM nope"));
        assertTrue(
                unknown.getMessage().contains("nope") && unknown.getMessage().contains("(tables: events, labels)"),
                unknown.getMessage());
        SQLException syntax = assertThrows(SQLException.class, () -> rows("SELEC 1"));
        assertTrue(syntax.getMessage().toLowerCase().contains("syntax"), syntax.getMessage());
        SQLException bad = assertThrows(SQLException.class, () -> rows("SELECT no_such_column FROM events"));
        assertTrue(bad.getMessage().contains("no_such_column"), bad.getMessage());
        SQLException pivot = assertThrows(SQLException.class, () -> rows("PIVOT events ON category USING count(*)"));
        assertTrue(
                pivot.getMessage().contains("cannot serialize this statement")
                        && !unknown.getMessage().contains("serialize"),
                pivot.getMessage());
        assertEquals(List.of(List.of(Long.toString(N))), rows("SELECT count(*) FROM events"));
    }

    /** Rows of the query, and the bytes its streams scanned to produce them. */
    record Scan(List<List<String>> rows, long bytes) {}

    Scan scan(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (QueryResult result = session.execute(sql)) {
            ResultSet rs = result.resultSet();
            while (rs.next()) {
                rows.add(List.of(rs.getString(1)));
            }
            return new Scan(rows, result.bytesScanned());
        }
    }

    @Test
    void pruningSkipsBatchesButNeverChangesAnAnswer() throws SQLException {
        Object[][] cases = {
            {"id BETWEEN 12000 AND 12999", 1000L, true},
            {"id = 25000", 1L, true},
            {"id < 10", 10L, true},
            {"id <= 9999", 10000L, true},
            {"id > 29990", 9L, true},
            {"id >= 20000", 10000L, true},
            {"5000 > id", 5000L, true},
            {"id IN (3, 29999)", 2L, true},
            {"id IN (15000, 15001)", 2L, true},
            {"id < 100.5", 101L, true},
            {"value > 14999.5", 0L, true},
            {"value >= 14999.5", 1L, true},
            {"category IS NULL", 0L, true},
            {"category IS NOT NULL", N, false},
            {"id <> 25000", N - 1, false},
            {"name = 'n3'", 3000L, false},
            {"name = 'zzz'", 0L, true},
            {"id > 12000 OR id < 5", 17999L + 5, false},
            {"id + 0 = 25000", 1L, false},
        };
        for (Object[] c : cases) {
            Scan scan = scan("SELECT count(id) FROM events WHERE " + c[0]);
            long expected = (Long) c[1];
            assertEquals(List.of(List.of(Long.toString(expected))), scan.rows(), (String) c[0]);
            // the same columns with a condition that cannot prune: the bytes of a full scan
            long all = scan("SELECT count(id) FROM events WHERE (" + c[0] + ") OR id >= 0")
                    .bytes();
            if ((Boolean) c[2]) {
                assertTrue(scan.bytes() < all, c[0] + ": pruned " + scan.bytes() + " of " + all);
            } else {
                assertEquals(all, scan.bytes(), c[0] + ": must not prune");
            }
        }
        assertEquals(
                List.of(List.of("1000")),
                scan("SELECT count(*) FROM events e JOIN labels l ON e.category = l.category WHERE e.id BETWEEN 100 AND 1099")
                        .rows(),
                "joins keep every batch, and the answer");
    }

    /**
     * DuckDB compares a float column with 0.1 as the float nearest 0.1, and a bigint with a
     * double after rounding the bigint to a double: batch bounds must be compared the same way.
     */
    @Test
    void pruningComparesNumbersTheWayDuckDbDoes() throws Exception {
        long big = (1L << 53) + 1;
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog writer = Catalog.open(master);
                Float8Vector d = new Float8Vector("d", allocator);
                Float4Vector f = new Float4Vector("f", allocator);
                BigIntVector b = new BigIntVector("b", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.of(d, f, b);
                FrameBuilder frame = new FrameBuilder(root.getSchema())) {
            root.allocateNew();
            d.setSafe(0, 0.1);
            f.setSafe(0, 0.1f);
            b.setSafe(0, big);
            root.setRowCount(1);
            frame.add(root);
            writer.createOrAppend("numbers", frame, allocator);
        }
        for (String condition : List.of(
                "d = 0.1",
                "d >= 0.1",
                "d <= 0.1",
                "d BETWEEN 0.1 AND 0.2",
                "d IN (0.1, 0.3)",
                "f = 0.1",
                "f >= 0.1",
                "f = 0.1::FLOAT",
                "f <= 1e-1",
                "b = 9007199254740992e0",
                "b <= 9007199254740992e0",
                "b IN (9007199254740992e0, 1)",
                "b = 9007199254740992.0",
                "b > 9007199254740992",
                "b <> 9007199254740992e0",
                "b <> 9007199254740992",
                "d <> 0.1",
                "f <> 0.1",
                "b IS NOT NULL")) {
            String sql = "SELECT count(*) FROM numbers WHERE " + condition;
            String expected;
            try (Statement statement = session.duckdb().createStatement();
                    ResultSet rs =
                            statement.executeQuery("SELECT count(*) FROM (SELECT 0.1::DOUBLE AS d, 0.1::FLOAT AS f, "
                                    + big + "::BIGINT AS b) WHERE " + condition)) {
                rs.next();
                expected = rs.getString(1);
            }
            assertEquals(List.of(List.of(expected)), rows(sql), condition);
        }
        assertEquals(
                0,
                scan("SELECT count(*) FROM numbers WHERE b <> 9007199254740992e0")
                        .bytes(),
                "as a double b is 2^53: <> rules out its only batch");
        assertTrue(
                scan("SELECT count(*) FROM numbers WHERE b <> 9007199254740992").bytes() > 0, "exactly, it is not");
    }

    @Test
    void aDefaultCollationStopsPruningOnStrings() throws SQLException {
        try (Statement statement = session.duckdb().createStatement()) {
            statement.execute("SET default_collation = 'nocase'");
        }
        Scan scan = scan("SELECT count(id) FROM events WHERE name = 'N3'");
        assertEquals(List.of(List.of("3000")), scan.rows(), "'N3' equals 'n3' under NOCASE");
        assertEquals(List.of(List.of("3000")), rows("SELECT count(*) FROM events WHERE name IN ('ZZZ', 'N7')"));
        assertEquals(
                List.of(List.of("1")), rows("SELECT count(*) FROM events WHERE id = 25000"), "numbers still prune");
    }

    @Test
    void onlyReferencedColumnsAreScanned() throws SQLException {
        long everything = scan("SELECT count(*) FROM (SELECT * FROM events)").bytes();
        long ids = scan("SELECT sum(id) FROM events").bytes();
        long names = scan("SELECT count(name) FROM events").bytes();
        assertTrue(ids < everything / 2, ids + " vs " + everything);
        assertTrue(names < everything, names + " vs " + everything);
        assertEquals(
                List.of(List.of(Long.toString(N))),
                scan("SELECT count(*) FROM events").rows());
        assertEquals(
                List.of(List.of("n9")),
                scan("SELECT max(e.name) FROM events AS e").rows());
    }

    @Test
    void sessionsInSeveralThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<List<String>>>> answers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                answers.add(pool.submit(() -> {
                    try (QuerySession own = QuerySession.open(catalog)) {
                        List<List<String>> last = null;
                        for (int i = 0; i < 5; i++) {
                            try (QueryResult result = own.execute("SELECT count(*), sum(id) FROM events")) {
                                last = rows(result);
                            }
                        }
                        return last;
                    }
                }));
            }
            for (Future<List<List<String>>> answer : answers) {
                assertEquals(List.of(List.of(Long.toString(N), sumOfIds(N))), answer.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void framesStayAttachedBetweenQueriesUntilTheirTableIsDropped() throws SQLException {
        long before = MappedRegion.liveSlices();
        long mappings = MappedRegion.liveMappings();
        assertEquals(
                List.of(List.of(Long.toString(N))), rows("SELECT count(*) FROM events JOIN labels USING (category)"));
        long attached = MappedRegion.liveSlices() - before;
        assertEquals(FRAMES + 1, attached, "every frame of both tables stays attached for the next query");
        assertTrue(
                MappedRegion.liveMappings() - mappings <= 4,
                "all of them in one mapping of their pool, besides what the first read maps to pin them:"
                        + " the host table, the pin table, the catalog's count");
        rows("SELECT count(*) FROM events JOIN labels USING (category)");
        assertEquals(attached, MappedRegion.liveSlices() - before, "the next query attaches nothing new");
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog writer = Catalog.open(master)) {
            writer.drop("labels");
        }
        rows("SELECT count(*) FROM events");
        assertEquals(FRAMES, MappedRegion.liveSlices() - before, "the dropped table's frame is released");
        assertThrows(SQLException.class, () -> rows("SELECT count(*) FROM labels"));
    }

    @Test
    void explainShowsTheScansOfSharedTables() throws SQLException {
        String plan =
                rows("EXPLAIN ANALYZE SELECT count(*) FROM events WHERE id < 5").toString();
        assertTrue(plan.contains("ARROW_SCAN"), plan);
        assertTrue(rows("explain SELECT sum(value) FROM events").toString().contains("ARROW_SCAN"));
    }

    @Test
    void nestedColumnsAndNullsComeThroughTheNativeStream() throws Exception {
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog writer = Catalog.open(master);
                Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckdb.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT i AS id, CASE WHEN i % 3 = 0 THEN NULL ELSE 'x' || i END AS name, "
                                + "CASE WHEN i % 5 = 0 THEN NULL ELSE [i, i + 1][1:(i % 3)] END AS tags, "
                                + "{'x': i * 2, 'label': 'p' || (i % 4)} AS point FROM range(5000) t(i)");
                ArrowReader reader =
                        (ArrowReader) rows.unwrap(DuckDBResultSet.class).arrowExportStream(allocator, 1024)) {
            TableImport.run(
                    writer, "nested", reader, allocator, 2048, TableImport.DEFAULT_DICTIONARY_THRESHOLD, n -> {});
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(
                    List.of(List.of("5000", "3333", "4000", "24995000")),
                    rows("SELECT count(*), count(name), count(tags), sum(point.x) FROM nested"));
            assertEquals(
                    List.of(List.of("4", "x4", "[4]", "p0")),
                    rows("SELECT id, name, tags, point.label FROM nested WHERE id = 4"));
            assertEquals(
                    List.of(List.of("2", "x2", "[2, 3]", "4")),
                    rows("SELECT id, name, tags, point.x FROM nested WHERE id BETWEEN 2 AND 2"));
            assertEquals(
                    List.of(List.of("4002", "[]", "true")),
                    rows("SELECT id, tags, name IS NULL FROM nested WHERE id = 4002"));
        }
    }

    @Test
    void queriesOverSeveralTablesTellThePlannerTheirRowCounts() throws SQLException {
        String plan = rows("EXPLAIN SELECT label, count(*) FROM events JOIN labels USING (category) GROUP BY label")
                .toString();
        assertTrue(
                plan.contains("~" + String.format("%,d", N) + " rows")
                        || plan.contains("~" + String.format("%,d", N + 1) + " rows"),
                plan);
        assertTrue(plan.contains("~7 rows") || plan.contains("~8 rows"), plan);
        assertEquals(
                List.of(List.of(
                        "c3",
                        Long.toString(
                                LongStream.range(0, N).filter(v -> v % 7 == 3).count()))),
                rows(
                        "SELECT label, count(*) FROM labels JOIN events USING (category) WHERE label = 'c3' GROUP BY label"));
        SQLException unknown =
                assertThrows(SQLException.class, () -> rows("SELECT nope FROM events JOIN labels USING (category)"));
        assertFalse(unknown.getMessage().contains("__af"), unknown.getMessage());
    }

    @Test
    void batchesCutIntoSlicesGiveTheSameAnswers() throws Exception {
        int rows = 300_000; // one batch, exported as three slices (StreamExporter.DUCKDB_SLICES)
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog writer = Catalog.open(master);
                Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckdb.createStatement();
                ResultSet source =
                        statement.executeQuery("SELECT i AS id, CASE WHEN i % 4 = 0 THEN NULL ELSE 's' || i END AS s, "
                                + "[i, i][1:(i % 3)] AS l FROM range(" + rows + ") t(i)");
                ArrowReader reader =
                        (ArrowReader) source.unwrap(DuckDBResultSet.class).arrowExportStream(allocator, rows)) {
            TableImport.run(writer, "wide", reader, allocator, rows, TableImport.DEFAULT_DICTIONARY_THRESHOLD, n -> {});
        }
        String expected = "[[" + rows + ", " + sumOfIds(rows) + ", " + (rows - rows / 4) + ", s99999, "
                + LongStream.range(0, rows).map(i -> i % 3).sum() + "]]";
        for (int i = 0; i < 2; i++) {
            assertEquals(
                    expected,
                    rows("SELECT count(*), sum(id), count(s), max(s), sum(len(l)) FROM wide")
                            .toString());
            assertEquals(
                    "[[122879, s122879, [122879, 122879]], [122880, null, []], [122881, s122881, [122881]]]",
                    rows("SELECT id, s, l FROM wide WHERE id BETWEEN 122879 AND 122881 ORDER BY id")
                            .toString(),
                    "the rows either side of the first slice boundary");
            assertEquals(
                    "[[245761, s245761, [245761]]]",
                    rows("SELECT id, s, l FROM wide WHERE id = 245761").toString());
            long all = scan("SELECT sum(id) FROM wide").bytes();
            Scan zone = scan("SELECT sum(id) FROM wide WHERE id BETWEEN 130000 AND 140000");
            assertEquals(
                    List.of(List.of(
                            Long.toString(LongStream.rangeClosed(130000, 140000).sum()))),
                    zone.rows());
            assertTrue(
                    zone.bytes() * 2 < all,
                    "zone statistics skip the slices the range misses: " + zone.bytes() + " of " + all);
        }
    }
}
