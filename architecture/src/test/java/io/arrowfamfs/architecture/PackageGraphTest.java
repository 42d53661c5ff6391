package io.arrowfamfs.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Writes the real package graph to {@code target/package-graph.txt} (and stdout) for the README,
 * with the allowed edges no class uses yet, and checks it against the layering.
 */
class PackageGraphTest {
    @Test
    void theRealGraphIsWrittenAndEveryEdgeIsAllowed() throws IOException {
        Map<String, Set<String>> graph = PackageGraph.of(LayeringTest.CLASSES);
        List<String> unused = new ArrayList<>();
        for (Layer layer : Layering.LAYERS) {
            Set<String> real = graph.get(layer.name());
            if (real == null) {
                assertTrue(layer.optional(), "no classes in layer=" + layer.name());
                continue;
            }
            for (String use : real) {
                assertTrue(layer.uses().contains(use), "edge not allowed: " + layer.name() + " -> " + use);
            }
            for (String use : layer.uses()) {
                if (!real.contains(use) && !use.equals("errors")) { // every layer may throw the root exception
                    unused.add(layer.name() + " -> " + use);
                }
            }
        }
        String text = PackageGraph.render(graph) + (unused.isEmpty() ? "" : "allowed, not used: " + unused + "\n");
        Files.writeString(Path.of("target", "package-graph.txt"), text);
        System.out.print(text);
        assertEquals("testkit", PackageGraph.layerOf("io.arrowfamfs.testkit"));
        assertEquals("famfs.omf", PackageGraph.layerOf("io.arrowfamfs.famfs.omf"));
        assertEquals("famfs", PackageGraph.layerOf("io.arrowfamfs.famfs"));
    }
}
