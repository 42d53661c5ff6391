package io.arrowfamfs.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.query.QuerySession;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a plain JDBC client does: find the driver by URL, list metadata, query, re-query. */
class JdbcDriverTest {
    @RegisterExtension
    final ShmDir shm = new ShmDir();

    String device;

    @BeforeEach
    void tables() throws Exception {
        device = TestDevices.withTables(
                shm,
                Map.of(
                        "people", "name,age,city\nada,36,london\ngrace,45,nyc\nlinus,28,helsinki\nbarbara,50,nyc\n",
                        "cities", "city,country\nlondon,uk\nnyc,us\nhelsinki,fi\n"));
    }

    private Connection connect(String node) throws SQLException {
        return DriverManager.getConnection("jdbc:arrow-famfs:" + device + "?node-id=" + node);
    }

    static List<String> column(ResultSet rows, int column) throws SQLException {
        List<String> values = new ArrayList<>();
        while (rows.next()) {
            values.add(rows.getString(column));
        }
        return values;
    }

    static List<String> tablesOf(ResultSet tables) throws SQLException {
        List<String> names = new ArrayList<>();
        while (tables.next()) {
            names.add(tables.getString("TABLE_SCHEM") + "." + tables.getString("TABLE_NAME"));
        }
        return names.stream().sorted().toList();
    }

