package io.arrowfamfs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arrowfamfs.query.ComparedTables.Answer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Group keys narrowed by their frame statistics ({@link GroupKeyNarrowing}): every query gives
 * the columns and rows DuckDB gives over native copies of the same rows (where no rewrite
 * happens), and is narrowed exactly when the statistics of the snapshot it reads allow it.
 */
class GroupKeyNarrowingTest {
    @RegisterExtension
    final ComparedTables tables = new ComparedTables();

    /** facts: three frames of five batches; dims: g 0..2 with a label. */
    @BeforeEach
    void publish() throws Exception {
        for (int f = 0; f < 3; f++) {
            tables.append("facts", facts(f * 5000, (f + 1) * 5000), 1000);
        }
        tables.append("dims", "SELECT i::INTEGER AS g, 'label ' || i AS label FROM range(3) t(i)", 1000);
    }

    /** Rows {@code from..to} of facts: k 1000..1036 with NULLs, v the row number, g 0..2. */
    private static String facts(int from, int to) {
        return "SELECT CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 37 + 1000)::INTEGER END AS k, i::BIGINT AS v,"
                + " (i % 3)::INTEGER AS g FROM range(" + from + ", " + to + ") t(i)";
    }

    private static boolean narrowed(Answer answer) {
        return answer.sql().contains("AS UTINYINT)") || answer.sql().contains("AS USMALLINT)");
    }

    private void assertNarrowed(String sql) throws Exception {
        Answer answer = tables.assertSameAnswer(sql);
        assertTrue(narrowed(answer), answer.sql());
    }

    private void assertNotNarrowed(String sql) throws Exception {
        Answer answer = tables.assertSameAnswer(sql);
        assertFalse(narrowed(answer), answer.sql());
    }

    @Test
    void aKeyWhoseRangeFitsEightBitsGetsAPerfectHashAggregate() throws Exception {
        String sql = "SELECT k, count(*), sum(v) FROM facts GROUP BY k ORDER BY k";
        assertNarrowed(sql);
        assertTrue(
                tables.copied(sql).rows().stream().anyMatch(row -> row.get(0) == null),
                "NULL keys form a group of their own");
        assertTrue(tables.plan(sql).contains("PERFECT_HASH_GROUP_BY"), tables.plan(sql));
        String unnarrowable = "SELECT k + 0 AS k, count(*), sum(v) FROM facts GROUP BY k + 0 ORDER BY k";
        assertFalse(tables.plan(unnarrowable).contains("PERFECT_HASH_GROUP_BY"), "an expression is not narrowed");
    }

    @Test
    void everyUseAfterGroupingReadsTheKeyBackUnderItsName() throws Exception {
        for (String sql : List.of(
                "SELECT f.k AS key, count(*) AS n FROM facts f GROUP BY f.k HAVING f.k > 1010 AND count(*) > 1"
                        + " ORDER BY key DESC",
                "SELECT K, k * 2, sum(k), max(v) - min(v), count(*) FILTER (WHERE k > 1020) FROM facts GROUP BY k"
                        + " ORDER BY 1 NULLS FIRST",
                "SELECT k, count(*), rank() OVER (ORDER BY count(*) DESC, k) FROM facts GROUP BY k"
                        + " QUALIFY k < 1020 ORDER BY k",
                "SELECT DISTINCT ON (k % 5) k % 5 AS r, k FROM facts GROUP BY k ORDER BY k % 5, k",
                "SELECT facts.k, first(v ORDER BY v DESC), count(*) FROM facts WHERE v < 9000 GROUP BY facts.k"
                        + " ORDER BY facts.k",
                "SELECT f.k, count(*) FROM facts f JOIN dims d ON f.g = d.g WHERE d.label <> 'label 1'"
                        + " GROUP BY f.k ORDER BY f.k",
                "WITH c AS (SELECT k, count(*) AS n FROM facts GROUP BY k) SELECT sum(n), count(k) FROM c",
                "SELECT k, count(*) FROM facts GROUP BY k UNION ALL SELECT g, count(*) FROM facts GROUP BY g"
                        + " ORDER BY 1, 2")) {
            assertNarrowed(sql);
        }
    }

    @Test
    void integerKeysAtTheLimitsOfTheirTypes() throws Exception {
        tables.append(
                "limits",
                "SELECT * REPLACE (CASE WHEN i % 7 = 0 THEN NULL ELSE s16 END AS s16) FROM (SELECT i,"
                        + " (i % 256 - 128)::TINYINT AS s8, (-32768 + i % 200)::SMALLINT AS s16,"
                        + " (2147483647 - i % 250)::INTEGER AS s32, (-2147483648 + i % 250)::INTEGER AS s32low,"
                        + " (-9223372036854775808 + i % 256)::BIGINT AS s64low,"
                        + " (9223372036854775807 - i % 256)::BIGINT AS s64,"
                        + " (i % 256)::UTINYINT AS u8, (65535 - i % 100)::USMALLINT AS u16,"
                        + " (4294967295 - i % 100)::UINTEGER AS u32, (i % 100)::UBIGINT AS u64 FROM range(3000) t(i))",
                500);
        for (String column : List.of("s16", "s32", "s32low", "s64low", "s64", "u16", "u32")) {
            assertNarrowed("SELECT " + column + ", count(*), min(" + column + "), max(" + column + ") FROM limits"
                    + " GROUP BY " + column + " ORDER BY " + column);
        }
        for (String column : List.of("s8", "u8", "u64")) {
            assertNotNarrowed("SELECT " + column + ", count(*) FROM limits GROUP BY " + column + " ORDER BY 1");
        }
    }

