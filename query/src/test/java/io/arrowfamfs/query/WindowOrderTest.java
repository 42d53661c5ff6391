package io.arrowfamfs.query;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.query.ComparedTables.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A window ordered by a dictionary-encoded column whose codes are in the values' order orders by the codes. */
class WindowOrderTest {
    @RegisterExtension
    final ComparedTables tables = new ComparedTables();

    @Test
    void codesInTheValuesOrderOrderTheWindow() throws Exception {
        tables.append(
                "t",
                "SELECT i::BIGINT AS id, CASE WHEN i % 9 = 0 THEN NULL ELSE (i % 40)::BIGINT * 10 END AS c,"
                        + " ['b', 'a', 'c'][1 + i % 3] AS s FROM range(5000) t(i)",
                1000,
                100);
        for (String sql : new String[] {
            "SELECT id, c, rank() OVER (PARTITION BY s ORDER BY c DESC NULLS FIRST, id) AS r FROM t ORDER BY id LIMIT 50",
            "SELECT id, row_number() OVER (ORDER BY s, c, id) AS n FROM t ORDER BY n LIMIT 30",
            "SELECT s, max(r) FROM (SELECT s, rank() OVER (PARTITION BY s ORDER BY c) AS r FROM t) GROUP BY s ORDER BY s"
        }) {
            Answer answer = tables.assertSameAnswer(sql);
            assertTrue(answer.sql().contains("__af_codes_c") || answer.sql().contains("__af_codes_s"), answer.sql());
        }
    }
}
