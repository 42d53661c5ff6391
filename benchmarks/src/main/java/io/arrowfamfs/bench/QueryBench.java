package io.arrowfamfs.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.arrowfamfs.catalog.TableImport;
import io.arrowfamfs.cli.ChildJvm;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.query.QueryResult;
import io.arrowfamfs.query.QuerySession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Queries over shared frames against the same data in three other places DuckDB reads, in one
 * DuckDB session: a native table in DuckDB's default in-memory database (uncompressed), a native
 * table in an in-memory database attached with {@code COMPRESS} and checkpointed (DuckDB's own
 * compression: dictionaries, FSST, bit packing), and Parquet in the scratch directory. The data:
 * a synthetic table of 50M rows (sorted int64 id, float64 value, int32 category, short utf8 name)
 * with a small dimension table, and the flights dataset when it is present. Each query runs after
 * a warm-up, at least {@code runs} times per source, the sources taking turns. Next to the times
 * it reports the bytes each source holds of each table.
 */
final class QueryBench {
    static final long ROWS = 50_000_000L;
    private static final String DATASETS = "arrowfamfs.datasets";
    /** Fast rounds are repeated until they add up to about this much. */
    private static final double ROUND_BUDGET_MS = 1000;

    private static final int MAX_RUNS = 101;
    /** The in-memory database attached with DuckDB's compression, for the compressed native tables. */
    private static final String COMPRESSED = "native_compressed";

    /** One query, written once with {T} for the table, {D} for the dimension table and {F} for flights. */
    record Query(String name, boolean selective, String sql) {}

    static final List<Query> SYNTHETIC = List.of(
            new Query("synthetic_scan_aggregate", false, "SELECT sum(value), count(*) FROM {T}"),
            new Query("synthetic_group_by", false, "SELECT category, avg(value), count(*) FROM {T} GROUP BY category"),
            new Query(
                    "synthetic_group_by_two_keys",
                    false,
                    "SELECT category, name, sum(value), count(*) FROM {T} GROUP BY category, name"),
            new Query("synthetic_top_n", false, "SELECT id, value FROM {T} ORDER BY value DESC, id LIMIT 10"),
            new Query("synthetic_filter_like", false, "SELECT count(*) FROM {T} WHERE name LIKE '%77%'"),
            new Query("synthetic_prefix_like", false, "SELECT count(*), sum(value) FROM {T} WHERE name LIKE 'n12%'"),
            new Query("synthetic_string_equality", true, "SELECT count(*), sum(value) FROM {T} WHERE name = 'n777'"),
            new Query(
                    "synthetic_selective_id_range",
                    true,
                    "SELECT sum(value) FROM {T} WHERE id BETWEEN 20000000 AND 20100000"),
            new Query(
                    "synthetic_join",
                    false,
                    "SELECT d.label, count(*) FROM {T} t JOIN {D} d ON t.category = d.category GROUP BY d.label"),
            new Query(
                    "synthetic_string_join",
                    false,
                    "SELECT d.label, count(*) FROM {T} t JOIN {D} d ON t.name = d.name GROUP BY d.label"),
            new Query(
                    "synthetic_window",
                    false,
                    "SELECT category, max(running) FROM (SELECT category, sum(value) OVER (PARTITION BY category"
                            + " ORDER BY id ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) AS running FROM {T}"
                            + " WHERE id < 5000000) GROUP BY category"));

