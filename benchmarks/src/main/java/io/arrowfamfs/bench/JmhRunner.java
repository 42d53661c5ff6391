package io.arrowfamfs.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs JMH benchmark methods in this process's JMH runner: each method in one forked JVM started
 * with this JVM's flags (the add-opens arrow-famfs needs), {@value #WARMUP_ITERATIONS} warm-up
 * iterations, then the measured ones; average time in ns/op. JMH's own report stays silent (stdout
 * may carry the JSON document); the iteration scores come back as {@link Samples}.
 */
final class JmhRunner {
    static final int WARMUP_ITERATIONS = 3;
    static final TimeValue WARMUP_TIME = TimeValue.seconds(1);
    static final TimeValue ITERATION_TIME = TimeValue.seconds(1);

    private JmhRunner() {}

    /**
     * Runs {@code methods} of {@code benchmark} with {@code runs} measured iterations each and
     * {@code params} for its {@code @Param} fields; returns each method's iteration scores (ns/op)
     * by method name.
     */
    static Map<String, Samples> run(Class<?> benchmark, List<String> methods, Map<String, String> params, int runs)
            throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(Pattern.quote(benchmark.getName()) + "\\.(" + String.join("|", methods) + ")$")
                .forks(1)
                .jvmArgs(
                        ManagementFactory.getRuntimeMXBean().getInputArguments().toArray(String[]::new))
                .warmupIterations(WARMUP_ITERATIONS)
                .warmupTime(WARMUP_TIME)
                .measurementIterations(runs)
                .measurementTime(ITERATION_TIME)
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.NANOSECONDS)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        params.forEach(options::param);
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Samples> scores = new LinkedHashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            Samples samples = new Samples();
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    samples.add(iteration.getPrimaryResult().getScore());
                }
            }
            scores.put(name.substring(name.lastIndexOf('.') + 1), samples);
        }
        for (String method : methods) {
            if (!scores.containsKey(method) || scores.get(method).runs() < runs) {
                throw new RunnerException("jmh returned too few iterations: benchmark=" + benchmark.getName() + "."
                        + method + " expected=" + runs + " actual="
                        + (scores.containsKey(method) ? scores.get(method).runs() : 0));
            }
        }
        return scores;
    }
}
