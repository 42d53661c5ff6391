package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.space.Extent;
import io.arrowfamfs.space.SpaceLayout;
import io.arrowfamfs.space.SpaceReport;
import io.arrowfamfs.testkit.LineChild;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reclamation end to end: a dropped table's space is reused once its readers are gone (released,
 * dead, or expelled), never while one can read it; a reader paused past its lease gets the lease
 * error and never reads the new bytes.
 */
class ReclaimTest extends ScratchDeviceTest {
    private static final NodeId READER = new NodeId(UUID.fromString("cccccccc-0000-4000-8000-000000000003"), "test");
    /** L, G and Q short, so that a test waits about a second for what takes 40 s by default. */
    private static final Duration SHORT = Duration.ofMillis(300);
    /** Rows of a frame of ids: 1.6 MB, so each frame takes one 2 MiB unit of its own. */
    private static final int ROWS = 200_000;

    @BeforeEach
    void shortSettings() {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master)) {
            catalog.configure(
                    Map.of(VolumeSettings.LEASE, SHORT, VolumeSettings.GRACE, SHORT, VolumeSettings.QUARANTINE, SHORT));
            // a unit for the packing grant (schema frames), four for frames: then a frame reuses a
            // freed unit or goes into a new pool
            catalog.createPool(5L * SpaceLayout.UNIT_SIZE, Placement.PACKED);
        }
    }

    @Test
    void aDroppedTablesSpaceIsReusedAfterItsReaderOnAnotherHostLeavesAndNeverBefore() throws Exception {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                LineChild reader = reader()) {
            List<Extent> dropped = publishAndAttach(catalog, reader);
            catalog.drop("t");
            long watch = System.nanoTime() + 3 * 3 * SHORT.toNanos(); // three times L + G + Q
            while (System.nanoTime() - watch < 0) {
                ReclaimReport pass = catalog.collect().reclamation();
                assertTrue(pass.reclaiming(), "this process is the master's agent");
                SpaceReport.PoolSpace pool0 = catalog.space().pools().get(0);
                assertTrue(
                        pool0.retired() + pool0.quarantined() >= footprint(dropped),
                        "the frames (and the schema frame) all held: " + pool0);
                LockSupport.parkNanos(20_000_000);
            }
            reader.send("read");
            assertEquals("ok " + 4L * ROWS, reader.line(), "the reader still reads the dropped table");
            reader.send("release");
            assertEquals("released", reader.line());
            await("the dropped frames freed", () -> free(catalog));
            List<Extent> reused = publish(catalog, "v", 4);
            assertReused(reused, dropped);
            reader.finish();
        }
    }

    @Test
    void aReaderPausedPastItsLeaseGetsTheLeaseErrorAndNeverReadsTheReusedBytes() throws Exception {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                LineChild reader = reader()) {
            List<Extent> dropped = publishAndAttach(catalog, reader);
            reader.send("loop");
            assertEquals("reading", reader.line());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            reader.signal("STOP");
            catalog.drop("t");
            await("the stopped host expelled and the frames freed", () -> free(catalog));
            List<Extent> reused = publish(catalog, "v", 4, 1_000_000_000L); // other ids in the same bytes
            assertReused(reused, dropped);
            reader.signal("CONT");
            String result = reader.line();
            assertTrue(result.startsWith("expired ") && result.contains(" host=" + READER.uuid()), result);
            reader.send("release");
            assertEquals("released", reader.line());
            reader.finish();
        }
    }

    @Test
    void aReaderHostThatDiesIsExpelledAndItsSpaceReclaimed() throws Exception {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                LineChild reader = reader()) {
            publishAndAttach(catalog, reader);
            catalog.drop("t");
            reader.kill();
            await("the dead host expelled and the frames freed", () -> free(catalog));
        }
    }

    @Test
    void aReaderOnTheMasterHostHoldsItsFramesUntilItClosesThem() {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                Volume client = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog other = Catalog.open(client)) {
            List<Extent> dropped = publish(catalog, "t", 4);
            Frame frame = other.attach(other.refresh().require("t").frames().get(0), allocator, false);
            catalog.drop("t");
            long watch = System.nanoTime() + 3 * 3 * SHORT.toNanos();
            while (System.nanoTime() - watch < 0) {
                catalog.collect();
                assertFalse(free(catalog), "freed under a reader of this host");
                LockSupport.parkNanos(20_000_000);
            }
            try (VectorSchemaRoot batch = frame.batch(0)) {
                assertEquals(ROWS, batch.getRowCount());
            }
            frame.close();
            await("freed once the frame is closed", () -> free(catalog));
            assertReused(publish(catalog, "v", 4), dropped);
        }
    }

    @Test
    void aFrameRetiredSinceItsSnapshotIsRefusedOnceNoPinCoversIt() {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master)) {
            publish(catalog, "t", 1);
            FrameRef old = catalog.snapshot().require("t").frames().get(0);
            catalog.drop("t");
            FrameRetiredException e =
                    assertThrows(FrameRetiredException.class, () -> catalog.attach(old, allocator, false));
            assertTrue(
                    e.getMessage()
                            .startsWith("frame retired since its snapshot: frame="
                                    + old.location().name()),
                    e.getMessage());
        }
    }

    @Test
    void settingsThatDoNotFitTogetherAreRefusedAndChangeNothing() {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master)) {
            InvalidSettingException e = assertThrows(
                    InvalidSettingException.class,
                    () -> catalog.configure(VolumeSettings.LEASE, Duration.ofSeconds(10)));
            assertTrue(e.getMessage().startsWith("grace too short: grace=PT0.3S lease=PT10S"), e.getMessage());
            assertThrows(
                    InvalidSettingException.class, () -> catalog.configure(VolumeSettings.LEASE, Duration.ofMillis(5)));
            assertEquals(SHORT, catalog.settings().lease());
            VolumeSettings both = catalog.configure(
                    Map.of(VolumeSettings.LEASE, Duration.ofSeconds(10), VolumeSettings.GRACE, Duration.ofSeconds(5)));
            assertEquals(Duration.ofSeconds(10), both.lease());
        }
    }

    private LineChild reader() {
        return new LineChild(
                ReclaimReaderProcess.class,
                device.toString(),
                READER.uuid().toString(),
                shm.path().resolve("reader-host").toString(),
                "t");
    }

    /** Publishes table t, four frames, and has {@code reader} attach them all; their extents. */
    private List<Extent> publishAndAttach(Catalog catalog, LineChild reader) {
        List<Extent> extents = publish(catalog, "t", 4);
        reader.send("attach");
        assertEquals("held 4", reader.line());
        return extents;
    }

    /** Publishes {@code frames} frames of {@link #ROWS} ids each (0 up), as table {@code name}; their extents. */
    private List<Extent> publish(Catalog catalog, String name, int frames) {
        return publish(catalog, name, frames, 0);
    }

    private List<Extent> publish(Catalog catalog, String name, int frames, long base) {
        catalog.createTable(name, TableWriterProcess.root(allocator).getSchema());
        try (VectorSchemaRoot root = TableWriterProcess.root(allocator)) {
            return java.util.stream.IntStream.range(0, frames)
                    .mapToObj(f -> {
                        try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                            TableWriterProcess.fill(root, base + (long) f * ROWS, ROWS);
                            frame.add(root);
                            return catalog.append(name, frame, allocator)
                                    .location()
                                    .extent();
                        }
                    })
                    .toList();
        }
    }

    /** Whether pool 0 holds nothing retired or quarantined, after a reclamation pass. */
    private static boolean free(Catalog catalog) {
        catalog.collect();
        SpaceReport.PoolSpace pool0 = catalog.space().pools().get(0);
        return pool0.retired() + pool0.quarantined() == 0;
    }

    private static long footprint(List<Extent> extents) {
        return extents.stream()
                .mapToLong(e -> SpaceLayout.alignUp(e.length(), SpaceLayout.FRAME_ALIGNMENT))
                .sum();
    }

    /** Each new frame starts where a dropped one did: the same units, used again. */
    private static void assertReused(List<Extent> reused, List<Extent> dropped) {
        for (Extent e : reused) {
            assertTrue(
                    dropped.stream().anyMatch(d -> d.pool() == e.pool() && d.offset() == e.offset()),
                    "reused: " + reused + " dropped: " + dropped);
        }
    }
}
