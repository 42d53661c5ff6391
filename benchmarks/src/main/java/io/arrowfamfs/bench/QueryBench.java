package io.arrowfamfs.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.arrowfamfs.catalog.TableImport;
import io.arrowfamfs.cli.ChildJvm;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.query.QueryResult;
import io.arrowfamfs.query.QuerySession;
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
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Queries over shared frames against the same data as a native DuckDB table and as Parquet in
 * the scratch directory, in one DuckDB session: a synthetic table of 50M rows (sorted int64 id,
 * float64 value, int32 category, short utf8 name) with a small dimension table, and the flights
 * dataset when it is present. Each query runs after a warm-up, at least {@code runs} times per
 * source, the sources taking turns.
 */
final class QueryBench {
    static final long ROWS = 50_000_000L;
    private static final String DATASETS = "arrowfamfs.datasets";
    /** Fast rounds are repeated until they add up to about this much. */
    private static final double ROUND_BUDGET_MS = 1000;

    private static final int MAX_RUNS = 101;

    /** One query, written once with {T} for the table and {D} for the dimension table. */
    record Query(String name, boolean selective, String sql) {}

    static final List<Query> SYNTHETIC = List.of(
            new Query("synthetic_scan_aggregate", false, "SELECT sum(value), count(*) FROM {T}"),
            new Query("synthetic_group_by", false, "SELECT category, avg(value), count(*) FROM {T} GROUP BY category"),
            new Query("synthetic_filter_like", false, "SELECT count(*) FROM {T} WHERE name LIKE '%77%'"),
            new Query(
                    "synthetic_selective_id_range",
                    true,
                    "SELECT sum(value) FROM {T} WHERE id BETWEEN 20000000 AND 20100000"),
            new Query(
                    "synthetic_join",
                    false,
                    "SELECT d.label, count(*) FROM {T} t JOIN {D} d ON t.category = d.category GROUP BY d.label"));

    static final List<Query> FLIGHTS = List.of(
            new Query("flights_scan_aggregate", false, "SELECT avg(delay), avg(distance), count(*) FROM {F}"),
            new Query("flights_group_by", false, "SELECT origin, avg(delay), count(*) FROM {F} GROUP BY origin"),
            new Query("flights_filter_like", false, "SELECT count(*) FROM {F} WHERE destination LIKE 'S%'"),
            new Query(
                    "flights_join",
                    false,
                    "SELECT count(*) FROM {F} f JOIN (SELECT DISTINCT origin FROM {F} "
                            + "WHERE origin LIKE 'A%') a ON f.destination = a.origin"));

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
                for (String table : names) {
                    session.copyToNative(table, "native_" + table);
                    Path parquet = bench.dir.resolve(table + ".parquet");
                    execute(duckdb, "COPY native_" + table + " TO '" + parquet + "' (FORMAT parquet)");
                }
                g.writeStartObject();
                g.writeArrayFieldStart("queries");
                List<Query> queries = new ArrayList<>(SYNTHETIC);
                if (withFlights) {
                    queries.addAll(FLIGHTS);
                }
                for (Query query : queries) {
                    Samples[] sources = interleaved(
                            runs,
                            () -> ours(session, sql(query, "synth", "dim", "flights")),
                            () -> execute(duckdb, sql(query, "native_synth", "native_dim", "native_flights")),
                            () -> execute(
                                    duckdb,
                                    sql(
                                            query,
                                            parquet(bench, "synth"),
                                            parquet(bench, "dim"),
                                            parquet(bench, "flights"))));
                    Samples ours = sources[0];
                    Samples nativeTable = sources[1];
                    Samples parquet = sources[2];
                    double ratio = ours.median() / nativeTable.median();
                    log.printf(
                            Locale.ROOT,
                            "query %-30s arrow-famfs %8.1f ms  native %8.1f ms  parquet %8.1f ms  ratio %.2f%n",
                            query.name(),
                            ours.median(),
                            nativeTable.median(),
                            parquet.median(),
                            ratio);
                    g.writeStartObject();
                    g.writeStringField("name", query.name());
                    g.writeBooleanField("selective", query.selective());
                    ours.write(g, "arrow_famfs_ms");
                    nativeTable.write(g, "native_ms");
                    parquet.write(g, "parquet_ms");
                    g.writeNumberField("ratio_native", Math.round(ratio * 1000) / 1000.0);
                    g.writeEndObject();
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
     * What checking each batch's CRC32C on first use costs a query: the scan aggregate run once
     * in a new reader process (another host: its first scan of the table), with {@code
     * verify=first-use} and with {@code verify=off}, the two alternating process by process.
     */
    private static void firstScans(BenchVolume bench, int runs, JsonGenerator g, PrintWriter log) throws Exception {
        String sql = sql(SYNTHETIC.get(0), "synth", "dim", "flights");
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

    private static String parquet(BenchVolume bench, String table) {
        return "read_parquet('" + bench.dir.resolve(table + ".parquet") + "')";
    }

    private static String sql(Query query, String table, String dimension, String flights) {
        return query.sql().replace("{T}", table).replace("{D}", dimension).replace("{F}", flights);
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

    /** 50M rows in 1M-row batches: id sorted, value and category derived from it, a short name. */
    private static void publishSynthetic(BenchVolume bench) {
        try (FrameBuilder frame = new FrameBuilder(schema(bench))) {
            for (long base = 0; base < ROWS; base += Columns.BATCH_ROWS) {
                int rows = (int) Math.min(Columns.BATCH_ROWS, ROWS - base);
                try (VectorSchemaRoot root = synthetic(bench, base, rows)) {
                    frame.add(root);
                }
            }
            bench.catalog.createOrAppend("synth", frame, bench.allocator);
        }
        try (IntVector category = new IntVector("category", bench.allocator);
                VarCharVector label = new VarCharVector("label", bench.allocator);
                VectorSchemaRoot root = VectorSchemaRoot.of(category, label);
                FrameBuilder frame = new FrameBuilder(root.getSchema())) {
            root.allocateNew();
            for (int c = 0; c < 100; c++) {
                category.setSafe(c, c);
                label.setSafe(c, ("group " + c % 10).getBytes(StandardCharsets.UTF_8));
            }
            root.setRowCount(100);
            frame.add(root);
            bench.catalog.createOrAppend("dim", frame, bench.allocator);
        }
    }

    private static org.apache.arrow.vector.types.pojo.Schema schema(BenchVolume bench) {
        try (VectorSchemaRoot empty = synthetic(bench, 0, 0)) {
            return empty.getSchema();
        }
    }

    private static VectorSchemaRoot synthetic(BenchVolume bench, long base, int rows) {
        BigIntVector id = new BigIntVector("id", bench.allocator);
        Float8Vector value = new Float8Vector("value", bench.allocator);
        IntVector category = new IntVector("category", bench.allocator);
        VarCharVector name = new VarCharVector("name", bench.allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(id, value, category, name);
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
        return root;
    }

    private static void publishFlights(BenchVolume bench, Path parquet) throws Exception {
        try (Connection duckdb = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckdb.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM read_parquet('" + parquet + "')");
                ArrowReader reader = (ArrowReader) rows.unwrap(org.duckdb.DuckDBResultSet.class)
                        .arrowExportStream(bench.allocator, TableImport.DEFAULT_BATCH_ROWS)) {
            TableImport.run(bench.catalog, "flights", reader, bench.allocator, TableImport.DEFAULT_BATCH_ROWS, n -> {});
        }
    }
}
