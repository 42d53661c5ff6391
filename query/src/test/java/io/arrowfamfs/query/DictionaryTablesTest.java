package io.arrowfamfs.query;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.catalog.DictionaryFullException;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tables whose low-cardinality strings import stores as codes into one dictionary per column:
 * appends grow the dictionary without changing a code, and every query shape answers as DuckDB
 * does over native copies of the same rows (predicates, grouping, joins, collations, NULLs, PIVOT).
 */
class DictionaryTablesTest {
    @RegisterExtension
    final ComparedTables tables = new ComparedTables();

    /** Three frames: cities grow from 5 to 8 values, with NULLs, and a column of distinct strings. */
    @BeforeEach
    void setUp() throws Exception {
        String[] cities = {"'SFO', 'JFK', 'ORD', 'LAX', 'Atl'", "'SFO', 'JFK', 'sea', 'ORD'", "'BOS', 'atl', 'JFK'"};
        for (int f = 0; f < cities.length; f++) {
            tables.append(
                    "flights",
                    "SELECT i::BIGINT AS id, CASE WHEN i % 11 = 0 THEN NULL ELSE ([" + cities[f]
                            + "])[1 + i % " + cities[f].split(",").length + "] END AS city, 'unique ' || i AS label,"
                            + " (i % 100)::INTEGER AS delay FROM range(" + f * 3000 + ", " + (f + 1) * 3000 + ") t(i)",
                    1000,
                    100);
        }
        tables.append(
                "airports",
                "SELECT * FROM (VALUES ('SFO', 'west'), ('JFK', 'east'), ('atl', 'south'),"
                        + " ('BOS', 'east')) v(city, region)",
                1000,
                100);
    }

    @Test
    void lowCardinalityStringsAreCodesWithOneGrowingDictionary() throws Exception {
        TableState table = tables.catalog().refresh().require("flights");
        Schema schema = tables.catalog().schema(table, tables.allocator());
        assertNotNull(schema.findField("city").getDictionary(), "8 distinct values, threshold 100");
        assertEquals(new ArrowType.Utf8(), schema.findField("city").getType());
        assertNull(schema.findField("label").getDictionary(), "9,000 distinct values");
        List<List<String>> dictionaries = new ArrayList<>();
        for (var ref : table.frames()) {
            try (Frame frame = tables.catalog().attach(ref, tables.allocator(), false)) {
                VarCharVector values = (VarCharVector) frame.dictionary(
                                schema.findField("city").getDictionary().getId())
                        .getVector();
                List<String> strings = new ArrayList<>();
                for (int i = 0; i < values.getValueCount(); i++) {
                    strings.add(values.getObject(i).toString());
                }
                dictionaries.add(strings);
            }
        }
        assertEquals(
                List.of("Atl", "JFK", "LAX", "ORD", "SFO"), dictionaries.get(0), "the first import in bytewise order");
        for (int f = 1; f < dictionaries.size(); f++) {
            List<String> before = dictionaries.get(f - 1);
            assertEquals(before, dictionaries.get(f).subList(0, before.size()), "codes never change: frame " + f);
        }
        assertEquals(8, dictionaries.get(2).size());
        assertEquals(
                List.of(List.of("city", "VARCHAR")),
                tables.shared("SELECT column_name, column_type FROM (DESCRIBE flights) WHERE column_name = 'city'")
                        .rows());
    }

