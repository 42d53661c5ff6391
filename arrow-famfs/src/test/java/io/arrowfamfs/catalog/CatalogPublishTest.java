package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.Fsck;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.SourceReadException;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.famfs.omf.CorruptMetadataException;
import io.arrowfamfs.famfs.omf.LogDescriptor;
import io.arrowfamfs.famfs.omf.SuperblockDescriptor;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.space.Pool;
import io.arrowfamfs.space.SpaceLayout;
import io.arrowfamfs.space.SpaceReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.junit.jupiter.api.Test;

/** What a commit needs before the copy, and what a writer sees once its commit is durable. */
class CatalogPublishTest extends ScratchDeviceTest {
    private static final long LOG_HEADER_CRC = SuperblockDescriptor.LOG_OFFSET + LogDescriptor.HEADER_CRC_OFFSET;
    /** A ring that checkpoints every 8 records. */
    private static final long SMALL_RING = 16;
    /** A client node that space is granted to. */
    private static final UUID NODE = CatalogTest.CLIENT.uuid();

    private FrameBuilder frame(VectorSchemaRoot root, long base, int rows) {
        TableWriterProcess.fill(root, base, rows);
        FrameBuilder frame = new FrameBuilder(root.getSchema());
        frame.add(root);
        return frame;
    }