    static final List<Query> FLIGHTS = List.of(
            new Query("flights_scan_aggregate", false, "SELECT avg(delay), avg(distance), count(*) FROM {F}"),
            new Query("flights_group_by", false, "SELECT origin, avg(delay), count(*) FROM {F} GROUP BY origin"),
            new Query(
                    "flights_group_by_two_keys",
                    false,
                    "SELECT origin, destination, avg(delay), count(*) FROM {F} GROUP BY origin, destination"),
            new Query(
                    "flights_top_n",
                    false,
                    "SELECT date, origin, destination, delay FROM {F} ORDER BY delay DESC, date LIMIT 10"),
            new Query("flights_filter_like", false, "SELECT count(*) FROM {F} WHERE destination LIKE 'S%'"),
            new Query("flights_string_equality", true, "SELECT count(*), avg(delay) FROM {F} WHERE origin = 'ATL'"),
            new Query(
                    "flights_join",
                    false,
                    "SELECT count(*) FROM {F} f JOIN (SELECT DISTINCT origin FROM {F} "
                            + "WHERE origin LIKE 'A%') a ON f.destination = a.origin"),
            new Query(
                    "flights_window",
                    false,
                    "SELECT origin, count(*), avg(delay) FROM (SELECT origin, delay, rank() OVER (PARTITION BY origin"
                            + " ORDER BY delay DESC, date) AS r FROM {F}) WHERE r <= 3 GROUP BY origin"));

    /**
     * Where the tables of a query are: {@code table} is how the query names a table the bench
     * published as {@code name}.
     */
    enum Source {
        ARROW_FAMFS("arrow_famfs"),
        NATIVE("native"),
        NATIVE_COMPRESSED(COMPRESSED),
        PARQUET("parquet");

        final String key;

        Source(String key) {
            this.key = key;
        }

        String table(BenchVolume bench, String name) {
            return switch (this) {
                case ARROW_FAMFS -> name;
                case NATIVE -> "native_" + name;
                case NATIVE_COMPRESSED -> COMPRESSED + "." + name;
                case PARQUET -> "read_parquet('" + bench.dir.resolve(name + ".parquet") + "')";
            };
        }

        String sql(BenchVolume bench, Query query) {
            return query.sql()
                    .replace("{T}", table(bench, "synth"))
                    .replace("{D}", table(bench, "dim"))
                    .replace("{F}", table(bench, "flights"));
        }
    }

    private QueryBench() {}