    @Test
    void everyQueryShapeAnswersAsOnANativeTable() throws Exception {
        for (String sql : List.of(
                "SELECT count(*) FROM flights WHERE city = 'JFK'",
                "SELECT count(*) FROM flights WHERE city IN ('SFO', 'sea', 'nowhere')",
                "SELECT count(*) FROM flights WHERE city LIKE '%F%'",
                "SELECT count(*) FROM flights WHERE city LIKE 'S%'",
                "SELECT count(*) FROM flights WHERE city ILIKE 'atl'",
                "SELECT count(*) FROM flights WHERE city > 'JFK'",
                "SELECT count(*) FROM flights WHERE city IS NULL",
                "SELECT count(*) FROM flights WHERE city COLLATE NOCASE = 'ATL'",
                "SELECT city, count(*), avg(delay) FROM flights GROUP BY city ORDER BY city NULLS FIRST",
                "SELECT lower(city) AS c, count(*) FROM flights GROUP BY c ORDER BY c",
                "SELECT city, delay, count(*) FROM flights WHERE delay < 3 GROUP BY ALL ORDER BY ALL",
                "SELECT a.region, count(*) FROM flights f JOIN airports a ON f.city = a.city GROUP BY a.region"
                        + " ORDER BY 1",
                "SELECT f.city, count(*) FROM flights f LEFT JOIN airports a USING (city) WHERE a.region IS NULL"
                        + " GROUP BY f.city ORDER BY 1",
                "SELECT city, id FROM flights ORDER BY city DESC NULLS LAST, id LIMIT 7",
                "SELECT DISTINCT city FROM flights ORDER BY 1",
                "SELECT city, row_number() OVER (PARTITION BY city ORDER BY id DESC) AS r, id FROM flights"
                        + " QUALIFY r = 1 ORDER BY 1",
                "SELECT * FROM (PIVOT (SELECT city, delay % 2 AS odd FROM flights) ON odd USING count(*)"
                        + " GROUP BY city) ORDER BY city",
                "SELECT city, count(*) FROM (UNPIVOT (SELECT city, label FROM flights WHERE id < 30) ON city, label"
                        + " INTO NAME k VALUE city) GROUP BY 1 ORDER BY 1",
                "SELECT max(city), min(city), count(DISTINCT city), string_agg(DISTINCT city, ',' ORDER BY city)"
                        + " FROM flights",
                "SELECT f.city FROM flights f WHERE EXISTS (SELECT 1 FROM airports a WHERE a.city = f.city"
                        + " AND a.region = 'east') GROUP BY 1 ORDER BY 1",
                "SELECT * FROM flights WHERE city = 'JFK' ORDER BY id LIMIT 5",
                "SELECT f FROM flights f WHERE city LIKE 'S%' ORDER BY id LIMIT 3",
                "SELECT COLUMNS('c.*') FROM flights WHERE city <> 'SFO' ORDER BY id LIMIT 3",
                "SELECT * EXCLUDE (label) FROM flights WHERE city IN ('BOS', 'sea') ORDER BY id LIMIT 4",
                "SELECT count(*) FROM flights WHERE coalesce(city, 'none') = 'none'",
                "SELECT count(*) FROM flights WHERE city = 'JFK' AND delay > 50 AND city LIKE '%K'",
                "SELECT count(*) FROM flights WHERE length(city) = 3 OR city IS NULL",
                "SELECT count(*) FROM flights WHERE city = 'nowhere'",
                "SELECT count(*) FROM flights WHERE city::VARCHAR >= 'A'",
                "SELECT count(*) FROM flights f JOIN airports a ON f.city = a.city WHERE f.city LIKE '%S%'"
                        + " AND a.region LIKE 'w%'")) {
            tables.assertSameAnswer(sql);
        }
    }

    /**
     * A predicate on one dictionary-encoded column is evaluated once per dictionary value and
     * becomes a test of codes, including after an append grows the dictionary (the codes are found
     * again for the new snapshot).
     */
    @Test
    void stringPredicatesBecomeTestsOfCodes() throws Exception {
        String sql = "SELECT count(*) FROM flights WHERE city LIKE '%S%'";
        try (QuerySession.Prepared prepared = tables.session().prepare(sql)) {
            ComparedTables.Answer before = ComparedTables.run(prepared);
            assertTrue(prepared.rewrittenSql().contains("__af_codes_city IN"), prepared.rewrittenSql());
            assertEquals(tables.copied(sql).rows(), before.rows());
            tables.append(
                    "flights",
                    "SELECT i::BIGINT AS id, 'SJC' AS city, 'x' AS label, 1 AS delay FROM range(10) t(i)",
                    1000,
                    100);
            ComparedTables.Answer after = ComparedTables.run(prepared);
            assertEquals(tables.copied(sql).rows(), after.rows());
            assertNotEquals(before.rows(), after.rows(), "the new value matches");
        }
        String prefix = "SELECT count(*) FROM flights WHERE city BETWEEN 'J' AND 'P'";
        assertTrue(
                tables.assertSameAnswer(prefix).sql().contains("BETWEEN"),
                "consecutive codes of the first import, coded in order: a range");
        String nulls = "SELECT count(*) FROM flights WHERE city IS NULL";
        ComparedTables.Answer answer = tables.assertSameAnswer(nulls);
        assertTrue(answer.sql().contains("__af_codes_city IS NULL"), answer.sql());
        String none = "SELECT count(*) FROM flights WHERE city = 'nowhere'";
        assertFalse(tables.assertSameAnswer(none).sql().contains("'nowhere'"), "no code: a constant false");
        String star = "SELECT * FROM flights WHERE city = 'JFK' LIMIT 1";
        assertFalse(tables.assertSameAnswer(star).sql().contains("__af_codes"), "a * would show the codes");
    }

