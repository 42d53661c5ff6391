package io.arrowfamfs.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.testkit.ShmDir;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** import, export, tables and verify through the CLI, on CSV, Arrow stream and the real Parquet dataset. */
class TableVerbsTest {
    static final String M = CliTest.MASTER;

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    private String device(String size) {
        String d = shm.device("dev.img").toString();
        assertEquals(
                0, CliTest.run("mkfs", "-d", d, "--node-id", M, "--size", size).status());
        return d;
    }

    /** An Arrow IPC stream of {@code rows} ids 0..rows-1 in batches of 100K. */
    private Path stream(long rows) throws IOException {
        Path file = shm.device("ids.arrows");
        try (BufferAllocator allocator = new RootAllocator();
                BigIntVector id = new BigIntVector("id", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.of(id);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                ArrowStreamWriter writer = new ArrowStreamWriter(root, null, channel)) {
            writer.start();
            for (long done = 0; done < rows; ) {
                int n = (int) Math.min(100_000, rows - done);
                id.allocateNew(n);
                for (int i = 0; i < n; i++) {
                    id.set(i, done + i);
                }
                root.setRowCount(n);
                writer.writeBatch();
                done += n;
            }
            writer.end();
        }
        return file;
    }

    @Test
    void csvImportsAppendsAndListsAsJson() throws IOException {
        String d = device("128M");
        Path csv = shm.device("people.csv");
        Files.writeString(csv, "name,age,score\nada,36,9.5\ngrace,45,\nlinus,28,7.25\n");
        CliTest.Result first = CliTest.run("import", "-d", d, "--node-id", M, csv.toString(), "people");
        assertEquals(0, first.status(), first.err());
        assertEquals(
                0,
                CliTest.run("import", "-d", d, "--node-id", M, csv.toString(), "people")
                        .status());
        CliTest.Result tables = CliTest.run("tables", "--json", "-d", d, "--node-id", CliTest.CLIENT);
        assertTrue(tables.out().contains("\"name\" : \"people\""), tables.out());
        assertTrue(tables.out().contains("\"version\" : 3"), tables.out());
        assertTrue(tables.out().contains("\"frames\" : 2"), tables.out());
        assertTrue(tables.out().contains("\"rows\" : 6"), tables.out());
        CliTest.Result verify = CliTest.run("verify", "-d", d, "--node-id", CliTest.CLIENT, "people");
        assertEquals(0, verify.status(), verify.out());
        assertTrue(verify.out().endsWith("people: 2 frames, 0 damaged\n"), verify.out());
        CliTest.Result info = CliTest.run("info", "-d", d);
        assertTrue(info.out().contains("tables        1, catalog version "), info.out());
        assertTrue(info.out().contains("pool         size       live    retired"), info.out());
        CliTest.Result missing = CliTest.run("verify", "-d", d, "people2");
        assertEquals(1, missing.status());
        assertEquals("arrow-famfs: no such table: table=people2 tables=people\n", missing.err());
        CliTest.Result unknown = CliTest.run("import", "-d", d, "--node-id", M, d, "x");
        assertEquals(1, unknown.status());
        assertTrue(unknown.err().startsWith("arrow-famfs: unknown import format"), unknown.err());
    }

    @Test
    void dropOnTheMasterOnlyAndSaysTheSpaceStays() throws IOException {
        String d = device("128M");
        Path csv = shm.device("people.csv");
        Files.writeString(csv, "name,age\nada,36\ngrace,45\n");
        assertEquals(
                0,
                CliTest.run("import", "-d", d, "--node-id", M, csv.toString(), "people")
                        .status());
        CliTest.Result refused = CliTest.run("drop", "-d", d, "--node-id", CliTest.CLIENT, "people");
        assertEquals(1, refused.status());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().startsWith("arrow-famfs: not the master: node=" + CliTest.CLIENT), refused.err());
        assertTrue(CliTest.run("tables", "-d", d).out().contains("people "), "a refused drop leaves the table");
        CliTest.Result dropped = CliTest.run("drop", "-d", d, "--node-id", M, "people");
        assertEquals(0, dropped.status(), dropped.err());
        assertTrue(dropped.out().startsWith("dropped people: 1 frames, 2 rows, "), dropped.out());
        assertTrue(
                dropped.out()
                        .contains("its space is reused once no host reads it and the quarantine of 30s has passed ("),
                dropped.out());
        CliTest.Result tables = CliTest.run("tables", "--json", "-d", d);
        assertEquals("[ ]\n", tables.out());
        Map<String, String> space =
                CliTest.object(CliTest.run("info", "--json", "-d", d).out(), "space");
        assertTrue(
                Long.parseLong(space.get("retired_bytes")) + Long.parseLong(space.get("quarantined_bytes")) > 0,
                "not free before the quarantine: " + space);
        assertEquals("0", space.get("live_bytes"), space.toString());
        for (String field : List.of("quarantined_bytes", "free_bytes", "granted_bytes", "orphaned_bytes")) {
            assertTrue(space.containsKey(field), field + " in " + space);
        }
        CliTest.Result again = CliTest.run("drop", "-d", d, "--node-id", M, "people");
        assertEquals("arrow-famfs: no such table: table=people tables=(none)\n", again.err());
    }

