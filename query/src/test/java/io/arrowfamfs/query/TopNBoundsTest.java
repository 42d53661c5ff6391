package io.arrowfamfs.query;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.query.ComparedTables.Answer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Top-N queries bounded by the slices' zone statistics answer as DuckDB does over native copies:
 * both orders, ties on the bound, secondary keys, NULLs, floating point, dictionary codes in value
 * order, and the shapes left alone (NULLs first, an OFFSET, a WHERE, fewer slices than the LIMIT).
 */
class TopNBoundsTest {
    @RegisterExtension
    final ComparedTables tables = new ComparedTables();

    /** 20 batches of 1,000 rows: v repeats (ties), d a double, NULLs every 7th row, c a BIGINT of 50 values. */
    @BeforeEach
    void setUp() throws Exception {
        tables.append(
                "t",
                "SELECT i::BIGINT AS id, CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 7919 % 1000)::INTEGER END AS v,"
                        + " (i * 31 % 997) / 7.0 AS d, (i % 50)::BIGINT * 1000 AS c FROM range(20000) t(i)",
                1000);
    }

    private static boolean bounded(Answer answer) {
        return answer.sql().contains(" WHERE ");
    }

    @Test
    void boundedTopNAnswersAsOnANativeTable() throws Exception {
        for (String sql : List.of(
                "SELECT id, v FROM t ORDER BY v DESC, id LIMIT 5",
                "SELECT id, v FROM t ORDER BY v ASC, id DESC LIMIT 12",
                "SELECT id, v FROM t ORDER BY v DESC NULLS LAST, id LIMIT 20",
                "SELECT * FROM t ORDER BY d DESC, id LIMIT 3",
                "SELECT id, d FROM t ORDER BY d, id LIMIT 7",
                "SELECT id, c FROM t ORDER BY c DESC, id LIMIT 4",
                "SELECT id, c FROM t ORDER BY c, id DESC LIMIT 4",
                "SELECT t.id, t.v FROM t ORDER BY t.v DESC, t.id LIMIT 2")) {
            Answer answer = tables.assertSameAnswer(sql);
            assertTrue(bounded(answer), answer.sql());
        }
    }

    @Test
    void shapesTheBoundCannotHoldForAreLeftAlone() throws Exception {
        for (String sql : List.of(
                "SELECT id, v FROM t ORDER BY v DESC NULLS FIRST, id LIMIT 5",
                "SELECT id, v FROM t ORDER BY v DESC, id LIMIT 5 OFFSET 3",
                "SELECT id, v FROM t WHERE id % 2 = 0 ORDER BY v DESC, id LIMIT 5",
                "SELECT id, v FROM t ORDER BY v DESC, id LIMIT 25",
                "SELECT v, count(*) FROM t GROUP BY v ORDER BY v DESC LIMIT 3",
                "SELECT id, v + 1 AS w FROM t ORDER BY v DESC, id LIMIT 5",
                "SELECT DISTINCT v FROM t ORDER BY v DESC LIMIT 5")) {
            Answer answer = tables.assertSameAnswer(sql);
            assertFalse(answer.sql().contains(">= CAST") || answer.sql().contains("<= CAST"), answer.sql());
        }
    }

    /** DuckDB's default order decides a key written without one. */
    @Test
    void theSessionsDefaultOrderIsTheOneBounded() throws Exception {
        tables.set("SET default_order = 'DESC'");
        Answer answer = tables.assertSameAnswer("SELECT id, v FROM t ORDER BY v, id LIMIT 5");
        assertTrue(answer.sql().contains(">="), answer.sql());
        tables.set("SET default_null_order = 'NULLS_FIRST'");
        assertFalse(bounded(tables.assertSameAnswer("SELECT id, v FROM t ORDER BY v, id LIMIT 6")));
        tables.set("RESET default_order");
        tables.set("RESET default_null_order");
    }

    /** Values appended out of order leave the codes out of the values' order: no bound on them. */
    @Test
    void codesOutOfTheValuesOrderAreNotBounded() throws Exception {
        tables.append(
                "t",
                "SELECT 20000 + i AS id, NULL::INTEGER AS v, 0.5::DOUBLE AS d, -7::BIGINT AS c FROM range(10) t(i)",
                1000);
        Answer answer = tables.assertSameAnswer("SELECT id, c FROM t ORDER BY c, id LIMIT 4");
        assertFalse(answer.sql().contains("__af_codes_c <="), answer.sql());
        tables.assertSameAnswer("SELECT id, c FROM t ORDER BY c DESC, id LIMIT 4");
    }
}
