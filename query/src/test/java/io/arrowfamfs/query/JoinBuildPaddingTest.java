package io.arrowfamfs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.arrowfamfs.query.ComparedTables.Answer;
import io.arrowfamfs.scan.ColumnRange.Bounds;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A row that can never match added to a join's dense build side ({@link JoinBuildPadding}): every
 * join gives the rows DuckDB gives over native copies (where no row is added), and the row is
 * added exactly when the statistics of the snapshot read prove it safe. A padded view shows in
 * the plan as its extra branch, a {@code DUMMY_SCAN}.
 */
class JoinBuildPaddingTest {
    private static final String COUNTS = "SELECT d.label, count(*), sum(f.v), count(d.label) FROM facts f JOIN dims d"
            + " ON f.k = d.k GROUP BY d.label ORDER BY d.label";

    @RegisterExtension
    final ComparedTables tables = new ComparedTables();

    /** facts: 20,000 rows keyed 0..99 (NULL every 13th) in two frames; dims: keys 0..99, unique and dense. */
    @BeforeEach
    void publish() throws Exception {
        for (int f = 0; f < 2; f++) {
            tables.append(
                    "facts",
                    "SELECT CASE WHEN i % 13 = 0 THEN NULL ELSE (i % 100)::INTEGER END AS k, i::BIGINT AS v"
                            + " FROM range(" + f * 10_000 + ", " + (f + 1) * 10_000 + ") t(i)",
                    2500);
        }
        tables.append("dims", "SELECT i::INTEGER AS k, 'label ' || (i % 10) AS label FROM range(100) t(i)", 1000);
    }

    private void assertPadded(String sql, boolean padded) throws Exception {
        tables.assertSameAnswer(sql);
        String plan = tables.plan(sql);
        assertEquals(padded, plan.contains("DUMMY_SCAN"), sql + "\n" + plan);
    }

    @Test
    void theKeyIsOutsideTheProbeRangeAndLeavesAGap() {
        Bounds dense = new Bounds(0, 99);
        assertEquals(Optional.of(101L), JoinBuildPadding.padKey(dense, new Bounds(0, 99), IntegerKind.INTEGER));
        assertEquals(
                Optional.of(-6L),
                JoinBuildPadding.padKey(dense, new Bounds(-5, 200), IntegerKind.INTEGER),
                "below: a range of 105 rather than 201 above");
        assertEquals(
                Optional.of(-2L),
                JoinBuildPadding.padKey(dense, new Bounds(50, 1 << 21), IntegerKind.INTEGER),
                "above would pass the widest range DuckDB takes");
        assertEquals(
                Optional.of(Long.MAX_VALUE - 101),
                JoinBuildPadding.padKey(
                        new Bounds(Long.MAX_VALUE - 99, Long.MAX_VALUE),
                        new Bounds(Long.MAX_VALUE - 99, Long.MAX_VALUE),
                        IntegerKind.BIGINT),
                "at the type's top: below");
        Bounds bottom = new Bounds(Long.MIN_VALUE, Long.MIN_VALUE + 99);
        assertEquals(
                Optional.of(Long.MIN_VALUE + 101),
                JoinBuildPadding.padKey(bottom, bottom, IntegerKind.BIGINT),
                "at the type's bottom: above");
        assertEquals(
                Optional.empty(),
                JoinBuildPadding.padKey(bottom, new Bounds(-1, 1), IntegerKind.BIGINT),
                "above the probe range, the padded range would pass what a long holds");
        assertEquals(
                Optional.empty(),
                JoinBuildPadding.padKey(new Bounds(1, 254), new Bounds(0, 255), IntegerKind.UTINYINT),
                "no room in the type on either side");
        assertEquals(
                Optional.empty(),
                JoinBuildPadding.padKey(
                        new Bounds(0, JoinBuildPadding.MAX_BUILD_RANGE - 1), new Bounds(0, 10), IntegerKind.INTEGER),
                "a build range DuckDB refuses once padded");
    }