    static void run(BenchSite site, int runs, JsonGenerator g, PrintWriter log) throws Exception {
        try (BenchVolume bench = new BenchVolume(site, 8L << 30, CachePolicy.COHERENT)) {
            long start = System.nanoTime();
            publishSynthetic(bench);
            Path flights = Path.of(System.getProperty(DATASETS, "../shared/datasets"), "flights-3m.parquet");
            boolean withFlights = Files.isReadable(flights);
            if (withFlights) {
                publishFlights(bench, flights);
            }
            log.printf(
                    "query: published %,d synthetic rows%s in %.0f s%n",
                    ROWS, withFlights ? " and flights" : "", (System.nanoTime() - start) / 1e9);
            try (QuerySession session = QuerySession.open(bench.catalog)) {
                Connection duckdb = session.duckdb();
                List<String> names = new ArrayList<>(List.of("synth", "dim"));
                if (withFlights) {
                    names.add("flights");
                }
                g.writeStartObject();
                g.writeArrayFieldStart("tables");
                execute(duckdb, "ATTACH ':memory:' AS " + COMPRESSED + " (COMPRESS)");
                for (String table : names) {
                    copy(bench, session, table, g, log);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("queries");
                List<Query> queries = new ArrayList<>(SYNTHETIC);
                if (withFlights) {
                    queries.addAll(FLIGHTS);
                }
                for (Query query : queries) {
                    compare(bench, session, query, runs, g, log);
                }
                g.writeEndArray();
                firstScans(bench, runs, g, log);
                Samples overhead = overhead(session, duckdb, runs, false);
                log.printf("query: planning and registration overhead per query %s ms%n", overhead);
                overhead.write(g, "overhead_ms");
                Samples firstRun = overhead(session, duckdb, runs, true);
                log.printf("query: the same for a statement never run before %s ms%n", firstRun);
                firstRun.write(g, "overhead_first_run_ms");
                g.writeEndObject();
            }
        }
    }

    /**
     * Copies {@code table} into the three other sources and reports the bytes each holds: our
     * frames, the growth of DuckDB's in-memory table storage for each native copy (the
     * compressed one after its checkpoint), and the Parquet file.
     */
    private static void copy(BenchVolume bench, QuerySession session, String table, JsonGenerator g, PrintWriter log)
            throws Exception {
        Connection duckdb = session.duckdb();
        long before = tableMemory(duckdb);
        session.copyToNative(table, Source.NATIVE.table(bench, table));
        long plain = tableMemory(duckdb) - before;
        before = tableMemory(duckdb);
        execute(
                duckdb,
                "CREATE TABLE " + Source.NATIVE_COMPRESSED.table(bench, table) + " AS SELECT * FROM "
                        + Source.NATIVE.table(bench, table));
        execute(duckdb, "CHECKPOINT " + COMPRESSED);
        long compressed = tableMemory(duckdb) - before;
        Path parquet = bench.dir.resolve(table + ".parquet");
        execute(duckdb, "COPY " + Source.NATIVE.table(bench, table) + " TO '" + parquet + "' (FORMAT parquet)");
        long ours = bench.catalog.refresh().require(table).bytes();
        long[] bytes = {ours, plain, compressed, Files.size(parquet)};
        log.printf(
                Locale.ROOT,
                "query: table %-8s bytes: arrow-famfs %,d  native %,d  native compressed %,d  parquet %,d%n",
                table,
                bytes[0],
                bytes[1],
                bytes[2],
                bytes[3]);
        g.writeStartObject();
        g.writeStringField("name", table);
        g.writeObjectFieldStart("bytes");
        for (Source source : Source.values()) {
            g.writeNumberField(source.key, bytes[source.ordinal()]);
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** The bytes DuckDB's buffer manager holds for in-memory tables. */
    private static long tableMemory(Connection duckdb) throws SQLException {
        try (Statement statement = duckdb.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Runs {@code query} on every source in turn and reports each one's times and our ratios. */
    private static void compare(
            BenchVolume bench, QuerySession session, Query query, int runs, JsonGenerator g, PrintWriter log)
            throws Exception {
        Connection duckdb = session.duckdb();
        Samples[] sources = interleaved(
                runs,
                () -> ours(session, Source.ARROW_FAMFS.sql(bench, query)),
                () -> execute(duckdb, Source.NATIVE.sql(bench, query)),
                () -> execute(duckdb, Source.NATIVE_COMPRESSED.sql(bench, query)),
                () -> execute(duckdb, Source.PARQUET.sql(bench, query)));
        Samples ours = sources[Source.ARROW_FAMFS.ordinal()];
        double fasterNative = Math.min(
                sources[Source.NATIVE.ordinal()].median(), sources[Source.NATIVE_COMPRESSED.ordinal()].median());
        double ratioNative = ours.median() / fasterNative;
        double ratioParquet = ours.median() / sources[Source.PARQUET.ordinal()].median();
        log.printf(
                Locale.ROOT,
                "query %-30s arrow-famfs %8.1f ms  native %8.1f ms  compressed %8.1f ms  parquet %8.1f ms"
                        + "  ratio native %.2f  parquet %.2f%n",
                query.name(),
                ours.median(),
                sources[Source.NATIVE.ordinal()].median(),
                sources[Source.NATIVE_COMPRESSED.ordinal()].median(),
                sources[Source.PARQUET.ordinal()].median(),
                ratioNative,
                ratioParquet);
        g.writeStartObject();
        g.writeStringField("name", query.name());
        g.writeBooleanField("selective", query.selective());
        for (Source source : Source.values()) {
            sources[source.ordinal()].write(g, source.key + "_ms");
        }
        g.writeNumberField("ratio_native", Math.round(ratioNative * 1000) / 1000.0);
        g.writeNumberField("ratio_parquet", Math.round(ratioParquet * 1000) / 1000.0);
        g.writeEndObject();
    }

    /**
     * What checking each batch's CRC32C on first use costs a query: the scan aggregate run once
     * in a new reader process (another host: its first scan of the table), with {@code
     * verify=first-use} and with {@code verify=off}, the two alternating process by process.
     */
    private static void firstScans(BenchVolume bench, int runs, JsonGenerator g, PrintWriter log) throws Exception {
        String sql = Source.ARROW_FAMFS.sql(bench, SYNTHETIC.get(0));
        Samples checked = new Samples();
        Samples unchecked = new Samples();
        for (int i = 0; i < runs; i++) {
            checked.add(firstScan(bench, "first-scan-first-use", sql));
            unchecked.add(firstScan(bench, "first-scan-off", sql));
        }
        log.printf(
                "query: first scan in a new process (%s): verify=first-use %s ms; verify=off %s ms%n",
                SYNTHETIC.get(0).name(), checked, unchecked);
        checked.write(g, "first_scan_verify_first_use_ms");
        unchecked.write(g, "first_scan_verify_off_ms");
    }

    private static double firstScan(BenchVolume bench, String mode, String sql) throws Exception {
        try (ChildJvm reader = bench.reader(mode, sql)) {
            double millis = Double.parseDouble(reader.expect("scanned")[1]);
            reader.waitFor();
            return millis;
        }
    }

    /**
     * Our cost per query beyond DuckDB's: a query whose id range no batch holds, so every batch is
     * pruned and DuckDB does almost nothing, against the same query on the native table. Run
     * again, the session reuses the statement (its rewrite, views and DuckDB plan); with
     * {@code firstRun} every execution is a new SQL text, so it pays for all of that as well.
     */
    private static Samples overhead(QuerySession session, Connection duckdb, int runs, boolean firstRun)
            throws Exception {
        String empty = "SELECT count(*) FROM %s WHERE id = %d";
        long[] fresh = {-1};
        Samples[] sources = interleaved(
                runs * 4,
                () -> ours(session, String.format(empty, "synth", firstRun ? --fresh[0] : -1)),
                () -> execute(duckdb, String.format(empty, "native_synth", firstRun ? --fresh[0] : -1)));
        Samples ours = sources[0];
        Samples nativeTable = sources[1];
        Samples overhead = new Samples();
        overhead.add(Math.max(0, ours.median() - nativeTable.median()));
        overhead.add(Math.max(0, ours.min() - nativeTable.min()));
        overhead.add(Math.max(0, ours.max() - nativeTable.max()));
        return overhead;
    }

    @FunctionalInterface
    private interface Run {
        void run() throws Exception;
    }

    /**
     * Times the sources round by round (each round runs every source once, in turn), so that a
     * drift in the machine's speed during the benchmark (another process, frequency, page cache)
     * weighs on every source alike rather than on whichever ran last. After one warm-up round,
     * at least {@code runs} rounds; more (up to {@link #MAX_RUNS}) when a round is fast, so that
     * the median of a millisecond query rests on enough samples.
     */
    private static Samples[] interleaved(int runs, Run... sources) throws Exception {
        double warmup = 0;
        for (Run source : sources) {
            warmup += timeOnce(source);
        }
        int rounds = (int) Math.min(MAX_RUNS, Math.max(runs, Math.ceil(ROUND_BUDGET_MS / Math.max(warmup, 1e-3))));
        Samples[] samples = new Samples[sources.length];
        for (int i = 0; i < sources.length; i++) {
            samples[i] = new Samples();
        }
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < sources.length; i++) {
                samples[i].add(timeOnce(sources[i]));
            }
        }
        return samples;
    }

    private static double timeOnce(Run run) throws Exception {
        long start = System.nanoTime();
        run.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static void ours(QuerySession session, String sql) throws SQLException {
        try (QueryResult result = session.execute(sql)) {
            drain(result.resultSet());
        }
    }

    private static void execute(Connection duckdb, String sql) throws SQLException {
        try (Statement statement = duckdb.createStatement()) {
            if (statement.execute(sql)) {
                try (ResultSet rows = statement.getResultSet()) {
                    drain(rows);
                }
            }
        }
    }

    private static void drain(ResultSet rows) throws SQLException {
        while (rows.next()) {
            rows.getObject(1);
        }
    }

    /**
     * 50M rows in 1M-row batches: id sorted, value and category derived from it, a short name; and
     * the 100-row dimension table. Both are published as import publishes a user's rows (strings
     * of few distinct values as dictionary codes), through {@link TableImport}.
     */
    private static void publishSynthetic(BenchVolume bench) throws Exception {
        try (ArrowReader reader = new SyntheticReader(bench.allocator)) {
            TableImport.run(
                    bench.catalog,
                    "synth",
                    reader,
                    bench.allocator,
                    Columns.BATCH_ROWS,
                    TableImport.DEFAULT_DICTIONARY_THRESHOLD,
                    n -> {});
        }
        // a tenth of the names, each once
        importQuery(
                bench,
                "dim",
                "SELECT i::INTEGER AS category, 'group ' || (i % 10) AS label, 'n' || (i * 10) AS name"
                        + " FROM range(100) t(i)");
    }

    /** Publishes what {@code select}, run by a DuckDB of its own, gives as table {@code table}, through import. */
    private static void importQuery(BenchVolume bench, String table, String select) throws Exception {
        try (Connection duckdb = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckdb.createStatement();
                ResultSet rows = statement.executeQuery(select);
                ArrowReader reader = (ArrowReader) rows.unwrap(org.duckdb.DuckDBResultSet.class)
                        .arrowExportStream(bench.allocator, TableImport.DEFAULT_BATCH_ROWS)) {
            TableImport.run(
                    bench.catalog,
                    table,
                    reader,
                    bench.allocator,
                    TableImport.DEFAULT_BATCH_ROWS,
                    TableImport.DEFAULT_DICTIONARY_THRESHOLD,
                    n -> {});
        }
    }

    /** The synthetic rows, batch by batch, as a reader. */
    private static final class SyntheticReader extends ArrowReader {
        private long base;

        SyntheticReader(BufferAllocator allocator) {
            super(allocator);
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            prepareLoadNextBatch();
            if (base >= ROWS) {
                return false;
            }
            int rows = (int) Math.min(Columns.BATCH_ROWS, ROWS - base);
            VectorSchemaRoot root = getVectorSchemaRoot();
            BigIntVector id = (BigIntVector) root.getVector("id");
            Float8Vector value = (Float8Vector) root.getVector("value");
            IntVector category = (IntVector) root.getVector("category");
            VarCharVector name = (VarCharVector) root.getVector("name");
            for (FieldVector vector : root.getFieldVectors()) {
                vector.setInitialCapacity(rows);
            }
            root.allocateNew();
            for (int i = 0; i < rows; i++) {
                long v = base + i;
                id.set(i, v);
                value.set(i, (v * 7919 % 10_000) / 10.0);
                category.set(i, (int) (v % 100));
                name.setSafe(i, ("n" + v % 1000).getBytes(StandardCharsets.UTF_8));
            }
            root.setRowCount(rows);
            base += rows;
            return true;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() {}

        @Override
        protected Schema readSchema() {
            return new Schema(List.of(
                    Field.nullable("id", new ArrowType.Int(64, true)),
                    Field.nullable("value", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                    Field.nullable("category", new ArrowType.Int(32, true)),
                    Field.nullable("name", ArrowType.Utf8.INSTANCE)));
        }
    }

    private static void publishFlights(BenchVolume bench, Path parquet) throws Exception {
        importQuery(bench, "flights", "SELECT * FROM read_parquet('" + parquet + "')");
    }
}