    @Test
    void theRingNeverFillsAndNewReadersLoadACheckpointNotTheHistory() {
        int frames = 300;
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER))) {
            CatalogFile.create(master, 16);
            try (Volume client = Volume.open(device, VolumeOptions.of(CatalogTest.CLIENT));
                    Catalog early = Catalog.open(client);
                    Catalog catalog = Catalog.open(master);
                    VectorSchemaRoot root = TableWriterProcess.root(allocator)) {
                catalog.createTable("t", root.getSchema());
                CatalogSnapshot behind = early.refresh();
                for (int f = 0; f < frames; f++) {
                    try (FrameBuilder frame = frame(root, f * 10L, 10)) {
                        catalog.append("t", frame, allocator);
                    }
                    if (f == 100) {
                        catalog.drop("t");
                        catalog.createTable("t", root.getSchema());
                        for (int g = 0; g <= f; g++) {
                            try (FrameBuilder again = frame(root, g * 10L, 10)) {
                                catalog.append("t", again, allocator);
                            }
                        }
                    }
                }
                long version = catalog.snapshot().version();
                assertTrue(version > 20 * 16, "far more commits than the ring has slots: " + version);
                CheckpointRoot checkpoint = catalog.root().orElseThrow();
                assertTrue(checkpoint.generation() > 10, "checkpointed again and again: " + checkpoint);
                assertTrue(version - checkpoint.base() <= 8, "the ring holds at most half its slots past it");

                CatalogSnapshot caughtUp = early.refresh();
                assertTrue(behind.version() < version - 16, "the early reader was lapped");
                assertEquals(catalog.snapshot(), caughtUp, "and reloaded from the checkpoint");
                try (Volume other = Volume.open(device, VolumeOptions.of(CatalogTest.CLIENT));
                        Catalog fresh = Catalog.open(other)) {
                    TableState table = fresh.snapshot().require("t");
                    assertEquals(catalog.snapshot(), fresh.snapshot());
                    assertEquals(frames * 10L, table.rows());
                    assertArrayEquals(
                            java.util.stream.LongStream.range(0, frames * 10L).toArray(),
                            CatalogTest.ids(fresh, table, allocator));
                    while (catalog.refresh().version() != fresh.refresh().version()) {
                        Thread.onSpinWait(); // the master's agent reclaimed meanwhile
                    }
                    assertEquals(catalog.space(), fresh.space(), "the space ledger comes back with the checkpoint");
                    SpaceReport.PoolSpace total = fresh.space().total();
                    assertTrue(
                            total.retired() + total.quarantined() > 0,
                            "the dropped table's frames are not free before the quarantine runs out: " + total);
                }
            }
        }
        assertTrue(Fsck.check(device).clean());
        assertEquals(List.of(), CatalogCheck.check(device));
    }

    @Test
    void aCheckpointThatComesDueAtAGrantNeverTakesTheSpaceTheGrantChose() {
        onSmallRing(catalog -> {
            // one record each: a checkpoint comes due at one of them, and wants space too
            for (int g = 0; g < 20; g++) {
                catalog.grant(NODE, SpaceLayout.UNIT_SIZE);
            }
            assertTrue(catalog.root().isPresent(), "checkpointed on the way");
        });
    }

    @Test
    void aCheckpointThatComesDueAtAPoolCreationNeverMakesThatPoolTwice() {
        onSmallRing(catalog -> {
            catalog.createPool(2 * SpaceLayout.UNIT_SIZE, Placement.PACKED);
            catalog.grant(NODE, 2 * SpaceLayout.UNIT_SIZE); // the pool is full
            while (catalog.snapshot().version() < SMALL_RING / 2) {
                catalog.configure(VolumeSettings.QUARANTINE, Duration.ofSeconds(1));
            }
            // the next pool's record would take the ring past half: a checkpoint, which needs a pool too
            Pool made = catalog.createPool(2 * SpaceLayout.UNIT_SIZE, Placement.PACKED);
            assertTrue(catalog.root().isPresent(), "checkpointed");
            assertEquals(
                    List.of(0, 1, 2),
                    catalog.pools().stream().map(Pool::id).toList(),
                    "the checkpoint's pool, then this one");
            assertEquals(2, made.id());
        });
    }

    /** Runs {@code steps} on the master's catalog with a ring of {@link #SMALL_RING} slots, then checks that it replays. */
    private void onSmallRing(Consumer<Catalog> steps) {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER))) {
            CatalogFile.create(master, SMALL_RING);
            try (Catalog catalog = Catalog.open(master)) {
                steps.accept(catalog);
                assertReplays(catalog);
            }
        }
    }

    /** A new reader replays the catalog (a checkpoint and the records after it) into the writer's state, and fsck agrees. */
    private void assertReplays(Catalog catalog) {
        try (Volume other = Volume.open(device, VolumeOptions.of(CatalogTest.CLIENT));
                Catalog fresh = Catalog.open(other)) {
            assertEquals(catalog.refresh(), fresh.snapshot(), "the catalog replays");
            assertEquals(catalog.grants(), fresh.grants());
            assertEquals(catalog.space(), fresh.space());
        }
        assertEquals(List.of(), CatalogCheck.check(device));
    }

    @Test
    void aCommitLargerThanAQuarterOfTheRingIsATypedErrorAndPublishesNothing() {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER))) {
            CatalogFile.create(master, 8);
            try (Catalog catalog = Catalog.open(master);
                    VectorSchemaRoot root = TableWriterProcess.root(allocator);
                    FrameBuilder frame = frame(root, 0, 100)) {
                CatalogFullException full =
                        assertThrows(CatalogFullException.class, () -> catalog.createOrAppend("t", frame, allocator));
                assertTrue(
                        full.getMessage().startsWith("commit too large for the catalog ring: records="),
                        full.getMessage());
                assertTrue(catalog.refresh().tables().isEmpty(), "neither the table nor the frame was published");
            }
        }
        assertTrue(Fsck.check(device).clean());
    }

    @Test
    void aCommitWhoseReplayFailsStillSucceedsAndIsNotDuplicated() throws IOException {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                VectorSchemaRoot root = TableWriterProcess.root(allocator);
                FrameBuilder frame = frame(root, 0, 100)) {
            catalog.createTable("t", root.getSchema());
            // While the frame is copied, damage the famfs log header: the replay after the commit then fails.
            FrameRef ref = catalog.append("t", frame, allocator, (region, policy) -> {
                long length = frame.writeTo(region, policy).length();
                flipLogHeaderCrc();
                return length;
            });
            assertTrue(ref.commit() > 0, "the commit is durable, so the writer sees it succeed");
            assertEquals(100, ref.rows());
            assertThrows(CorruptMetadataException.class, catalog::refresh, "the refresh reports its own error");
            flipLogHeaderCrc();
            TableState table = catalog.refresh().require("t");
            assertEquals(List.of(ref), table.frames(), "replayed once, on the next refresh");
            assertArrayEquals(
                    java.util.stream.LongStream.range(0, 100).toArray(), CatalogTest.ids(catalog, table, allocator));
        }
    }

    private void flipLogHeaderCrc() {
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            channel.read(b, LOG_HEADER_CRC);
            b.put(0, (byte) ~b.get(0));
            channel.write(b.clear(), LOG_HEADER_CRC);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSourceThatFailsMidImportIsASourceReadException() throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        try (VectorSchemaRoot root = TableWriterProcess.root(allocator);
                ArrowStreamWriter writer = new ArrowStreamWriter(root, null, stream)) {
            TableWriterProcess.fill(root, 0, 1000);
            writer.writeBatch();
        }
        byte[] truncated = Arrays.copyOf(stream.toByteArray(), stream.size() - 100);
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(truncated), allocator)) {
            SourceReadException e = assertThrows(
                    SourceReadException.class,
                    () -> TableImport.run(
                            catalog,
                            "t",
                            reader,
                            allocator,
                            TableImport.DEFAULT_BATCH_ROWS,
                            TableImport.DEFAULT_DICTIONARY_THRESHOLD,
                            rows -> {}));
            assertTrue(e.getMessage().startsWith("cannot read import source: table=t error="), e.getMessage());
            assertTrue(catalog.refresh().table("t").isEmpty(), "nothing committed");
        }
    }
}
