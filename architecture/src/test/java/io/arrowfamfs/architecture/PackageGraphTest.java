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
 * Writes the real package graph to {@code target/package-graph.txt} (and stdout), with the
 * allowed edges no class uses yet, checks it against the layering, and checks that README.md
 * shows exactly this graph.
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
        String rendered = PackageGraph.render(graph);
        String text = rendered + (unused.isEmpty() ? "" : "allowed, not used: " + unused + "\n");
        Files.writeString(Path.of("target", "package-graph.txt"), text);
        System.out.print(text);
        Path readme = Path.of(System.getProperty("basedir", ".")).resolve("../README.md");
        assertTrue(
                Files.readString(readme).contains("```\n" + rendered + "```\n"),
                "README.md's package-graph block is not the real graph; replace it with target/package-graph.txt"
                        + " (without its 'allowed, not used' line):\n" + rendered);
        assertEquals("testkit", PackageGraph.layerOf("io.arrowfamfs.testkit"));
        assertEquals("famfs.omf", PackageGraph.layerOf("io.arrowfamfs.famfs.omf"));
        assertEquals("famfs", PackageGraph.layerOf("io.arrowfamfs.famfs"));
    }
}