    /**
     * GROUP BY a dictionary-encoded column groups by its codes and looks each group's value up
     * after: NULL keys, HAVING and ORDER BY on the key, the key inside aggregates and expressions,
     * two keys, a join, aliases, and an empty table answer as on a native table.
     */
    @Test
    void groupingByCodesAnswersAsGroupingByStrings() throws Exception {
        tables.append("nothing", "SELECT 'x' AS city, 1 AS n FROM range(0) t(i)", 1000, 100);
        for (String sql : List.of(
                "SELECT city, count(*), avg(delay) FROM flights GROUP BY city",
                "SELECT city, count(*) FROM flights GROUP BY city HAVING city > 'B' OR city IS NULL ORDER BY city",
                "SELECT city AS c, count(*) FROM flights GROUP BY city ORDER BY c DESC NULLS FIRST",
                "SELECT count(*), city FROM flights GROUP BY city ORDER BY 2",
                "SELECT city, max(city), lower(city) || '!' AS l, count(*) FROM flights GROUP BY city ORDER BY 1",
                "SELECT city, delay % 3 AS d, count(*) FROM flights GROUP BY city, delay % 3 ORDER BY 1, 2",
                "SELECT city, label, count(*) FROM flights WHERE id < 100 GROUP BY city, label ORDER BY 1, 2",
                "SELECT f.city, a.region, count(*) FROM flights f JOIN airports a ON f.city = a.city"
                        + " GROUP BY f.city, a.region ORDER BY 1",
                "SELECT city, count(*) FROM flights WHERE city LIKE '%O%' GROUP BY city ORDER BY 1",
                "SELECT city, sum(n) FROM nothing GROUP BY city",
                "SELECT city, count(*) OVER () FROM flights GROUP BY city ORDER BY 1",
                "SELECT DISTINCT city FROM flights ORDER BY 1",
                "SELECT DISTINCT city AS c, delay FROM flights WHERE id < 300 ORDER BY c, delay",
                "SELECT DISTINCT ON (city) city, id FROM flights ORDER BY city, id",
                "SELECT count(*) FROM (SELECT DISTINCT city, label FROM flights WHERE id < 100)")) {
            ComparedTables.Answer answer = tables.assertSameAnswer(sql);
            if (sql.startsWith("SELECT city, label")
                    || sql.startsWith("SELECT city, count(*), avg")
                    || sql.startsWith("SELECT DISTINCT city FROM")) {
                assertTrue(answer.sql().contains("GROUP BY") && answer.sql().contains("__af_codes_city"), answer.sql());
            }
        }
    }

    /**
     * An inner join on a dictionary-encoded column compares codes, the other side first joined to
     * the column's dictionary on the value: answers as on native tables, whichever side is coded,
     * with a subquery on the other side, NULLs and values only one side has; outer joins, USING
     * and a * are left as written.
     */
    @Test
    void stringJoinsCompareCodes() throws Exception {
        for (String sql : List.of(
                "SELECT a.region, count(*) FROM flights f JOIN airports a ON f.city = a.city GROUP BY a.region",
                "SELECT a.region, count(*) FROM airports a JOIN flights f ON a.city = f.city GROUP BY a.region",
                "SELECT count(*), sum(f.delay) FROM flights f JOIN (SELECT DISTINCT city FROM flights"
                        + " WHERE city LIKE 'S%') s ON f.city = s.city",
                "SELECT f.city, count(*) FROM flights f JOIN flights g ON f.city = g.city WHERE f.id < 50"
                        + " AND g.id < 50 GROUP BY f.city ORDER BY 1")) {
            ComparedTables.Answer answer = tables.assertSameAnswer(sql);
            assertTrue(answer.sql().contains("__af_m"), answer.sql());
        }
        ComparedTables.Answer inner = tables.assertSameAnswer("SELECT count(*) FROM flights f JOIN (SELECT city FROM"
                + " flights WHERE city LIKE '%S%' GROUP BY city) s ON f.city = s.city");
        assertTrue(
                inner.sql().contains("WHERE (__af_codes_city")
                        && inner.sql().contains("GROUP BY CAST((__af_codes_city"),
                "the subquery's own rewrites survive its join to the dictionary: " + inner.sql());
        for (String sql : List.of(
                "SELECT a.region, count(f.id) FROM airports a LEFT JOIN flights f ON a.city = f.city GROUP BY 1",
                "SELECT region, count(*) FROM flights JOIN airports USING (city) GROUP BY 1",
                "SELECT * FROM flights f JOIN airports a ON f.city = a.city ORDER BY f.id LIMIT 3")) {
            ComparedTables.Answer answer = tables.assertSameAnswer(sql);
            assertFalse(answer.sql().contains("__af_m"), answer.sql());
        }
    }

