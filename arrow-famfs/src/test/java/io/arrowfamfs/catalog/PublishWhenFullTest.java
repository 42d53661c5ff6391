package io.arrowfamfs.catalog;

import static io.arrowfamfs.testkit.FamfsSpecImage.MIB;
import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.Fsck;
import io.arrowfamfs.famfs.LogFullException;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.OutOfSpaceException;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.space.Extent;
import io.arrowfamfs.space.SpaceLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * What a publish meets when something fills up: the device, the famfs log, a client's outbox
 * ring. Each is a typed error naming the cause, on the master and on a client alike, and
 * nothing published before is lost.
 */
class PublishWhenFullTest extends ScratchDeviceTest {
    /** A node whose grants take up the space the test wants gone. */
    private static final UUID OTHER = UUID.fromString("cccccccc-0000-4000-8000-000000000003");

    private static final String CLIENT_OUTBOX = OutboxDescriptor.path(CatalogTest.CLIENT.uuid());

    private FrameBuilder frame(VectorSchemaRoot root, long base, int rows) {
        TableWriterProcess.fill(root, base, rows);
        FrameBuilder frame = new FrameBuilder(root.getSchema());
        frame.add(root);
        return frame;
    }

    /** Publishes table t (ids 0..99) and makes the client's outbox, while there is room for both. */
    private void publishAndMakeTheClientsOutbox(Volume master, Catalog catalog, VectorSchemaRoot root) {
        try (FrameBuilder frame = frame(root, 0, 100)) {
            catalog.createOrAppend("t", frame, allocator);
        }
        OutboxFile.createIfMissing(master, CatalogTest.CLIENT.uuid());
    }

    /** Grants what the pools have free to {@link #OTHER}: the next grant needs a new pool. */
    private static void fillThePools(Catalog catalog) {
        catalog.refresh();
        long free = catalog.space().total().free();
        if (free > 0) {
            catalog.grant(OTHER, free);
        }
        catalog.refresh();
        assertEquals(0, catalog.space().total().free(), "no pool has room");
    }

    /** Makes directories until the famfs log has no entry left. */
    private static void fillTheLog(Volume master) {
        master.mkdir("filler", 0755);
        for (int d = 0; ; d++) {
            try {
                master.mkdir("filler/d" + d, 0755);
            } catch (LogFullException full) {
                return;
            }
        }
    }

    /** What a client's write of a frame meets on {@code on}: {@link CatalogTest#CLIENT}, opened in this process. */
    private <E extends Exception> E clientWriteFails(Path on, Class<E> type, VectorSchemaRoot root) {
        try (Volume clientVolume = Volume.open(on, VolumeOptions.of(CatalogTest.CLIENT));
                Catalog client = Catalog.open(clientVolume);
                FrameBuilder frame = frame(root, 100, 100)) {
            return assertThrows(type, () -> client.write(frame));
        }
    }

    /** The message of a client's refused ask for space: what it asked for, then the master's {@code reason}. */
    private static String refused(String reason) {
        return "the master granted no space: node=" + CatalogTest.CLIENT.uuid() + " ring=0 asked="
                + OutboxWriter.MIN_GRANT + ": " + reason;
    }

    /** Table t has ids 0..rows-1, every batch checked: nothing published was lost. */
    private void assertTableIntact(Catalog catalog, long rows) {
        TableState t = catalog.refresh().require("t");
        assertEquals(rows, t.rows());
        assertArrayEquals(LongStream.range(0, rows).toArray(), CatalogTest.ids(catalog, t, allocator));
    }