    @Test
    void aDenseUniqueBuildSideGetsTheRow() throws Exception {
        for (String sql : List.of(
                COUNTS,
                COUNTS.replace("f.k = d.k", "d.k = f.k"),
                COUNTS.replace("FROM facts f JOIN dims d", "FROM dims d JOIN facts f"),
                "SELECT label, count(*), count(label) FROM facts JOIN dims USING (k) GROUP BY label ORDER BY label",
                "SELECT count(*), count(d.label), count(e.label) FROM facts f JOIN dims d ON f.k = d.k"
                        + " JOIN dims e ON f.k = e.k",
                "SELECT count(*) FILTER (WHERE d.label IS NULL), count(*) FROM facts f JOIN dims d ON f.k = d.k"
                        + " WHERE f.v % 2 = 0 OR d.label IS NULL",
                "SELECT count(*) FROM facts f RIGHT JOIN (facts g JOIN dims d ON g.k = d.k) ON f.v = g.v")) {
            assertPadded(sql, true);
        }
    }

    @Test
    void noRowWhereItCouldShowOrWouldNotHelp() throws Exception {
        tables.append("gaps", "SELECT (2 * i)::INTEGER AS k, 'gap' AS label FROM range(50) t(i)", 1000);
        tables.append("twice", "SELECT (i % 50)::INTEGER AS k, 'twice' AS label FROM range(100) t(i)", 1000);
        tables.append("nulls", "SELECT NULL::INTEGER AS k, i::BIGINT AS v FROM range(500) t(i)", 1000);
        for (String sql : List.of(
                "SELECT count(*), count(f.v) FROM dims d LEFT JOIN facts f ON f.k = d.k",
                "SELECT count(*), count(d.label) FROM facts f LEFT JOIN dims d ON f.k = d.k",
                "SELECT count(*) FROM facts f FULL JOIN dims d ON f.k = d.k",
                "SELECT count(*) FROM facts f JOIN dims d ON f.k = d.k AND d.label <> 'label 3'",
                "SELECT count(*) FROM facts f JOIN dims d ON f.k + 0 = d.k",
                "SELECT count(*) FROM facts f, dims d WHERE f.k = d.k",
                "SELECT count(*) FROM facts f SEMI JOIN dims d ON f.k = d.k",
                "SELECT count(*) FROM facts f JOIN gaps d ON f.k = d.k",
                "SELECT count(*) FROM facts f JOIN twice d ON f.k = d.k",
                "SELECT count(*) FROM nulls n JOIN dims d ON n.k = d.k",
                "SELECT count(*) FROM facts f JOIN (SELECT * FROM dims) d ON f.k = d.k",
                "SELECT count(*) FROM dims d JOIN facts f ON d.label = f.v::VARCHAR",
                "SELECT count(*) FROM facts f JOIN dims d ON f.k = d.k LIMIT 0")) {
            assertPadded(sql, false);
        }
    }

    @Test
    void keysAtTheLimitsOfTheirTypes() throws Exception {
        tables.append(
                "top", "SELECT (2147483647 - i)::INTEGER AS k, 'top ' || i % 3 AS label FROM range(100) t(i)", 1000);
        tables.append("tops", "SELECT (2147483647 - i % 150)::INTEGER AS k FROM range(3000) t(i)", 1000);
        tables.append("bytes", "SELECT i::UTINYINT AS k, 'byte' AS label FROM range(256) t(i)", 1000);
        tables.append("anybyte", "SELECT (i % 256)::UTINYINT AS k FROM range(3000) t(i)", 1000);
        assertPadded("SELECT t.label, count(*) FROM tops s JOIN top t ON s.k = t.k GROUP BY t.label ORDER BY 1", true);
        assertPadded("SELECT count(*) FROM anybyte a JOIN bytes b ON a.k = b.k", false);
    }

    @Test
    void aPreparedJoinMovesItsRowWhenTheProbeRangeGrows() throws Exception {
        String sql = "SELECT count(*), count(d.label), count(*) FILTER (WHERE d.label IS NULL)"
                + " FROM facts f JOIN dims d ON f.k = d.k";
        try (QuerySession.Prepared prepared = tables.session().prepare(sql)) {
            ComparedTables.assertSameAnswer(tables.copied(sql), ComparedTables.run(prepared));
            tables.append(
                    "facts", "SELECT (101 + i % 2)::INTEGER AS k, i::BIGINT AS v FROM range(20000, 20010) t(i)", 1000);
            Answer grown = ComparedTables.run(prepared);
            ComparedTables.assertSameAnswer(tables.copied(sql), grown);
            assertEquals("0", grown.rows().get(0).get(2), "the new keys 101 and 102 match no row of dims");
        }
        assertPadded(sql, true);
        assertFalse(tables.shared(sql).sql().contains("UNION"), "the row is in the view, not in the statement");
    }
}
