package io.arrowfamfs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The layering of DESIGN.md section 2 as rules over bytecode. Data flows one way:
 * cli/jdbc/benchmarks -> query -> scan/catalog -> frame -> famfs -> famfs.omf -> nativeio. Each
 * package's allowed edges below are as tight as the code allows: an edge not listed is a
 * violation, an edge listed is used today (or, for packages not written yet, planned).
 */
final class Layering {
    static final String ROOT = "io.arrowfamfs";

    /** Every package, bottom up, with the packages it may use. */
    static final List<Layer> LAYERS = List.of(
            Layer.of("errors", ROOT, "ArrowFamfsException is the root every layer throws: it knows no layer"),
            Layer.of(
                    "nativeio",
                    ROOT + ".nativeio..",
                    "the native layer is the bottom: it knows nothing it serves",
                    "errors"),
            Layer.of(
                    "famfs.omf",
                    ROOT + ".famfs.omf..",
                    "the on-media format is bytes and layouts, readable from any buffer",
                    "errors"),
            Layer.of(
                    "commitlog",
                    ROOT + ".commitlog..",
                    "the commit-log primitive is slots and a counter in a mapped region: it knows no owner",
                    "errors",
                    "nativeio"),
            Layer.of(
                    "famfs",
                    ROOT + ".famfs",
                    "volumes are built on the format and on mappings, and on nothing that uses them",
                    "errors",
                    "famfs.omf",
                    "commitlog",
                    "nativeio"),
            Layer.of(
                    "frame",
                    ROOT + ".frame..",
                    "a frame never knows what kind of volume it lives on: it sees a mapped region",
                    "errors",
                    "nativeio"),
            Layer.of(
                    "cdata",
                    ROOT + ".cdata..",
                    "batches are handed to native consumers from pinned buffers alone",
                    "errors",
                    "nativeio"),
            Layer.of(
                    "space",
                    ROOT + ".space..",
                    "pools and their units are famfs files cut into ranges; they know nothing of what the ranges hold",
                    "errors",
                    "nativeio",
                    "famfs"),
            Layer.of(
                    "hosts",
                    ROOT + ".hosts..",
                    "who may still read what is host slots, pins and leases on volumes; it knows no table",
                    "errors",
                    "nativeio",
                    "famfs"),
            Layer.of(
                    "catalog",
                    ROOT + ".catalog..",
                    "tables are frames in pools on volumes, read under pins and leases; they know no engine",
                    "errors",
                    "nativeio",
                    "commitlog",
                    "famfs",
                    "space",
                    "hosts",
                    "frame"),
            Layer.of(
                    "scan",
                    ROOT + ".scan..",
                    "scan planning is engine-neutral: shared by the DuckDB layer and the Spark connector",
                    "catalog",
                    "frame"),
            Layer.of(
                    "query",
                    ROOT + ".query..",
                    "the DuckDB layer plans through scan and hands batches over as C streams, never volumes",
                    "errors",
                    "catalog",
                    "cdata",
                    "scan"),
            Layer.future(
                    "spark",
                    ROOT + ".spark..",
                    "the Spark connector plans scans engine-neutrally and knows nothing of DuckDB",
                    "errors",
                    "scan",
                    "catalog",
                    "frame",
                    "cdata"),
            Layer.of(
                    "jdbc",
                    ROOT + ".jdbc..",
                    "the JDBC driver is the query layer behind java.sql; it opens volumes and catalogs (with the"
                            + " frame layer's verify setting)",
                    "errors",
                    "famfs",
                    "frame",
                    "catalog",
                    "query"),
            Layer.of(
                    "cli",
                    ROOT + ".cli..",
                    "the command line inspects every layer (info, fsck, ls) but is used by none",
                    "errors",
                    "nativeio",
                    "famfs.omf",
                    "famfs",
                    "space",
                    "hosts",
                    "frame",
                    "catalog",
                    "query"),
            Layer.of(
                    "bench",
                    ROOT + ".bench..",
                    "benchmarks measure every layer and the CLI; nothing depends on them",
                    "errors",
                    "nativeio",
                    "commitlog",
                    "famfs",
                    "space",
                    "frame",
                    "catalog",
                    "query",
                    "cli"),
            Layer.of(
                    "examples",
                    ROOT + ".examples..",
                    "examples use the public library API only",
                    "errors",
                    "nativeio",
                    "famfs",
                    "frame",
                    "catalog"),
            Layer.of(
                    "testkit",
                    ROOT + ".testkit..",
                    "the test kit must not depend on arrow-famfs, so the core's own tests can use it"));

    /** The packages of the core library (arrow-famfs/). */
    static final String[] CORE = {
        ROOT,
        ROOT + ".nativeio..",
        ROOT + ".famfs..",
        ROOT + ".frame..",
        ROOT + ".cdata..",
        ROOT + ".space..",
        ROOT + ".catalog..",
        ROOT + ".scan..",
        ROOT + ".commitlog..",
        ROOT + ".hosts.."
    };

    static final ArchRule ONLY_NATIVEIO_SEES_JNR = noClasses()
            .that()
            .resideOutsideOfPackage(ROOT + ".nativeio..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("jnr..", "com.kenai..")
            .because("one package-private binding, loaded once: no jnr-ffi type leaves nativeio (STYLE.md)");

    static final ArchRule FRAME_NEVER_KNOWS_THE_VOLUME = noClasses()
            .that()
            .resideInAPackage(ROOT + ".frame..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    ROOT + ".famfs..",
                    ROOT + ".catalog..",
                    ROOT + ".scan..",
                    ROOT + ".query..",
                    ROOT + ".spark..",
                    ROOT + ".jdbc..",
                    ROOT + ".cli..",
                    ROOT + ".bench..")
            .because("a frame never knows which kind of volume it lives on: it sees a mapped region (DESIGN.md 2)");

    static final ArchRule CORE_KNOWS_NO_ENGINE_OR_TERMINAL = noClasses()
            .that()
            .resideInAnyPackage(CORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.duckdb..", "picocli..", "org.jline..")
            .because("the core is a library any engine can use: DuckDB, picocli and JLine stay in the layers above");

    static final ArchRule QUERY_DOES_NOT_SEE_SPARK = neverUses(ROOT + ".query..", ROOT + ".spark..")
            .because("the DuckDB layer and the Spark connector are siblings over scan: neither needs the other");

    static final ArchRule SPARK_DOES_NOT_SEE_QUERY = neverUses(ROOT + ".spark..", ROOT + ".query..")
            .allowEmptyShould(true)
            .because("the Spark connector must run without DuckDB on the class path");

    static final ArchRule NOTHING_USES_BENCHMARKS =
            usedByNothing(ROOT + ".bench..").because("benchmarks are in no jar a user deploys");

    static final ArchRule NOTHING_USES_EXAMPLES =
            usedByNothing(ROOT + ".examples..").because("examples are programs to read and run, not a library");

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching(ROOT + ".(**)")
            .should()
            .beFreeOfCycles()
            .because("a cycle between packages is a layer reaching up; famfs and famfs.omf count apart");

    private Layering() {}

    private static ArchRule neverUses(String from, String to) {
        return noClasses()
                .that()
                .resideInAPackage(from)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(to);
    }

    private static ArchRule usedByNothing(String id) {
        return noClasses()
                .that()
                .resideOutsideOfPackage(id)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(id);
    }

    /** The layer called {@code name}. */
    static Layer layer(String name) {
        return LAYERS.stream()
                .filter(l -> l.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer: name=" + name));
    }
}
