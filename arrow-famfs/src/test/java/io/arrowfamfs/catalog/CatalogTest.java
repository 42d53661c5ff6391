package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Fsck;
import io.arrowfamfs.famfs.FsckReport;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.testkit.Jvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

class CatalogTest extends ScratchDeviceTest {
    static final NodeId MASTER = new NodeId(UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001"), "test");
    static final NodeId CLIENT = new NodeId(UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002"), "test");

    private void append(Catalog catalog, String table, long base, int rows) {
        try (VectorSchemaRoot root = TableWriterProcess.root(allocator);
                FrameBuilder frame = new FrameBuilder(root.getSchema())) {
            TableWriterProcess.fill(root, base, rows);
            frame.add(root);
            catalog.append(table, frame, allocator);
        }
    }

    /** Every id of the table, in frame order, read zero-copy; also verifies every frame's checksums. */
    static long[] ids(Catalog catalog, TableState table, BufferAllocator allocator) {
        long[] ids = new long[(int) table.rows()];
        int n = 0;
        for (FrameRef ref : table.frames()) {
            try (Frame frame = catalog.attach(ref, allocator, false)) {
                frame.verify();
                for (int b = 0; b < frame.batchCount(); b++) {
                    try (VectorSchemaRoot batch = frame.batch(b)) {
                        BigIntVector id = (BigIntVector) batch.getVector("id");
                        for (int i = 0; i < batch.getRowCount(); i++) {
                            ids[n++] = id.get(i);
                        }
                    }
                }
            }
        }
        assertEquals(ids.length, n);
        return ids;
    }

    @Test
    void tablesAreCreatedAppendedAndSeenByClients() {
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog catalog = Catalog.open(master)) {
            assertEquals(CatalogSnapshot.EMPTY, catalog.snapshot());
            catalog.createTable("events", TableWriterProcess.root(allocator).getSchema());
            append(catalog, "events", 0, 1000);
            append(catalog, "events", 1000, 500);
            TableState events = catalog.snapshot().require("events");
            assertEquals(3, events.version());
            assertEquals(1500, events.rows());
            assertEquals(2, events.frames().size());
        }
        try (Volume client = Volume.open(device, VolumeOptions.of(CLIENT));
                Catalog catalog = Catalog.open(client)) {
            CatalogSnapshot snapshot = catalog.snapshot();
            assertEquals(6, snapshot.version(), "pool, grant, create, two appends, the grant given back");
            TableState events = snapshot.require("events");
            long[] ids = ids(catalog, events, allocator);
            for (int i = 0; i < ids.length; i++) {
                assertEquals(i, ids[i]);
            }
            assertThrows(io.arrowfamfs.famfs.NotMasterException.class, () -> catalog.drop("events"));
            assertEquals(1, catalog.pools().size(), "one pool, made when the first frame needed space");
            assertEquals(0, catalog.grants().size(), "the master gave its packing grant back when it closed");
        }
    }

    @Test
    void aClientIsNeitherAgentUntilItServesAndThenOnlyItsHostsAgent() {
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog catalog = Catalog.open(master)) {
            catalog.serveAsAgent();
            await(
                    "the master's process is the master's agent and its host's",
                    () -> catalog.isMasterAgent() && catalog.isHostAgent());
            try (Volume client = Volume.open(device, VolumeOptions.of(CLIENT));
                    Catalog clientCatalog = Catalog.open(client)) {
                assertFalse(clientCatalog.isMasterAgent(), "no host services yet");
                assertFalse(clientCatalog.isHostAgent(), "no host services yet");
                clientCatalog.serveAsAgent();
                await("the client's process is its host's agent", clientCatalog::isHostAgent);
                assertFalse(clientCatalog.isMasterAgent(), "a client has no lease tracker");
            }
        }
    }