    @Test
    void metadataListsTablesAndColumnsWithTypes() throws SQLException {
        try (Connection connection = connect(TestDevices.CLIENT)) {
            DatabaseMetaData meta = connection.getMetaData();
            try (ResultSet tables = meta.getTables(null, "arrow_famfs", "%", null)) {
                assertEquals(
                        List.of("cities", "people"),
                        column(tables, 3).stream().sorted().toList());
            }
            try (Statement statement = connection.createStatement()) {
                column(statement.executeQuery("SELECT count(*) FROM people JOIN cities USING (city)"), 1);
            }
            try (ResultSet tables = meta.getTables(null, null, "%", null)) {
                assertEquals(
                        List.of("arrow_famfs.cities", "arrow_famfs.people"),
                        tablesOf(tables).stream()
                                .filter(name -> !name.matches(
                                        "(information_schema|pg_catalog)\\..*|main\\.(duckdb|sqlite|pragma)_.*"))
                                .toList(),
                        "DuckDB's system views aside, a tool sees the shared tables and nothing behind them");
            }
            try (ResultSet columns = meta.getColumns(null, null, "%", "%")) {
                assertFalse(column(columns, 3).stream().anyMatch(QuerySession::isInternal));
            }
            assertSame(
                    connection,
                    meta.getConnection(),
                    "SQL a tool runs through the metadata's connection is rewritten too");
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = meta.getColumns(null, "arrow_famfs", "people", "%")) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME"));
                }
            }
            assertEquals(List.of("name VARCHAR", "age BIGINT", "city VARCHAR"), columns);
        }
    }

    @Test
    void statementsAndPreparedStatementsRunRepeatedly() throws SQLException {
        try (Connection connection = connect(TestDevices.CLIENT);
                Statement statement = connection.createStatement()) {
            for (int i = 0; i < 3; i++) {
                try (ResultSet rows = statement.executeQuery("SELECT name FROM people ORDER BY age")) {
                    assertEquals(List.of("linus", "ada", "grace", "barbara"), column(rows, 1));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT p.name, c.country FROM people p JOIN cities c "
                    + "ON p.city = c.city JOIN people q ON q.city = p.city AND q.name <> p.name ORDER BY 1")) {
                assertEquals(List.of("barbara", "grace"), column(rows, 1));
            }
            try (PreparedStatement older = connection.prepareStatement("SELECT count(*) FROM people WHERE age > ?")) {
                for (int[] pair : new int[][] {{30, 3}, {40, 2}, {60, 0}}) {
                    older.setInt(1, pair[0]);
                    try (ResultSet rows = older.executeQuery()) {
                        assertEquals(List.of(Integer.toString(pair[1])), column(rows, 1));
                    }
                }
            }
            assertEquals(List.of("4"), column(statement.executeQuery("SELECT count(*) FROM arrow_famfs.people"), 1));
        }
    }

    @Test
    void aResultCanBeTakenAsArrow() throws Exception {
        try (Connection connection = connect(TestDevices.MASTER);
                Statement statement = connection.createStatement();
                BufferAllocator allocator = new RootAllocator()) {
            ResultSet rows = statement.executeQuery("SELECT age FROM people ORDER BY age");
            long sum = 0;
            try (ArrowReader reader =
                    (ArrowReader) rows.unwrap(DuckDBResultSet.class).arrowExportStream(allocator, 1024)) {
                while (reader.loadNextBatch()) {
                    BigIntVector age =
                            (BigIntVector) reader.getVectorSchemaRoot().getVector("age");
                    for (int i = 0; i < age.getValueCount(); i++) {
                        sum += age.get(i);
                    }
                }
            }
            assertEquals(36 + 45 + 28 + 50, sum);
        }
    }

    @Test
    void errorsAreSqlExceptionsAndNothingReadsTablesBehindTheRewrite() throws SQLException {
        try (Connection connection = connect(TestDevices.CLIENT);
                Statement statement = connection.createStatement()) {
            SQLException unknown =
                    assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM persons"));
            assertTrue(unknown.getMessage().contains("(tables: cities, people)"), unknown.getMessage());
            SQLException ctas = assertThrows(
                    SQLException.class,
                    () -> statement.execute("CREATE TABLE copy AS SELECT * FROM arrow_famfs.people"));
            assertTrue(ctas.getMessage().contains("lives in shared memory"), ctas.getMessage());
            assertEquals(
                    List.of("4"), column(statement.executeQuery("SELECT count(*) FROM people"), 1), "still usable");
            statement.execute("CREATE TEMP TABLE mine AS SELECT 7 AS x");
            assertEquals(
                    List.of("7"), column(statement.executeQuery("SELECT x FROM mine"), 1), "DuckDB's own tables work");
        }
        SQLException badOption = assertThrows(
                SQLException.class, () -> DriverManager.getConnection("jdbc:arrow-famfs:" + device + "?nodeid=x"));
        assertEquals("unknown option: nodeid (known: node-id, verify)", badOption.getMessage());
        Properties properties = new Properties();
        properties.setProperty("node-id", TestDevices.CLIENT);
        try (Connection byProperty = DriverManager.getConnection("jdbc:arrow-famfs:" + device, properties)) {
            assertFalse(byProperty.isClosed());
        }
        assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:arrow-famfs:" + device + "x"));
    }

    @Test
    void closingTheConnectionClosesItsStatements() throws SQLException {
        Connection connection = connect(TestDevices.CLIENT);
        Statement statement = connection.createStatement();
        ResultSet open = statement.executeQuery("SELECT * FROM people");
        assertTrue(open.next());
        connection.close();
        assertTrue(statement.isClosed());
        assertThrows(SQLException.class, () -> statement.executeQuery("SELECT 1"));
        assertThrows(SQLException.class, connection::createStatement);
    }

    @Test
    void closingAConnectionWhileAQueryRunsNeverCrashes() throws Exception {
        StringBuilder csv = new StringBuilder("id\n");
        for (int i = 0; i < 300_000; i++) {
            csv.append(i).append('\n');
        }
        TestDevices.importCsv(device, "ids", csv.toString(), shm);
        java.util.Random random = new java.util.Random(11);
        for (int round = 0; round < 12; round++) {
            Connection connection = connect(TestDevices.CLIENT);
            java.util.concurrent.CompletableFuture<String> reader =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try (Statement statement = connection.createStatement();
                                ResultSet rows = statement.executeQuery("SELECT id FROM ids a JOIN ids b USING (id)")) {
                            long sum = 0;
                            while (rows.next()) {
                                sum += rows.getLong(1);
                            }
                            return "finished " + sum;
                        } catch (SQLException e) {
                            return "stopped";
                        }
                    });
            Thread.sleep(random.nextInt(40));
            connection.close();
            String outcome = reader.get(60, TimeUnit.SECONDS);
            assertTrue(outcome.equals("stopped") || outcome.equals("finished 44999850000"), outcome);
        }
    }

    @Test
    void manyConnectionsAtOnce() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> {
                    try (Connection connection = connect(TestDevices.CLIENT);
                            Statement statement = connection.createStatement();
                            ResultSet rows = statement.executeQuery("SELECT sum(age) FROM people")) {
                        rows.next();
                        return rows.getString(1);
                    }
                }));
            }
            for (java.util.concurrent.Future<String> answer : answers) {
                assertEquals("159", answer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aJvmWithoutTheFlagsIsToldWhichOnesToAdd() throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        JdbcProbe.class.getName(),
                        "jdbc:arrow-famfs:" + device + "?node-id=" + TestDevices.CLIENT)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.startsWith("refused 08001 arrow-famfs needs JVM flags that are missing"), out);
        assertTrue(out.contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), out);
    }
}
