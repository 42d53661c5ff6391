package io.arrowfamfs.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.cdata.BatchSlice;
import io.arrowfamfs.cdata.BorrowedArrayStream;
import io.arrowfamfs.cdata.ColumnChunk;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameIdentity;
import io.arrowfamfs.frame.VerifyMode;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.testkit.ShmDir;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
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

    /**
     * A dictionary-encoded file Arrow's JavaScript implementation wrote attaches as a frame, as it
     * is, in a famfs file (no checksums: verify off), zero-copy with its dictionary, and DuckDB
     * queries it through the same export the SQL layer uses.
     */
    @Test
    void javaScriptsDictionaryFileAttachesAndQueries() throws Exception {
        Path foreign = shm.device("foreign.arrow");
        node("write-arrow.mjs", foreign);
        byte[] bytes = Files.readAllBytes(foreign);
        Path d = shm.device("dev.img");
        Mkfs.format(d, MkfsOptions.of(64L << 20, new NodeId(UUID.fromString(MASTER), "test")));
        try (BufferAllocator allocator = new RootAllocator();
                Volume volume = Volume.open(d, VolumeOptions.of(new NodeId(UUID.fromString(MASTER), "test")))) {
            FamfsFile file = volume.createFile(
                    "js.arrow",
                    bytes.length,
                    0644,
                    Placement.PACKED,
                    region -> region.putBytes(0, bytes, 0, bytes.length));
            FrameIdentity identity = new FrameIdentity(d, UUID.randomUUID(), "js.arrow");
            try (MappedRegion region = volume.map(file, false);
                    Frame frame = Frame.attach(identity, region, allocator, VerifyMode.OFF, CachePolicy.COHERENT)) {
                assertNotNull(frame.schema().findField("city").getDictionary());
                try (ArrowReader reader = frame.reader()) {
                    assertTrue(reader.loadNextBatch());
                    VarCharVector cities = (VarCharVector) reader.getDictionaryVectors()
                            .get(frame.schema()
                                    .findField("city")
                                    .getDictionary()
                                    .getId())
                            .getVector();
                    BaseIntVector codes =
                            (BaseIntVector) reader.getVectorSchemaRoot().getVector("city");
                    for (int i = 0; i < 5000; i++) {
                        assertEquals(
                                List.of("SFO", "JFK", "ORD", "LAX").get(i % 4),
                                cities.getObject((int) codes.getValueAsLong(i)).toString());
                    }
                }
                assertEquals(
                        List.of("JFK 1250 2084166", "LAX 1250 2084167", "ORD 1250 2081666", "SFO 1250 2081668"),
                        query(
                                frame,
                                allocator,
                                "SELECT city, count(*), sum(maybe) FROM js GROUP BY city ORDER BY city"));
                assertEquals(
                        List.of("315 2500"),
                        query(
                                frame,
                                allocator,
                                "SELECT count(*) FILTER (WHERE small < -375), count(*) FROM js"
                                        + " WHERE city LIKE '%F%'"));
            }
        }
    }

    /** {@code sql} over {@code frame}'s batches registered in DuckDB as {@code js}, each row's values joined by spaces. */
    private static List<String> query(Frame frame, BufferAllocator allocator, String sql) throws Exception {
        List<ColumnChunk> pinned = new ArrayList<>();
        Map<Long, ColumnChunk> dictionaries = new HashMap<>();
        try {
            List<BatchSlice> slices = new ArrayList<>();
            for (int b = 0; b < frame.batchCount(); b++) {
                List<ColumnChunk> columns = new ArrayList<>();
                try (VectorSchemaRoot batch = frame.batch(b)) {
                    for (FieldVector vector : batch.getFieldVectors()) {
                        var encoding = vector.getField().getDictionary();
                        if (encoding == null) {
                            columns.add(ColumnChunk.pin(vector, allocator));
                        } else {
                            ColumnChunk dictionary = dictionaries.computeIfAbsent(
                                    encoding.getId(),
                                    id -> ColumnChunk.pin(frame.dictionary(id).getVector(), allocator));
                            columns.add(ColumnChunk.pin(vector, dictionary, allocator));
                        }
                    }
                }
                pinned.addAll(columns);
                slices.add(new BatchSlice(columns, 0, frame.rows(b)));
            }
            try (BorrowedArrayStream stream = BorrowedArrayStream.export(frame.schema(), slices, allocator);
                    DuckDBConnection duckdb = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
                duckdb.registerArrowStream("js", stream.stream());
                List<String> rows = new ArrayList<>();
                try (Statement statement = duckdb.createStatement();
                        ResultSet result = statement.executeQuery(sql)) {
                    while (result.next()) {
                        List<String> values = new ArrayList<>();
                        for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
                            values.add(result.getString(c));
                        }
                        rows.add(String.join(" ", values));
                    }
                }
                return rows;
            }
        } finally {
            pinned.forEach(ColumnChunk::close);
            dictionaries.values().forEach(ColumnChunk::close);
        }
    }
}