    @Test
    void badRequestsAreTypedErrors() {
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog catalog = Catalog.open(master)) {
            catalog.createTable("t", TableWriterProcess.root(allocator).getSchema());
            long created = catalog.snapshot().version();
            assertThrows(
                    TableExistsException.class,
                    () -> catalog.createTable(
                            "t", TableWriterProcess.root(allocator).getSchema()));
            assertThrows(
                    InvalidTableNameException.class,
                    () -> catalog.createTable(
                            "1bad name", TableWriterProcess.root(allocator).getSchema()));
            NoSuchTableException missing =
                    assertThrows(NoSuchTableException.class, () -> append(catalog, "nope", 0, 1));
            assertEquals("no such table: table=nope tables=t", missing.getMessage());
            try (VectorSchemaRoot other = VectorSchemaRoot.of(new Float8Vector("x", allocator));
                    FrameBuilder frame = new FrameBuilder(other.getSchema())) {
                other.setRowCount(0);
                frame.add(other);
                SchemaMismatchException e =
                        assertThrows(SchemaMismatchException.class, () -> catalog.append("t", frame, allocator));
                assertTrue(
                        e.getMessage()
                                .startsWith("schema mismatch: table=t field=0 expected=(id: Int(64, true))"
                                        + " actual=(x: FloatingPoint(DOUBLE))"),
                        e.getMessage());
            }
            assertEquals(created, catalog.snapshot().version(), "failed appends commit nothing");
        }
    }

    private static long aligned(long bytes) {
        return (bytes + 63) / 64 * 64;
    }

    @Test
    void droppedTablesDisappearAndTheirBytesAreRetired() {
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog catalog = Catalog.open(master)) {
            catalog.createTable("gone", TableWriterProcess.root(allocator).getSchema());
            append(catalog, "gone", 0, 10_000);
            TableState gone = catalog.snapshot().require("gone");
            long held = aligned(gone.schema().extent().length());
            for (FrameRef frame : gone.frames()) {
                held += aligned(frame.bytes());
            }
            assertEquals(held, catalog.space().total().live(), "frames hold their bytes to their last cache line");
            catalog.drop("gone");
            CatalogSnapshot snapshot = catalog.snapshot();
            assertTrue(snapshot.table("gone").isEmpty());
            assertEquals(0, catalog.space().total().live());
            assertEquals(
                    held,
                    catalog.space().total().retired(),
                    "frame and schema frame wait for their readers before they are reused");
            catalog.createTable("gone", TableWriterProcess.root(allocator).getSchema());
            assertEquals(0, catalog.snapshot().require("gone").rows(), "a new table of the same name starts empty");
        }
    }

    @Test
    void replaceKeepsOnlyTheNewFramesAndRetireTakesOneFrameOut() {
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog catalog = Catalog.open(master);
                VectorSchemaRoot root = TableWriterProcess.root(allocator)) {
            catalog.createTable("t", root.getSchema());
            append(catalog, "t", 0, 100);
            append(catalog, "t", 100, 100);
            TableState before = catalog.snapshot().require("t");
            TableWriterProcess.fill(root, 1000, 10);
            try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                frame.add(root);
                FrameRef replaced = catalog.replace("t", frame, allocator);
                TableState after = catalog.snapshot().require("t");
                assertEquals(java.util.List.of(replaced), after.frames(), "the new frame alone");
                assertEquals(before.schema(), after.schema(), "the same schema: the same table");
                assertEquals(before.version() + 1, after.version(), "one commit");
            }
            long retired = catalog.space().total().retired();
            assertEquals(
                    aligned(before.frames().get(0).bytes())
                            + aligned(before.frames().get(1).bytes()),
                    retired);

            try (VectorSchemaRoot other = VectorSchemaRoot.of(new Float8Vector("x", allocator));
                    FrameBuilder frame = new FrameBuilder(other.getSchema())) {
                ((Float8Vector) other.getVector(0)).allocateNew(3);
                other.setRowCount(3);
                frame.add(other);
                catalog.replace("t", frame, allocator);
                TableState recreated = catalog.snapshot().require("t");
                assertEquals(2, recreated.version(), "another schema: the table is created again, with its frame");
                assertEquals(other.getSchema(), catalog.schema(recreated, allocator));
                catalog.replace("fresh", frame, allocator);
                assertEquals(3, catalog.snapshot().require("fresh").rows(), "replacing a missing table creates it");
            }
        }
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog catalog = Catalog.open(master)) {
            catalog.createTable("r", TableWriterProcess.root(allocator).getSchema());
            append(catalog, "r", 0, 100);
            append(catalog, "r", 100, 100);
            TableState two = catalog.snapshot().require("r");
            catalog.retire("r", two.frames().get(0));
            TableState one = catalog.snapshot().require("r");
            assertEquals(java.util.List.of(two.frames().get(1)), one.frames());
            assertArrayEquals(java.util.stream.LongStream.range(100, 200).toArray(), ids(catalog, one, allocator));
            IllegalArgumentException notThere = assertThrows(
                    IllegalArgumentException.class,
                    () -> catalog.retire("r", two.frames().get(0)));
            assertTrue(
                    notThere.getMessage().startsWith("frame not in table: table=r frame=pool"), notThere.getMessage());
        }
        assertTrue(Fsck.check(device).clean());
        assertEquals(java.util.List.of(), CatalogCheck.check(device));
    }

    @Test
    void readerWaitsForACommitWithoutReplayingEverything() throws Exception {
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog writer = Catalog.open(master);
                Volume client = Volume.open(device, VolumeOptions.of(CLIENT));
                Catalog reader = Catalog.open(client)) {
            assertEquals(
                    0,
                    reader.awaitChange(0, Duration.ofMillis(20)).version(),
                    "timeout returns the unchanged snapshot");
            CompletableFuture<CatalogSnapshot> waiting =
                    CompletableFuture.supplyAsync(() -> reader.awaitChange(0, Duration.ofSeconds(30)));
            writer.createTable("live", TableWriterProcess.root(allocator).getSchema());
            assertTrue(waiting.get(30, TimeUnit.SECONDS).version() > 0, "woken by the first commit");
            long created = writer.snapshot().version();
            assertEquals(created, reader.refresh().version());
            waiting = CompletableFuture.supplyAsync(() -> reader.awaitChange(created, Duration.ofSeconds(30)));
            append(writer, "live", 0, 10);
            TableState live = waiting.get(30, TimeUnit.SECONDS).require("live");
            assertEquals(10, live.rows());
            try (Frame frame = reader.attach(live.frames().get(0), allocator, false)) {
                assertEquals(10, frame.rows(), "a reader that saw the commit can attach the frame it published");
            }
        }
    }

    @Test
    void damagedRecordIsATypedError() {
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog catalog = Catalog.open(master)) {
            catalog.createTable("t", TableWriterProcess.root(allocator).getSchema());
            FamfsFile file = master.namespace().file(CatalogDescriptor.CATALOG_PATH);
            try (MappedRegion region = master.map(file, false)) {
                region.putByte(CatalogDescriptor.slotOffset(0) + 200, (byte) 'X');
            }
        }
        try (Volume client = Volume.open(device, VolumeOptions.of(CLIENT))) {
            CorruptCatalogException e = assertThrows(CorruptCatalogException.class, () -> Catalog.open(client));
            assertTrue(e.getMessage().startsWith("catalog record crc mismatch: catalog of device="), e.getMessage());
            assertTrue(e.getMessage().contains(" seq=0 "), e.getMessage());
        }
    }

    @Test
    void killedWritersNeverLeavePartialTables() throws Exception {
        String node = MASTER.uuid().toString();
        java.util.Random random = new java.util.Random(7);
        long committed = 0;
        for (int round = 0; round < 8; round++) {
            // at most 10 frames of 1.6 MB (a unit each) a round: 8 rounds fit the 256 MiB device however fast the
            // writer is (1,000 filled it on JDK 25: the committed frames all stay)
            Process writer = Jvm.start(TableWriterProcess.class, device.toString(), node, "t", "10", "200000");
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line, "writer died before its first commit");
            assertTrue(line.startsWith("committed "), line);
            Thread.sleep(random.nextInt(120)); // anywhere in the following frames: fill, write, log, commit
            writer.destroyForcibly().waitFor();

            FsckReport report = Fsck.check(device);
            assertTrue(report.clean(), report.findings().toString());
            try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                    Catalog catalog = Catalog.open(master)) {
                catalog.collect();
                assertEquals(java.util.List.of(), catalog.grants(), "gc closed the killed writer's grants");
            }
            try (Volume client = Volume.open(device, VolumeOptions.of(CLIENT));
                    Catalog catalog = Catalog.open(client)) {
                TableState table = catalog.snapshot().require("t");
                assertTrue(table.rows() >= committed, "nothing committed is lost");
                committed = table.rows();
                long[] ids = ids(catalog, table, allocator);
                for (int i = 0; i < ids.length; i++) {
                    assertEquals(i, ids[i], "frames are whole and in order");
                }
            }
        }
        assertTrue(committed > 0);
    }

    @Test
    void aFrameWrittenButNeverCommittedIsOrphanedSpace() {
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog catalog = Catalog.open(master);
                VectorSchemaRoot root = TableWriterProcess.root(allocator);
                FrameBuilder frame = new FrameBuilder(root.getSchema())) {
            catalog.createTable("t", root.getSchema());
            append(catalog, "t", 0, 100);
            TableWriterProcess.fill(root, 100, 100);
            frame.add(root);
            // what a writer that fails mid-copy leaves: its range taken, written in part, never committed
            IllegalStateException failed = assertThrows(
                    IllegalStateException.class,
                    () -> catalog.append("t", frame, allocator, (region, policy) -> {
                        region.fill(0, 64, (byte) 1);
                        throw new IllegalStateException("copy failed");
                    }));
            assertEquals("copy failed", failed.getMessage());
            assertEquals(100, catalog.refresh().require("t").rows(), "nothing of it is visible");
            append(catalog, "t", 100, 100);
            assertEquals(200, catalog.snapshot().require("t").rows());
            assertArrayEquals(
                    java.util.stream.LongStream.range(0, 200).toArray(),
                    ids(catalog, catalog.snapshot().require("t"), allocator));
            long orphaned = catalog.space().total().orphaned();
            assertEquals(
                    (frame.size() + 63) / 64 * 64,
                    orphaned,
                    "the failed copy's range, to its cache line, behind a later frame, is orphaned");
        }
        assertTrue(Fsck.check(device).clean(), "orphaned space is not damage");
    }
}