    /**
     * Windows partition by codes, and order by them only while the codes are in the values' order
     * (here appends added values out of order): answers as on native tables.
     */
    @Test
    void windowsPartitionByCodes() throws Exception {
        String partitioned =
                "SELECT city, count(*), sum(delay) FROM (SELECT city, delay, rank() OVER (PARTITION BY city"
                        + " ORDER BY delay DESC, id) AS r FROM flights) WHERE r <= 2 GROUP BY city ORDER BY city";
        ComparedTables.Answer answer = tables.assertSameAnswer(partitioned);
        assertTrue(answer.sql().contains("PARTITION BY __af_codes_city"), answer.sql());
        String ordered = "SELECT id, city, row_number() OVER (ORDER BY city, id) AS n FROM flights ORDER BY n LIMIT 20";
        ComparedTables.Answer byValue = tables.assertSameAnswer(ordered);
        assertFalse(byValue.sql().contains("ORDER BY __af_codes_city"), "codes out of the values' order");
        tables.assertSameAnswer(
                "SELECT city, count(*) OVER (PARTITION BY city) AS n FROM flights WHERE id < 40" + " ORDER BY id");
        tables.assertSameAnswer(
                "SELECT city, count(*), rank() OVER (ORDER BY count(*) DESC) FROM flights GROUP BY city ORDER BY 1");
    }

    /**
     * Another writer's frame whose dictionary does not extend the table's (its own codes for the
     * same values) reads as its own values: the streams carry each frame's dictionary, and no
     * rewrite onto codes applies while the frames disagree.
     */
    @Test
    void framesWhoseDictionariesDisagreeReadAsTheirOwnValues() throws Exception {
        DictionaryEncoding encoding = new DictionaryEncoding(1, false, new ArrowType.Int(16, true));
        tables.asMaster(writer -> {
            BufferAllocator allocator = tables.allocator();
            try (BigIntVector id = new BigIntVector("id", allocator);
                    SmallIntVector city = new SmallIntVector(
                            "city", new FieldType(true, encoding.getIndexType(), encoding), allocator);
                    VarCharVector label = new VarCharVector("label", allocator);
                    IntVector delay = new IntVector("delay", allocator);
                    VarCharVector values = new VarCharVector("city", allocator)) {
                values.allocateNew();
                List<String> own = List.of("SFO", "zzz", "JFK");
                for (int v = 0; v < own.size(); v++) {
                    values.setSafe(v, own.get(v).getBytes(StandardCharsets.UTF_8));
                }
                values.setValueCount(own.size());
                id.allocateNew(30);
                city.allocateNew(30);
                label.allocateNew();
                delay.allocateNew(30);
                for (int i = 0; i < 30; i++) {
                    id.set(i, 100_000 + i);
                    city.set(i, i % own.size());
                    label.setSafe(i, ("other " + i).getBytes(StandardCharsets.UTF_8));
                    delay.set(i, i);
                }
                VectorSchemaRoot root = VectorSchemaRoot.of(id, city, label, delay);
                root.setRowCount(30);
                DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
                provider.put(new Dictionary(values, encoding));
                try (FrameBuilder frame = new FrameBuilder(root.getSchema(), provider)) {
                    frame.add(root);
                    writer.createOrAppend("flights", frame, allocator);
                }
            }
        });
        for (String sql : List.of(
                "SELECT city, count(*), sum(delay) FROM flights GROUP BY city ORDER BY city",
                "SELECT count(*) FROM flights WHERE city = 'JFK'",
                "SELECT count(*) FROM flights WHERE city LIKE '%z%' OR city = 'SFO'",
                "SELECT a.region, count(*) FROM flights f JOIN airports a ON f.city = a.city GROUP BY 1 ORDER BY 1")) {
            ComparedTables.Answer answer = tables.assertSameAnswer(sql);
            String flightsCodes = sql.contains(" f ") ? "f.__af_codes_city" : "__af_codes_city";
            assertFalse(
                    answer.sql().contains(flightsCodes),
                    "no codes of flights while its dictionaries disagree (airports' may be): " + answer.sql());
        }
    }

    @Test
    void aDictionaryThatWouldOutgrowItsCodesPublishesNothing() throws Exception {
        long before = tables.catalog().refresh().require("flights").rows();
        DictionaryFullException full = assertThrows(
                DictionaryFullException.class,
                () -> tables.append(
                        "flights",
                        "SELECT i::BIGINT AS id, 'c' || i AS city, 'x' AS label, 0 AS delay FROM range(33000) t(i)",
                        100_000,
                        100));
        assertTrue(full.getMessage().contains("dictionary of column city is full"), full.getMessage());
        assertEquals(before, tables.catalog().refresh().require("flights").rows());
    }
}
