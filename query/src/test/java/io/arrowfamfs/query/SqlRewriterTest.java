package io.arrowfamfs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arrowfamfs.query.SqlRewriter.Rewritten;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The text a query becomes: table names replaced in place, or DuckDB's rendering of the edited tree. */
class SqlRewriterTest {
    private static final Map<String, String> TABLES = Map.of("events", "events", "labels", "Labels");

    private Connection duckdb;
    private SqlRewriter rewriter;

    @BeforeEach
    void open() throws SQLException {
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
        rewriter = new SqlRewriter(duckdb);
    }

    @AfterEach
    void close() throws SQLException {
        rewriter.close();
        duckdb.close();
    }

    private Rewritten rewrite(String sql) throws SQLException {
        return rewriter.rewrite(sql, TABLES, "v_");
    }

    @Test
    void onlyAnOutermostConstantLimitZeroReadsNoRow() throws SQLException {
        assertTrue(rewrite("SELECT * FROM events LIMIT 0").references().get(0).readsNoRow());
        assertTrue(rewrite("SELECT * FROM events UNION ALL SELECT * FROM events LIMIT 0").references().stream()
                .allMatch(SqlRewriter.Reference::readsNoRow));
        assertTrue(rewrite("SELECT * FROM (SELECT * FROM events) e LIMIT 0 OFFSET 3")
                .references()
                .get(0)
                .readsNoRow());
        for (String reads : List.of(
                "SELECT * FROM events LIMIT 1",
                "SELECT * FROM events LIMIT 1 - 1",
                "SELECT * FROM (SELECT * FROM events LIMIT 0) e UNION ALL SELECT * FROM events",
                "SELECT count(*) FROM events WHERE id IN (SELECT id FROM events LIMIT 0)",
                "SELECT * FROM events LIMIT 0 %")) {
            assertTrue(rewrite(reads).references().stream().noneMatch(SqlRewriter.Reference::readsNoRow), reads);
        }
    }

    @Test
    void tableNamesAreReplacedInTheOriginalText() throws SQLException {
        assertEquals(
                "SELECT count(*) FROM v_0 AS events -- all of them",
                rewrite("SELECT count(*) FROM events -- all of them").sql());
        assertEquals(
                "select e.id, l.label from v_0 e join v_1 l using (category)",
                rewrite("select e.id, l.label from EVENTS e join arrow_famfs.\"labels\" l using (category)")
                        .sql());
        assertEquals(
                "SELECT \"labels\".label FROM v_0 AS \"labels\"",
                rewrite("SELECT \"labels\".label FROM arrow_famfs.\"labels\"").sql());
        Rewritten self = rewrite("SELECT * FROM events a, events b");
        assertEquals("SELECT * FROM v_0 a, v_1 b", self.sql());
        assertEquals(
                List.of("events", "events"),
                self.references().stream().map(SqlRewriter.Reference::table).toList());
    }

    @Test
    void offsetsAreUtf8BytesNotCharacters() throws SQLException {
        assertEquals(
                "SELECT 'héllo wörld' AS greeting, id FROM v_0 AS events WHERE id < 3",
                rewrite("SELECT 'héllo wörld' AS greeting, id FROM events WHERE id < 3")
                        .sql());
    }

    @Test
    void namesThatCannotBeCheckedFallBackToDuckDbsRendering() throws SQLException {
        Rewritten spaced = rewrite("SELECT count(*) FROM arrow_famfs . events");
        assertTrue(spaced.sql().contains("v_0 AS events") && !spaced.sql().contains("arrow_famfs"), spaced.sql());
        Rewritten cte = rewrite("WITH e AS (SELECT id FROM events) SELECT count(*) FROM e, e AS f");
        assertTrue(cte.sql().contains("AS MATERIALIZED") && cte.sql().contains("v_0 AS events"), cte.sql());
        assertEquals(1, cte.references().size());
    }

    @Test
    void anEditWhoseNameIsNotAtItsOffsetIsRefused() {
        String sql = "SELECT * FROM events";
        assertNull(TableNameEdit.apply(sql, List.of(new TableNameEdit(7, List.of("events"), "v_0", true))));
        assertNull(TableNameEdit.apply(sql, List.of(new TableNameEdit(14, List.of("event"), "v_0", true))));
        assertNull(TableNameEdit.apply(sql, List.of(new TableNameEdit(-1, List.of("events"), "v_0", true))));
        assertEquals(
                "SELECT * FROM v_0",
                TableNameEdit.apply(sql, List.of(new TableNameEdit(14, List.of("EVENTS"), "v_0", false))));
        assertNull(
                TableNameEdit.apply(
                        "SELECT * FROM \"EVENTS\"", List.of(new TableNameEdit(14, List.of("events"), "v_0", false))),
                "a quoted name is compared exactly");
    }

    @Test
    void aSampledQueryGivesNoPredicatesToPrune() throws SQLException {
        assertEquals(
                1,
                rewrite("SELECT * FROM events WHERE id < 3")
                        .references()
                        .get(0)
                        .conjuncts()
                        .size(),
                "the unsampled query prunes by its WHERE");
        for (String sampled : List.of(
                "SELECT * FROM events WHERE id < 3 USING SAMPLE 10",
                "SELECT * FROM events TABLESAMPLE 10% WHERE id < 3",
                "SELECT * FROM events e TABLESAMPLE reservoir(5 ROWS) WHERE id < 3")) {
            List<SqlRewriter.Reference> references = rewrite(sampled).references();
            assertEquals(1, references.size(), sampled);
            assertEquals(List.of(), references.get(0).conjuncts(), sampled);
        }
    }

    @Test
    void statementsDuckDbCannotSerializeAreLeftAlone() throws SQLException {
        Rewritten show = rewrite("SHOW TABLES");
        assertEquals("SHOW TABLES", show.sql());
        assertTrue(show.references().isEmpty());
    }
}
