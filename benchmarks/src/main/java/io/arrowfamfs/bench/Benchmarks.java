package io.arrowfamfs.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs one benchmark by name and returns its JSON document; progress goes to {@code log}. */
public final class Benchmarks {
    private Benchmarks() {}

    /**
     * Runs benchmark {@code name} ({@code runs} measured runs) at {@code site}; returns its JSON
     * document. Throws IllegalArgumentException for a name it does not know.
     */
    public static String run(String name, BenchSite site, int runs, PrintWriter log) throws Exception {
        StringWriter json = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(json).useDefaultPrettyPrinter()) {
            switch (name) {
                case "attach" -> AttachBench.run(site, runs, g, log);
                case "publish" -> PublishBench.run(site, runs, g, log);
                case "share" -> ShareBench.run(site, runs, g, log);
                case "visibility" -> VisibilityBench.run(site, runs, g, log);
                case "query" -> QueryBench.run(site, runs, g, log);
                default -> throw new IllegalArgumentException("unknown benchmark: " + name
                        + " (expected attach, publish, share, visibility or query)");
            }
        } catch (IOException e) {
            throw new IOException("benchmark " + name + " failed: " + e.getMessage(), e);
        }
        log.flush();
        return json.toString();
    }
}
