package io.arrowfamfs.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.arrowfamfs.catalog.fixture.CatalogThatCallsJnr;
import io.arrowfamfs.cli.fixture.CliThatRunsABenchmark;
import io.arrowfamfs.frame.fixture.FrameThatOpensAVolume;
import io.arrowfamfs.query.fixture.QueryThatUsesSpark;
import io.arrowfamfs.scan.fixture.ScanThatRunsDuckdb;
import io.arrowfamfs.spark.fixture.SparkThatUsesQuery;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link Layering} and {@link Modules} fails on a small set of fixture classes that
 * break it (test sources of this module, which the real check does not import), so that a rule
 * that passes on the real code does so because the code obeys it.
 */
class LayeringRulesCanFailTest {
    private static final JavaClasses FIXTURES = new ClassFileImporter()
            .importClasses(
                    FrameThatOpensAVolume.class,
                    CatalogThatCallsJnr.class,
                    ScanThatRunsDuckdb.class,
                    SparkThatUsesQuery.class,
                    QueryThatUsesSpark.class,
                    CliThatRunsABenchmark.class);

    private static void fails(ArchRule rule, String violation) {
        AssertionError error = assertThrows(AssertionError.class, () -> rule.check(FIXTURES), rule.getDescription());
        assertTrue(error.getMessage().contains(violation), error.getMessage());
    }

    @Test
    void jnrOutsideNativeio() {
        fails(Layering.ONLY_NATIVEIO_SEES_JNR, CatalogThatCallsJnr.class.getName());
    }

    @Test
    void aFrameThatKnowsItsVolume() {
        fails(Layering.FRAME_NEVER_KNOWS_THE_VOLUME, FrameThatOpensAVolume.class.getName());
        fails(Layering.layer("frame").rule(), "io.arrowfamfs.famfs.Volume");
    }

    @Test
    void theCoreUsingDuckdbAndScanUsingQuery() {
        fails(Layering.CORE_KNOWS_NO_ENGINE_OR_TERMINAL, "org.duckdb.DuckDBConnection");
        fails(Layering.layer("scan").rule(), "io.arrowfamfs.query.QuerySession");
    }

    @Test
    void duckdbAndSparkUsingEachOther() {
        fails(Layering.QUERY_DOES_NOT_SEE_SPARK, QueryThatUsesSpark.class.getName());
        fails(Layering.SPARK_DOES_NOT_SEE_QUERY, SparkThatUsesQuery.class.getName());
        fails(Layering.layer("spark").rule(), QueryThatUsesSpark.class.getName());
        fails(Layering.layer("query").rule(), SparkThatUsesQuery.class.getName());
    }

    @Test
    void benchmarksAndExamplesUsedByTheCli() {
        fails(Layering.NOTHING_USES_BENCHMARKS, "io.arrowfamfs.bench.Benchmarks");
        fails(Layering.NOTHING_USES_EXAMPLES, "io.arrowfamfs.examples.ShareAFile");
        fails(Layering.layer("cli").rule(), "io.arrowfamfs.bench.Benchmarks");
    }

    @Test
    void aCycleBetweenPackages() {
        fails(Layering.NO_PACKAGE_CYCLES, "Cycle detected");
    }

    @Test
    void modulesThatUseEachOther() {
        fails(
                Modules.useOnlyTheirDependencies(LayeringRulesCanFailTest::fixtureModule),
                "arrow-famfs-query uses arrow-famfs-spark");
        fails(Modules.freeOfCycles(LayeringRulesCanFailTest::fixtureModule), "Cycle detected");
    }

    /** Fixtures live in this module's test classes; give each the module its package would be in. */
    private static String fixtureModule(JavaClass type) {
        String name = type.getPackageName();
        return name.startsWith("io.arrowfamfs.query")
                ? "arrow-famfs-query"
                : name.startsWith("io.arrowfamfs.spark") ? "arrow-famfs-spark" : null;
    }
}