    @Test
    void aClientAskingForSpaceOnAFullDeviceGetsTheMastersOutOfSpaceError() {
        Path small = shm.device("small.img");
        Mkfs.format(small, MkfsOptions.of(64 * MIB, CatalogTest.MASTER));
        try (Volume master = Volume.open(small, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                VectorSchemaRoot root = TableWriterProcess.root(allocator)) {
            publishAndMakeTheClientsOutbox(master, catalog, root);
            fillThePools(catalog);
            long rest = master.refresh().freeBytes();
            master.createReservableFile("filler", rest - rest % SpaceLayout.UNIT_SIZE, 0644, Placement.PACKED);
            long free = master.refresh().freeBytes();
            assertTrue(free < OutboxWriter.MIN_GRANT, "no room for the pool a grant needs: free=" + free);

            OutOfSpaceException e = clientWriteFails(small, OutOfSpaceException.class, root);
            assertEquals(
                    refused("device full: no room for a pool: device=" + small + " needed=" + OutboxWriter.MIN_GRANT
                            + " free=" + free + " pools=1"
                            + "; hint: drop tables to free pool space, or use a larger device"),
                    e.getMessage());
            assertTableIntact(catalog, 100);
        }
        assertTrue(Fsck.check(small).clean());
        assertEquals(List.of(), CatalogCheck.check(small));
    }

    @Test
    void aFullFamfsLogWhenAPoolIsNeededIsATypedErrorOnMasterAndClientAndLosesNothing() {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                VectorSchemaRoot root = TableWriterProcess.root(allocator)) {
            publishAndMakeTheClientsOutbox(master, catalog, root);
            fillThePools(catalog);
            fillTheLog(master);
            String logFull = "log full: device=" + device + " entries=15420 capacity=15420";

            try (FrameBuilder large = frame(root, 100, 300_000)) { // a grant of its own, in a pool not there yet
                LogFullException e =
                        assertThrows(LogFullException.class, () -> catalog.createOrAppend("t", large, allocator));
                assertEquals(logFull, e.getMessage());
            }
            assertEquals(
                    refused(logFull),
                    clientWriteFails(device, LogFullException.class, root).getMessage());
            assertTableIntact(catalog, 100);
            assertEquals(1, catalog.pools().size(), "no pool half made");
        }
        assertTrue(Fsck.check(device).clean());
        assertEquals(List.of(), CatalogCheck.check(device));
    }

    @Test
    void aFullOutboxRingIsATypedErrorNamingTheOutboxAndTheAgentDrainsItWhenItComes() throws Exception {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master)) {
            OutboxFile.createIfMissing(master, CatalogTest.CLIENT.uuid());
        } // no master process from here on: nothing drains the client's outbox
        Duration patience = Duration.ofMillis(200);
        List<FrameRef> most = new ArrayList<>();
        for (int f = 0; f < OutboxDescriptor.SLOTS * OutboxRecord.PER_PART; f++) {
            Extent extent = new Extent(0, SpaceLayout.UNIT_SIZE * (long) f, 4096);
            most.add(new FrameRef(new FrameLocation(extent, 0, 9, 0, 3), 10, 1, -1));
        }
        try (Volume clientVolume = Volume.open(device, VolumeOptions.of(CatalogTest.CLIENT));
                Catalog client = Catalog.open(clientVolume)) {
            OutboxWriter outbox = client.outbox(patience);
            AgentUnavailableException unanswered = assertThrows(
                    AgentUnavailableException.class, () -> outbox.commit("t", CatalogWriter.Mode.APPEND, most));
            assertTrue(
                    unanswered
                            .getMessage()
                            .startsWith("the master's agent did not answer: waiting_for=the master's agent to commit"
                                    + " to table t node=" + CatalogTest.CLIENT.uuid()),
                    unanswered.getMessage());

            OutboxFullException full = assertThrows(
                    OutboxFullException.class, () -> outbox.commit("t", CatalogWriter.Mode.APPEND, most.subList(0, 1)));
            assertEquals(
                    "outbox ring full: outbox=" + CLIENT_OUTBOX + " ring=0 unconsumed=256 slots=256 needed=1"
                            + " waited=200ms; hint: the master's agent consumes no outbox: run arrow-famfs agent (or"
                            + " any arrow-famfs process) on the master",
                    full.getMessage());
        }
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master)) { // the master's agent again
            OutboxClientProcess.awaitConsumed(master, CatalogTest.CLIENT.uuid());
            assertTrue(catalog.refresh().table("t").isEmpty(), "frames no grant holds are refused, not published");
        }
    }
}
