package io.arrowfamfs.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The layering rules over the main classes of every module. */
class LayeringTest {
    /** Every main class of arrow-famfs, from every module on the class path; imported once. */
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(Layering.ROOT);

    @TestFactory
    Stream<DynamicTest> eachPackageUsesOnlyTheLayersBelowIt() {
        return Layering.LAYERS.stream()
                .map(layer ->
                        DynamicTest.dynamicTest(layer.name(), () -> layer.rule().check(CLASSES)));
    }

    @Test
    void onlyNativeioSeesJnrFfi() {
        Layering.ONLY_NATIVEIO_SEES_JNR.check(CLASSES);
    }

    @Test
    void aFrameNeverKnowsTheVolume() {
        Layering.FRAME_NEVER_KNOWS_THE_VOLUME.check(CLASSES);
    }

    @Test
    void theCoreKnowsNoEngineNorTerminal() {
        Layering.CORE_KNOWS_NO_ENGINE_OR_TERMINAL.check(CLASSES);
    }

    @Test
    void duckdbAndSparkLayersNeverSeeEachOther() {
        Layering.QUERY_DOES_NOT_SEE_SPARK.check(CLASSES);
        Layering.SPARK_DOES_NOT_SEE_QUERY.check(CLASSES);
    }

    @Test
    void nothingUsesBenchmarksOrExamples() {
        Layering.NOTHING_USES_BENCHMARKS.check(CLASSES);
        Layering.NOTHING_USES_EXAMPLES.check(CLASSES);
    }

    @Test
    void noCyclesBetweenPackages() {
        Layering.NO_PACKAGE_CYCLES.check(CLASSES);
    }

    @Test
    void modulesUseOnlyTheirDependenciesAndFormNoCycle() {
        Set<String> seen = new TreeSet<>();
        for (JavaClass type : CLASSES) {
            String module = Modules.of(type);
            assertNotNull(module, "no module for class=" + type.getName() + " source=" + type.getSource());
            seen.add(module);
        }
        Set<String> expected = new TreeSet<>(Modules.USES.keySet());
        expected.remove("arrow-famfs-spark"); // not written yet
        assertEquals(expected, seen, "every module's classes are imported, so the module rules see them all");
        Modules.useOnlyTheirDependencies(Modules::of).check(CLASSES);
        Modules.freeOfCycles(Modules::of).check(CLASSES);
    }
}
