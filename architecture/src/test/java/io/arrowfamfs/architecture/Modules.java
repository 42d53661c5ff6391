package io.arrowfamfs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Maven modules, told apart by where a class was loaded from: {@code <module>/target/classes}
 * while the reactor runs {@code test}, {@code arrow-famfs-<module>-<version>.jar} once it has
 * packaged. A module is named by its artifact id.
 */
final class Modules {
    /** Each module and the modules its classes may use (the poms' dependencies, bottom up). */
    static final Map<String, Set<String>> USES = Map.of(
            "arrow-famfs-testkit", Set.of(),
            "arrow-famfs", Set.of(),
            "arrow-famfs-query", Set.of("arrow-famfs"),
            "arrow-famfs-spark", Set.of("arrow-famfs"),
            "arrow-famfs-jdbc", Set.of("arrow-famfs", "arrow-famfs-query"),
            "arrow-famfs-cli", Set.of("arrow-famfs", "arrow-famfs-query"),
            "arrow-famfs-benchmarks", Set.of("arrow-famfs", "arrow-famfs-query", "arrow-famfs-cli"),
            "arrow-famfs-examples", Set.of("arrow-famfs"));

    private static final Pattern DIRECTORY = Pattern.compile(".*/([^/]+)/target/classes/.*");
    private static final Pattern JAR = Pattern.compile(".*/(arrow-famfs(?:-[a-z]+)*)-\\d[^/]*\\.jar!/.*");

    private Modules() {}

    /** The artifact id of the module {@code type} was loaded from, or null for a class of no module. */
    static String of(JavaClass type) {
        if (type.getSource().isEmpty()) {
            return null;
        }
        String uri = type.getSource().get().getUri().toString();
        Matcher jar = JAR.matcher(uri);
        if (jar.matches()) {
            return jar.group(1);
        }
        Matcher directory = DIRECTORY.matcher(uri);
        if (directory.matches()) {
            String name = directory.group(1);
            return name.equals("arrow-famfs") ? name : "arrow-famfs-" + name;
        }
        return null;
    }

    /** No two modules use each other, directly or through others. */
    static ArchRule freeOfCycles(Function<JavaClass, String> moduleOf) {
        return slices().assignedFrom(new SliceAssignment() {
                    @Override
                    public SliceIdentifier getIdentifierOf(JavaClass type) {
                        String module = type.getPackageName().startsWith(Layering.ROOT) ? moduleOf.apply(type) : null;
                        return module == null ? SliceIdentifier.ignore() : SliceIdentifier.of(module);
                    }

                    @Override
                    public String getDescription() {
                        return "modules";
                    }
                })
                .should()
                .beFreeOfCycles()
                .because("Maven builds the modules bottom up; a cycle would not even build");
    }

    /** Each module's classes use only the modules {@link #USES} lists for it. */
    static ArchRule useOnlyTheirDependencies(Function<JavaClass, String> moduleOf) {
        return classes()
                .that()
                .resideInAPackage(Layering.ROOT + "..")
                .should(new ArchCondition<JavaClass>("use only the modules their module depends on") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        String from = moduleOf.apply(type);
                        if (from == null) {
                            return;
                        }
                        for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                            String to = moduleOf.apply(dependency.getTargetClass());
                            if (to != null
                                    && !to.equals(from)
                                    && !USES.getOrDefault(from, Set.of()).contains(to)) {
                                events.add(SimpleConditionEvent.violated(
                                        dependency, from + " uses " + to + ": " + dependency.getDescription()));
                            }
                        }
                    }
                })
                .because("each module sees only what its pom depends on, in the README's order");
    }
}
