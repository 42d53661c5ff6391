package io.arrowfamfs.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.arrowfamfs.nativeio.CpuCache;
import io.arrowfamfs.nativeio.NativeHelperUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.runner.RunnerException;

/**
 * {@code bench commitlog}: the {@link CommitLogBench} methods through JMH, each case against its
 * baseline measured in the same run, with the ratio of their medians. The non-coherent cases need
 * the native helper; without it they are left out and the reason is reported. Formats no device:
 * the scratch file lies under the site's scratch directory.
 */
final class CommitLogCases {
    /** A measured method, the method that is its baseline, and the names the report gives them. */
    record Case(String name, String method, String baseline, String baselineMethod, boolean nonCoherent) {}

    static final List<Case> CASES = List.of(
            new Case("append_coherent", "appendCoherent", "put_bytes", "putBytes", false),
            new Case("append_non_coherent", "appendNonCoherent", "put_bytes", "putBytes", true),
            new Case("read_coherent", "readCoherent", "get_long_copy_of", "getLongCopyOf", false),
            new Case("read_non_coherent", "readNonCoherent", "get_long_copy_of", "getLongCopyOf", true));

    private CommitLogCases() {}

    static void run(BenchSite site, int runs, JsonGenerator g, PrintWriter log) throws IOException, RunnerException {
        String writeBack = null;
        String invalidate = null;
        String skipped = null;
        try {
            writeBack = CpuCache.writeBackInstruction();
            invalidate = CpuCache.invalidateInstruction();
        } catch (NativeHelperUnavailableException e) {
            skipped = e.getMessage();
            log.println("commitlog: non-coherent cases left out: " + skipped);
        }
        List<Case> cases = new ArrayList<>();
        Set<String> methods = new LinkedHashSet<>();
        for (Case c : CASES) {
            if (!c.nonCoherent() || skipped == null) {
                cases.add(c);
                methods.add(c.method());
                methods.add(c.baselineMethod());
            }
        }
        log.printf(
                "commitlog: JMH, %d methods, 1 fork each, %d x %s warm-up, %d x %s measured, 512-byte records%n",
                methods.size(), JmhRunner.WARMUP_ITERATIONS, JmhRunner.WARMUP_TIME, runs, JmhRunner.ITERATION_TIME);
        log.flush();
        Map<String, Samples> scores = JmhRunner.run(
                CommitLogBench.class,
                List.copyOf(methods),
                Map.of("dir", site.scratch().toString()),
                runs);
        g.writeStartObject();
        g.writeStringField("unit", "ns/op");
        g.writeNumberField("record_bytes", CommitLogBench.RECORD);
        g.writeNumberField("forks", 1);
        g.writeNumberField("warmup_iterations", JmhRunner.WARMUP_ITERATIONS);
        g.writeNumberField("iteration_ms", JmhRunner.ITERATION_TIME.convertTo(TimeUnit.MILLISECONDS));
        g.writeStringField("write_back_instruction", writeBack);
        g.writeStringField("invalidate_instruction", invalidate);
        if (skipped != null) {
            g.writeStringField("non_coherent_left_out", skipped);
        }
        g.writeArrayFieldStart("results");
        for (Case c : cases) {
            Samples measured = scores.get(c.method());
            Samples baseline = scores.get(c.baselineMethod());
            double ratio = measured.median() / baseline.median();
            log.printf(
                    Locale.ROOT, "%-19s %s ns; %s %s ns; %.2fx%n", c.name(), measured, c.baseline(), baseline, ratio);
            g.writeStartObject();
            g.writeStringField("case", c.name());
            measured.write(g, "ns_per_op");
            g.writeStringField("baseline", c.baseline());
            baseline.write(g, "baseline_ns_per_op");
            g.writeNumberField("ratio", Math.round(ratio * 100) / 100.0);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
