package io.arrowfamfs.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The benchmarks by name; runs one and returns its JSON document, with progress on {@code log}. */
public final class Benchmarks {
    /** One benchmark: measured runs at a site, figures into the generator, progress to the log. */
    @FunctionalInterface
    interface Benchmark {
        void run(BenchSite site, int runs, JsonGenerator json, PrintWriter log) throws Exception;
    }

    private static final Map<String, Benchmark> ALL = new LinkedHashMap<>();

    static {
        ALL.put("attach", AttachBench::run);
        ALL.put("publish", PublishBench::run);
        ALL.put("share", ShareBench::run);
        ALL.put("visibility", VisibilityBench::run);
        ALL.put("small", SmallBench::run);
        ALL.put("reclaim", ReclaimBench::run);
        ALL.put("query", QueryBench::run);
        ALL.put("commitlog", CommitLogCases::run);
    }

    private Benchmarks() {}

    /** The names {@link #run} knows, in the order the help lists them. */
    public static Set<String> names() {
        return ALL.keySet();
    }

    /**
     * Runs benchmark {@code name} ({@code runs} measured runs) at {@code site}; returns its JSON
     * document. Throws IllegalArgumentException for a name not in {@link #names()}.
     */
    public static String run(String name, BenchSite site, int runs, PrintWriter log) throws Exception {
        Benchmark benchmark = ALL.get(name);
        if (benchmark == null) {
            throw new IllegalArgumentException(
                    "unknown benchmark: name=" + name + " expected=" + String.join("|", names()));
        }
        StringWriter json = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(json).useDefaultPrettyPrinter()) {
            benchmark.run(site, runs, g, log);
        } catch (IOException e) {
            throw new IOException("benchmark failed: name=" + name + " error=" + e.getMessage(), e);
        }
        log.flush();
        return json.toString();
    }
}
