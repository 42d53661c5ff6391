package io.arrowfamfs.query;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.frame.CodesAreValues;
import io.arrowfamfs.frame.Frame;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 64-bit columns of small non-negative integers are coded so that each code is its value, and
 * streamed to DuckDB as the codes cast back to BIGINT: every query shape answers as on a native
 * table, NULLs and appends included, and a frame whose dictionary stopped mapping codes to
 * themselves turns the column back to a dictionary for every frame.
 */
class ValueCodesTest {
    @RegisterExtension
    final ComparedTables tables = new ComparedTables();

    /** Two frames: minutes 0..49 then 0..89 (the dictionary grows in place), stops with NULLs, drift negative. */
    @BeforeEach
    void setUp() throws Exception {
        for (int f = 0; f < 2; f++) {
            tables.append(
                    "trips",
                    "SELECT i::BIGINT AS id, (i % " + (50 + 40 * f) + ")::BIGINT AS minutes,"
                            + " CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 30)::BIGINT END AS stops,"
                            + " (i % 40 - 20)::BIGINT AS drift FROM range(" + f * 3000 + ", " + (f + 1) * 3000
                            + ") t(i)",
                    1000,
                    100);
        }
        tables.append(
                "bands", "SELECT i::BIGINT AS minutes, 'band ' || (i // 10) AS band FROM range(0, 60) t(i)", 1000, 100);
    }

    @Test
    void smallNonNegativeIntegersAreCodedAsThemselves() throws Exception {
        TableState table = tables.catalog().refresh().require("trips");
        Schema schema = tables.catalog().schema(table, tables.allocator());
        assertEquals(List.of(true, true), codesAreValues(table, schema, "minutes"));
        assertEquals(List.of(true, true), codesAreValues(table, schema, "stops"));
        assertEquals(List.of(false, false), codesAreValues(table, schema, "drift"), "negative values: sorted codes");
        assertEquals(
                List.of(List.of("minutes", "BIGINT"), List.of("stops", "BIGINT")),
                tables.shared("SELECT column_name, column_type FROM (DESCRIBE trips)"
                                + " WHERE column_name IN ('minutes', 'stops') ORDER BY 1")
                        .rows());
        tables.assertSameAnswer("SELECT sum(minutes), avg(stops), any_value(typeof(minutes)) FROM trips");
        String sum = "SELECT sum(minutes), sum(drift) FROM trips";
        assertTrue(viewCasts(sum, "minutes"), "streamed as codes, cast in the view");
        assertFalse(viewCasts(sum, "drift"), "a dictionary");
    }

    @Test
    void everyQueryShapeAnswersAsOnANativeTable() throws Exception {
        for (String sql : List.of(
                "SELECT sum(minutes), avg(minutes), min(stops), max(stops), count(stops), count(*) FROM trips",
                "SELECT minutes * 1000000000000 AS big, typeof(minutes) FROM trips WHERE id = 77",
                "SELECT count(*) FROM trips WHERE minutes = 7 OR stops IS NULL",
                "SELECT count(*) FROM trips WHERE minutes BETWEEN 40 AND 60 AND stops IN (1, 2, 29)",
                "SELECT minutes, count(*), sum(stops) FROM trips GROUP BY minutes ORDER BY minutes",
                "SELECT stops, drift, count(*) FROM trips GROUP BY ALL ORDER BY ALL NULLS FIRST",
                "SELECT id, minutes FROM trips ORDER BY minutes DESC, id LIMIT 5",
                "SELECT * FROM trips WHERE id IN (0, 49, 2999, 5999) ORDER BY id",
                "SELECT b.band, count(*), sum(t.minutes) FROM trips t JOIN bands b ON t.minutes = b.minutes"
                        + " GROUP BY b.band ORDER BY 1",
                "SELECT t.minutes, count(*) FROM trips t LEFT JOIN bands b USING (minutes) WHERE b.band IS NULL"
                        + " GROUP BY 1 ORDER BY 1",
                "SELECT minutes, sum(stops) OVER (PARTITION BY minutes % 3 ORDER BY id) AS s FROM trips"
                        + " QUALIFY id % 500 = 0 ORDER BY id",
                "SELECT count(DISTINCT minutes), string_agg(DISTINCT stops::VARCHAR, ',' ORDER BY stops::VARCHAR)"
                        + " FROM trips")) {
            tables.assertSameAnswer(sql);
        }
    }

    /**
     * An append of values the dictionary cannot reach by at most doubling, or of negative values,
     * gives the frame a dictionary whose new codes are not their values: every frame is then
     * streamed with its dictionary, and answers do not change.
     */
    @Test
    void aFrameWhoseCodesAreNotItsValuesTurnsTheColumnBackToADictionary() throws Exception {
        String sql = "SELECT minutes, count(*), sum(id) FROM trips GROUP BY minutes ORDER BY minutes";
        tables.assertSameAnswer(sql);
        assertTrue(viewCasts(sql, "minutes"));
        tables.append(
                "trips",
                "SELECT 7000::BIGINT AS id, 5000::BIGINT AS minutes, NULL AS stops, -1::BIGINT AS drift",
                1000);
        TableState table = tables.catalog().refresh().require("trips");
        Schema schema = tables.catalog().schema(table, tables.allocator());
        assertEquals(List.of(true, true, false), codesAreValues(table, schema, "minutes"), "5000 is past double 90");
        assertEquals(List.of(true, true, true), codesAreValues(table, schema, "stops"), "NULL is no value");
        tables.assertSameAnswer(sql);
        tables.assertSameAnswer("SELECT max(minutes), avg(minutes), any_value(typeof(minutes)) FROM trips");
        assertFalse(viewCasts(sql, "minutes"), "one frame's codes are not its values");
        tables.append(
                "trips",
                "SELECT 7001::BIGINT AS id, 3::BIGINT AS minutes, -4::BIGINT AS stops, 0::BIGINT AS drift",
                1000);
        table = tables.catalog().refresh().require("trips");
        assertEquals(List.of(true, true, true, false), codesAreValues(table, schema, "stops"), "a negative value");
        tables.assertSameAnswer("SELECT stops, count(*) FROM trips GROUP BY stops ORDER BY stops NULLS FIRST");
        tables.assertSameAnswer("SELECT sum(stops), min(stops) FROM trips");
    }

    /** Per frame of {@code table}, whether its dictionary of {@code column} maps each code to itself. */
    private List<Boolean> codesAreValues(TableState table, Schema schema, String column) {
        long id = schema.findField(column).getDictionary().getId();
        List<Boolean> frames = new ArrayList<>();
        for (var ref : table.frames()) {
            try (Frame frame = tables.catalog().attach(ref, tables.allocator(), false)) {
                frames.add(CodesAreValues.test(frame.dictionary(id).getVector()));
            }
        }
        return frames;
    }

    /** Whether the view the session makes over the stream of {@code trips} for {@code sql} casts {@code column}'s codes. */
    private boolean viewCasts(String sql, String column) throws Exception {
        try (QuerySession.Prepared prepared = tables.session().prepare(sql)) {
            ComparedTables.run(prepared);
            try (Statement statement = tables.session().duckdb().createStatement();
                    ResultSet views = statement.executeQuery("SELECT sql FROM duckdb_views() WHERE NOT internal")) {
                boolean casts = false;
                while (views.next()) {
                    casts |= views.getString(1).contains("CAST(\"" + column + "\" AS BIGINT)");
                }
                return casts;
            }
        }
    }
}