    @Test
    void rangesThatDoNotFitTheThresholdAreLeftAsWritten() throws Exception {
        tables.append(
                "wide",
                "SELECT (i % 257)::INTEGER AS k257, (i % 70000)::INTEGER AS k70000, NULL::INTEGER AS nothing,"
                        + " (i % 3)::INTEGER AS g, (i % 100)::INTEGER AS k100 FROM range(80000) t(i)",
                20000);
        String wide = "SELECT k257, count(*) FROM wide GROUP BY k257 ORDER BY k257";
        String twoKeys = "SELECT g, k100, count(*) FROM wide GROUP BY g, k100 ORDER BY g, k100";
        String wider = "SELECT k70000, count(*) FROM wide GROUP BY k70000 ORDER BY k70000";
        assertNotNarrowed(wide);
        assertFalse(tables.plan(wide).contains("PERFECT_HASH_GROUP_BY"), tables.plan(wide));
        assertNotNarrowed(twoKeys);
        assertNotNarrowed(wider);
        assertNotNarrowed("SELECT nothing, count(*) FROM wide GROUP BY nothing");
        tables.set("SET perfect_ht_threshold = 18");
        Answer sixteenBits = tables.assertSameAnswer(wide);
        assertTrue(sixteenBits.sql().contains("AS USMALLINT)"), sixteenBits.sql());
        assertTrue(tables.plan(wide).contains("PERFECT_HASH_GROUP_BY"), tables.plan(wide));
        assertNarrowed(twoKeys);
        assertNotNarrowed(wider);
        tables.set("RESET perfect_ht_threshold");
        assertNotNarrowed(wide);
    }

    @Test
    void queriesWhereTheKeyCouldBeReadOtherwiseAreLeftAsWritten() throws Exception {
        for (String sql : List.of(
                "SELECT count(*) AS k FROM facts GROUP BY facts.k ORDER BY k",
                "SELECT k, count(DISTINCT v) FROM facts GROUP BY k ORDER BY k",
                "SELECT k, (SELECT max(g) FROM dims) AS m FROM facts GROUP BY k ORDER BY k",
                "SELECT k, list_transform([1, 2], x -> x + 1) FROM facts GROUP BY k ORDER BY k",
                "SELECT k, count(*) FROM facts GROUP BY ROLLUP (k) ORDER BY k, count(*)",
                "SELECT k, grouping(k) FROM facts GROUP BY k ORDER BY k",
                "SELECT k, v FROM facts GROUP BY k, v ORDER BY k, v LIMIT 5",
                "SELECT g, count(*) FROM facts JOIN dims USING (g) GROUP BY g ORDER BY g",
                "SELECT k, count(*) FROM facts GROUP BY 1 ORDER BY 1",
                "SELECT k, count(*) FROM facts GROUP BY ALL ORDER BY 1")) {
            assertNotNarrowed(sql);
        }
    }

    /** A string key stored as dictionary codes is grouped by its codes (here narrowed to 8 bits), its value looked up after. */
    @Test
    void aDictionaryEncodedKeyIsGroupedByItsCodes() throws Exception {
        Answer answer = tables.assertSameAnswer(
                "SELECT label, count(*) FROM facts JOIN dims USING (g) GROUP BY label ORDER BY label");
        assertTrue(answer.sql().contains("GROUP BY CAST((__af_codes_label"), answer.sql());
        assertTrue(narrowed(answer), answer.sql());
    }

    @Test
    void anEmptyTableAndReadingNoRowGiveTheSameEmptyAnswers() throws Exception {
        tables.append("empty", "SELECT i::INTEGER AS k FROM range(0) t(i)", 1000);
        assertNotNarrowed("SELECT k, count(*) FROM empty GROUP BY k");
        assertNotNarrowed("SELECT k, count(*) FROM facts GROUP BY k LIMIT 0");
    }

    @Test
    void aPreparedStatementFollowsTheRangeOfEachSnapshot() throws Exception {
        tables.append("grow", "SELECT (100 + i % 50)::INTEGER AS k FROM range(1000) t(i)", 250);
        String sql = "SELECT k, count(*) FROM grow WHERE k < ? GROUP BY k ORDER BY k";
        try (QuerySession.Prepared prepared = tables.session().prepare(sql)) {
            Answer first = answer(prepared, 140);
            assertTrue(first.sql().contains("CAST(100 AS INTEGER)"), first.sql());
            tables.append("grow", "SELECT (50 + i % 50)::INTEGER AS k FROM range(1000) t(i)", 250);
            Answer lowered = answer(prepared, 140);
            assertTrue(lowered.sql().contains("CAST(50 AS INTEGER)"), "a lower minimum: " + lowered.sql());
            tables.append("grow", "SELECT (1000 + i % 50)::INTEGER AS k FROM range(1000) t(i)", 250);
            Answer widened = answer(prepared, 1040);
            assertFalse(narrowed(widened), "a span past 8 bits: " + widened.sql());
            assertEquals(50 + 50 + 40, widened.rows().size(), "50..149 and 1000..1039");
        }
    }

    /** {@code prepared} run with {@code limit}, checked against DuckDB's answer over native copies. */
    private Answer answer(QuerySession.Prepared prepared, int limit) throws Exception {
        Answer shared;
        try (QueryResult result = prepared.execute(limit)) {
            shared = ComparedTables.answer(result.resultSet(), prepared.rewrittenSql());
        }
        ComparedTables.assertSameAnswer(
                tables.copied(prepared.toString().replace("?", Integer.toString(limit))), shared);
        return shared;
    }
}
