package io.arrowfamfs.query;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.testing.LeakCheck;
import io.arrowfamfs.testing.ShmDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The query shapes a shared table must answer, repeatedly, each checked against values computed here. */
@ExtendWith(LeakCheck.class)
class QuerySessionTest {
    static final NodeId MASTER = new NodeId(UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001"), "test");
    static final NodeId CLIENT = new NodeId(UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002"), "test");
    static final int FRAMES = 3;
    static final int ROWS = 10_000;
    static final long N = (long) FRAMES * ROWS;

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    BufferAllocator allocator;
    Volume volume;
    Catalog catalog;
    QuerySession session;

    /** events: id 0..N-1, category id % 7, value id * 0.5, name "n" + id % 10; labels: category 0..6 -> "c" + category. */
    @BeforeEach
    void publish() throws Exception {
        allocator = new RootAllocator();
        Path device = shm.device("dev.img");
        Mkfs.format(device, MkfsOptions.of(256L << 20, MASTER));
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER)); Catalog writer = Catalog.open(master)) {
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
        try (BigIntVector id = new BigIntVector("id", allocator); IntVector category = new IntVector("category", allocator);
                Float8Vector value = new Float8Vector("value", allocator); VarCharVector name = new VarCharVector("name", allocator);
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

    /** The query's rows, each as a list of its values' strings. */
    List<List<String>> rows(String sql, Object... parameters) throws SQLException {
        return rows(session.prepare(sql), parameters);
    }

    static List<List<String>> rows(QuerySession.Prepared prepared, Object... parameters) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (QueryResult result = prepared.execute(parameters)) {
            ResultSet rs = result.resultSet();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                    row.add(rs.getString(c));
                }
                rows.add(row);
            }
        }
        return rows;
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
        assertEquals(List.of(List.of("n3", "3000")), rows("SELECT name, count(*) FROM events GROUP BY name HAVING name = 'n3'"));
    }

    @Test
    void preparedStatementsRunAgainWithNewParameters() throws SQLException {
        QuerySession.Prepared prepared = session.prepare("SELECT count(*) FROM events WHERE id < ?");
        for (long limit : new long[] {10, 12_345, N}) {
            assertEquals(List.of(List.of(Long.toString(limit))), rows(prepared, limit));
        }
    }

    @Test
    void selfJoinUnionAllSubqueryAndCteReadTheTableTwice() throws SQLException {
        assertEquals(List.of(List.of(Long.toString(N - 1))),
                rows("SELECT count(*) FROM events a JOIN events b ON a.id + 1 = b.id"));
        assertEquals(List.of(List.of(Long.toString(2 * N))),
                rows("SELECT count(*) FROM (SELECT id FROM events UNION ALL SELECT id FROM events)"));
        assertEquals(List.of(List.of("10")),
                rows("SELECT count(*) FROM events WHERE id IN (SELECT id * 1000 FROM events WHERE id < 10)"));
        assertEquals(List.of(List.of(Long.toString(N), Long.toString(N))),
                rows("WITH e AS (SELECT id FROM events) SELECT (SELECT count(*) FROM e), (SELECT count(*) FROM e)"));
    }

    @Test
    void windowsJoinsAcrossTablesAndQualifiedNames() throws SQLException {
        assertEquals(List.of(List.of("2", "1.0")),
                rows("SELECT id, avg(value) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM events "
                        + "QUALIFY id = 2"));
        assertEquals(List.of(List.of("c3", "4286")),
                rows("SELECT l.label, count(*) FROM events e JOIN labels l ON e.category = l.category "
                        + "WHERE l.label = 'c3' GROUP BY l.label"));
        assertEquals(List.of(List.of("7")), rows("SELECT max(events.category) + 1 FROM events"));
        assertEquals(List.of(List.of("7")), rows("SELECT count(*) FROM arrow_famfs.labels"));
    }

    @Test
    void aQuerySeesOneSnapshotWhileFramesAreAppended() throws Exception {
        try (QueryResult result = session.execute("SELECT id FROM events")) {
            try (Volume master = Volume.open(volume.path(), VolumeOptions.of(MASTER)); Catalog writer = Catalog.open(master)) {
                appendEvents(writer, N, ROWS);
            }
            long count = 0;
            while (result.resultSet().next()) {
                count++;
            }
            assertEquals(N, count, "the frame appended during the scan is not part of it");
        }
        assertEquals(List.of(List.of(Long.toString(N + ROWS))), rows("SELECT count(*) FROM events"), "the next query sees it");
    }

    @Test
    void errorsAreSqlExceptionsAndTheSessionStaysUsable() throws SQLException {
        SQLException unknown = assertThrows(SQLException.class, () -> rows("SELECT * FROM nope"));
        assertTrue(unknown.getMessage().contains("nope") && unknown.getMessage().contains("(tables: events, labels)"),
                unknown.getMessage());
        SQLException syntax = assertThrows(SQLException.class, () -> rows("SELEC 1"));
        assertTrue(syntax.getMessage().toLowerCase().contains("syntax"), syntax.getMessage());
        SQLException bad = assertThrows(SQLException.class, () -> rows("SELECT no_such_column FROM events"));
        assertTrue(bad.getMessage().contains("no_such_column"), bad.getMessage());
        assertEquals(List.of(List.of(Long.toString(N))), rows("SELECT count(*) FROM events"));
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
                            last = rows(own.prepare("SELECT count(*), sum(id) FROM events"));
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
}
