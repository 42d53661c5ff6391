package io.arrowfamfs.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.testkit.ShmDir;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Frames against another Arrow implementation: Arrow's JavaScript library writes a foreign file
 * (dictionary-encoded strings, int16, float32, nulls, zero-length validity buffers) that we
 * import, and reads both our exported file and a frame's raw bytes. Needs node and
 * {@code npm ci --prefix cli/src/test/js} (done by .ci/run); skipped without them.
 */
class FrameInteropTest {
    static final Path JS = Path.of("src/test/js");
    static final String MASTER = CliTest.MASTER;

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    @BeforeEach
    void requireNode() {
        Assumptions.assumeTrue(
                Files.isDirectory(JS.resolve("node_modules/apache-arrow")),
                "Arrow JS not installed: run npm ci --prefix cli/src/test/js");
    }

    static String node(String script, Path file, String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("node", JS.resolve(script).toString(), file.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), script + " failed: " + out);
        return out;
    }

    /** The JS summary without the column types (a dictionary column comes back as plain Utf8). */
    static String withoutTypes(String summary) {
        return summary.replaceAll("\"type\":\"[^\"]*\",", "");
    }

    @Test
    void foreignFileImportsIntactAndJavaScriptReadsOurFrames() throws Exception {
        Path foreign = shm.device("foreign.arrow");
        node("write-arrow.mjs", foreign);
        String source = node("read-arrow.mjs", foreign);
        assertTrue(source.contains("Dictionary<Int32, Utf8>"), source);

        String d = shm.device("dev.img").toString();
        assertEquals(
                0,
                CliTest.run("mkfs", "-d", d, "--node-id", MASTER, "--size", "128M")
                        .status());
        CliTest.Result imported = CliTest.run("import", "-d", d, "--node-id", MASTER, foreign.toString(), "foreign");
        assertEquals(0, imported.status(), imported.err());
        assertTrue(imported.out().contains("5,000 rows"), imported.out());

        Path exported = shm.device("exported.arrow");
        assertEquals(
                0,
                CliTest.run("export", "-d", d, "--node-id", MASTER, "foreign", exported.toString())
                        .status());
        String roundTrip = node("read-arrow.mjs", exported);
        assertEquals(withoutTypes(source), withoutTypes(roundTrip));
        assertTrue(roundTrip.contains("\"name\":\"city\",\"type\":\"Utf8\""), roundTrip);

        FrameRef frame;
        String poolPath;
        try (Volume volume = Volume.open(Path.of(d), VolumeOptions.of(new NodeId(UUID.fromString(MASTER), "test")));
                Catalog catalog = Catalog.open(volume)) {
            frame = catalog.snapshot().require("foreign").frames().get(0);
            poolPath = catalog.pools().get(frame.location().extent().pool()).relpath();
        }
        CatCommand cat = new CatCommand();
        cat.device = new DeviceOptions();
        cat.device.device = Path.of(d);
        cat.device.nodeId = io.arrowfamfs.famfs.NodeId.resolve(CliTest.CLIENT);
        cat.path = poolPath;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        cat.sink = bytes;
        assertEquals(0, cat.call());
        Path pool = shm.device("pool");
        Files.write(pool, bytes.toByteArray());
        assertEquals(
                withoutTypes(source),
                withoutTypes(node(
                        "read-arrow.mjs",
                        pool,
                        String.valueOf(frame.location().extent().offset()),
                        String.valueOf(frame.bytes()))),
                "JavaScript reads the frame in place in the pool file, 64-byte layout and custom metadata included");
    }
}
