package io.arrowfamfs.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.PackageMatcher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The real dependency graph between the layers of {@link Layering}, read from bytecode: which
 * layer's classes use which other layer's. {@code PackageGraphTest} writes it to
 * {@code architecture/target/package-graph.txt} for the README.
 */
final class PackageGraph {
    private PackageGraph() {}

    /** Each layer that has classes, bottom up, and the layers it uses. */
    static Map<String, Set<String>> of(JavaClasses classes) {
        Map<String, Set<String>> graph = new LinkedHashMap<>();
        for (JavaClass type : classes) {
            String from = layerOf(type.getPackageName());
            if (from == null) {
                continue;
            }
            Set<String> uses = graph.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                String to = layerOf(dependency.getTargetClass().getPackageName());
                if (to != null && !to.equals(from)) {
                    uses.add(to);
                }
            }
        }
        Map<String, Set<String>> ordered = new LinkedHashMap<>();
        for (Layer layer : Layering.LAYERS) {
            if (graph.containsKey(layer.name())) {
                ordered.put(layer.name(), graph.get(layer.name()));
            }
        }
        return ordered;
    }

    /** The graph as text, one line per layer: {@code catalog -> errors, famfs, frame, nativeio}. */
    static String render(Map<String, Set<String>> graph) {
        StringBuilder text = new StringBuilder();
        graph.forEach((from, uses) -> text.append(
                String.format("%-10s -> %s%n", from, uses.isEmpty() ? "(nothing)" : String.join(", ", uses))));
        return text.toString();
    }

    /** The layer a package belongs to, or null outside arrow-famfs. */
    static String layerOf(String packageName) {
        for (Layer layer : Layering.LAYERS) {
            if (PackageMatcher.of(layer.id()).matches(packageName)) {
                return layer.name();
            }
        }
        return null;
    }
}