    @Test
    void streamRoundTripsThroughExport() throws Exception {
        String d = device("128M");
        Path stream = stream(1_234_567);
        CliTest.Result imported =
                CliTest.run("import", "-d", d, "--node-id", M, "--batch-rows", "500000", stream.toString(), "ids");
        assertEquals(0, imported.status(), imported.err());
        assertTrue(imported.out().contains("1,234,567 rows, 3 batches"), imported.out());
        Path out = shm.device("ids.arrow");
        assertEquals(
                0,
                CliTest.run("export", "-d", d, "--node-id", CliTest.CLIENT, "ids", out.toString())
                        .status());
        try (BufferAllocator allocator = new RootAllocator();
                ArrowFileReader reader = new ArrowFileReader(FileChannel.open(out), allocator)) {
            long next = 0;
            while (reader.loadNextBatch()) {
                BigIntVector id = (BigIntVector) reader.getVectorSchemaRoot().getVector("id");
                for (int i = 0; i < id.getValueCount(); i++) {
                    assertEquals(next++, id.get(i));
                }
            }
            assertEquals(1_234_567, next);
        }
    }

    @Test
    void fullDeviceMidImportPublishesNothing() throws Exception {
        String d = device("64M");
        Path stream = stream(8_000_000); // 64 MB of ids: more than the device's 54 MiB of data space
        CliTest.Result full = CliTest.run("import", "-d", d, "--node-id", M, stream.toString(), "big");
        assertEquals(1, full.status());
        assertTrue(full.err().startsWith("arrow-famfs: device full"), full.err());
        CliTest.Result tables = CliTest.run("tables", "--json", "-d", d);
        assertEquals("[ ]\n", tables.out(), "neither the table nor a frame was published");
        assertEquals(0, CliTest.run("fsck", "-d", d).status());
        assertEquals(
                0,
                CliTest.run("import", "-d", d, "--node-id", M, stream(1000).toString(), "small")
                        .status(),
                "the device still takes what fits");
        CliTest.Result fsck = CliTest.run("fsck", "-d", d);
        assertEquals(0, fsck.status(), fsck.out());
        assertFalse(fsck.out().contains("DAMAGE"), fsck.out());
    }

    @Test
    void flightsParquetImportsAndVerifies() {
        Path flights =
                Path.of(System.getProperty("arrowfamfs.datasets", "../../shared/datasets"), "flights-3m.parquet");
        Assumptions.assumeTrue(Files.isReadable(flights), "dataset absent: " + flights);
        String d = device("512M");
        CliTest.Result imported = CliTest.run("import", "-d", d, "--node-id", M, flights.toString(), "flights");
        assertEquals(0, imported.status(), imported.err());
        assertTrue(imported.out().contains("3,000,000 rows, 3 batches"), imported.out());
        CliTest.Result verify = CliTest.run("verify", "-d", d, "--node-id", CliTest.CLIENT, "flights");
        assertEquals(0, verify.status(), verify.out());
    }
}
