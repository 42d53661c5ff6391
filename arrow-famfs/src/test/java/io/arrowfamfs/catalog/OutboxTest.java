package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.space.SpaceLayout;
import io.arrowfamfs.space.SpaceReport.PoolSpace;
import io.arrowfamfs.testkit.LineChild;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** Client nodes publish through their outboxes; the master's agent commits, checks, and refuses what it must. */
class OutboxTest extends ScratchDeviceTest {
    private static final NodeId ONE = new NodeId(UUID.fromString("dddddddd-0000-4000-8000-000000000001"), "test");
    private static final NodeId TWO = new NodeId(UUID.fromString("dddddddd-0000-4000-8000-000000000002"), "test");

    private LineChild client(NodeId node) {
        return new LineChild(
                OutboxClientProcess.class,
                device.toString(),
                node.uuid().toString(),
                shm.path().resolve("host-" + node.uuid()).toString());
    }

    @Test
    void aClientPublishesThroughItsOutboxAndOwnsTheTable() throws Exception {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                LineChild one = client(ONE);
                LineChild two = client(TWO)) {
            assertEquals("started", one.line());
            assertEquals("started", two.line());
            for (int f = 0; f < 5; f++) {
                one.send("append t " + f * 100 + " 100");
                assertTrue(one.line().startsWith("ok "));
            }
            TableState t = catalog.refresh().require("t");
            assertEquals(5, t.frames().size());
            assertArrayEquals(LongStream.range(0, 500).toArray(), CatalogTest.ids(catalog, t, allocator));
            assertEquals(ONE.uuid(), catalog.publisher("t").orElseThrow(), "the node that created it publishes it");

            two.send("append t 500 100");
            String refused = two.line();
            assertTrue(
                    refused.startsWith("error PublishRejectedException table published by another node: table=t"
                            + " publisher=" + ONE.uuid()),
                    refused);
            try (VectorSchemaRoot root = TableWriterProcess.root(allocator);
                    FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                TableWriterProcess.fill(root, 500, 100);
                frame.add(root);
                assertThrows(TablePublisherException.class, () -> catalog.append("t", frame, allocator));
                catalog.handOver("t", TWO.uuid());
            }
            two.send("append t 500 100");
            assertTrue(two.line().startsWith("ok "));
            assertEquals(600, catalog.refresh().require("t").rows());
            one.finish();
            two.finish();
        }
    }

    /** Publishes ids {@code base..base+rows-1} as one frame with {@code publish}. */
    private FrameRef publish(VectorSchemaRoot root, long base, int rows, Function<FrameBuilder, FrameRef> publish) {
        TableWriterProcess.fill(root, base, rows);
        try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
            frame.add(root);
            return publish.apply(frame);
        }
    }

    @Test
    void aClientsAppendAndReplaceGoThroughItsOutboxAndTheMastersChecks() {
        UUID node = CatalogTest.CLIENT.uuid();
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                VectorSchemaRoot root = TableWriterProcess.root(allocator)) {
            catalog.createTable("t", root.getSchema());
            catalog.handOver("t", node);
            try (Volume clientVolume = Volume.open(device, VolumeOptions.of(CatalogTest.CLIENT));
                    Catalog client = Catalog.open(clientVolume)) {
                long ring0 = OutboxDescriptor.writerId(node, 0);
                FrameRef appended = publish(root, 0, 100, f -> client.append("t", f, allocator));
                assertEquals(ring0, appended.location().writer(), "written into a grant of the node's ring 0");
                assertEquals(List.of(appended), catalog.refresh().require("t").frames());

                FrameRef replaced = publish(root, 100, 50, f -> client.replace("t", f, allocator));
                assertEquals(ring0, replaced.location().writer());
                TableState t = catalog.refresh().require("t");
                assertEquals(List.of(replaced), t.frames(), "the replacing frame alone");
                assertArrayEquals(LongStream.range(100, 150).toArray(), CatalogTest.ids(catalog, t, allocator));

                PublishRejectedException missing = assertThrows(
                        PublishRejectedException.class,
                        () -> publish(root, 0, 1, f -> client.append("nope", f, allocator)));
                assertEquals("no such table: table=nope", missing.getMessage(), "the master's check, its words");
            }
            try (OutboxFile outbox = OutboxFile.open(master, node)) {
                assertEquals(3, outbox.answer(0).orElseThrow().consumed(), "one outbox record per publish");
            }
        }
    }

    @Test
    void oneCommitPublishesFramesSeveralNodesWroteAndRefusesForgedOnes() throws Exception {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                LineChild one = client(ONE);
                LineChild two = client(TWO)) {
            assertEquals("started", one.line());
            assertEquals("started", two.line());
            List<FrameRef> written = new ArrayList<>();
            for (int f = 0; f < 6; f++) {
                LineChild writer = f % 2 == 0 ? one : two;
                writer.send("write " + f * 1000 + " 1000");
                written.add(OutboxClientProcess.parse(writer.line()));
            }
            assertTrue(catalog.refresh().table("job").isEmpty(), "written is not published");
            List<FrameRef> committed = catalog.appendWritten("job", written, false);
            assertEquals(6, committed.size());
            TableState job = catalog.refresh().require("job");
            assertArrayEquals(LongStream.range(0, 6000).toArray(), CatalogTest.ids(catalog, job, allocator));
            long version = catalog.snapshot().version();
            assertEquals(committed, catalog.appendWritten("job", written, false), "a retry commits nothing twice");
            assertEquals(version, catalog.refresh().version());

            one.send("write 0 1000");
            FrameRef real = OutboxClientProcess.parse(one.line());
            FrameRef forged = new FrameRef(real.location(), real.rows() + 1, real.batches(), -1);
            PublishRejectedException e = assertThrows(
                    PublishRejectedException.class, () -> catalog.appendWritten("job", List.of(forged), false));
            assertTrue(e.getMessage().startsWith("frame shape is not what its writer says"), e.getMessage());
            FrameRef used = written.get(0);
            e = assertThrows(
                    PublishRejectedException.class, () -> catalog.appendWritten("other", List.of(used), false));
            assertTrue(e.getMessage().startsWith("frame published already, in another table"), e.getMessage());
            one.finish();
            two.finish();
        }
    }

    @Test
    void aClientGivesBackEachGrantItFillsSoItsUnitsAreFreedWithItsFrames() throws Exception {
        Duration shortly = Duration.ofMillis(300);
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master)) {
            catalog.configure(Map.of(
                    VolumeSettings.LEASE, shortly, VolumeSettings.GRACE, shortly, VolumeSettings.QUARANTINE, shortly));
        }
        int frames = 40; // 1.2 MB each: about thirteen to a grant of 16 MiB
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                LineChild writer = client(ONE)) {
            assertEquals("started", writer.line());
            writer.send("stream s 0 150000 " + frames);
            for (int f = 0; f < frames; f++) {
                assertTrue(writer.line().startsWith("ok "));
            }
            writer.finish();
            catalog.refresh();
            List<GrantView> held = ringGrants(catalog);
            assertEquals(1, held.size(), "the grants it filled were given back: " + catalog.grants());
            catalog.drop("s");
            PoolSpace total = reclaimAll(catalog, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
            long granted = grantedBytes(catalog.grants()); // the client's last, and the master's for the schema frame
            assertTrue(
                    total.size() - total.free() <= granted,
                    "every unit but those of open grants is free again: " + total + " " + catalog.grants());
        }
    }

    @Test
    void aNodeThatDiesHasItsGrantsClosedAndWhatItLeftUnusedIsReusedOnlyAfterTheQuarantine() throws Exception {
        Duration shortly = Duration.ofMillis(300);
        Duration quarantine = Duration.ofSeconds(4);
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master)) {
            catalog.configure(Map.of(
                    VolumeSettings.LEASE,
                    shortly,
                    VolumeSettings.GRACE,
                    shortly,
                    VolumeSettings.QUARANTINE,
                    quarantine));
        }
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master)) {
            long granted;
            try (LineChild writer = client(ONE)) {
                assertEquals("started", writer.line());
                writer.send("append t 0 1000");
                assertTrue(writer.line().startsWith("ok "));
                writer.send("write 1000 1000"); // written into the grant, never published
                assertTrue(writer.line().startsWith("frame "));
                catalog.refresh();
                granted = grantedBytes(ringGrants(catalog));
                assertTrue(granted >= OutboxWriter.MIN_GRANT, "the node holds a grant: " + catalog.grants());
                writer.kill();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            do {
                assertTrue(System.nanoTime() - deadline < 0, "the dead node's grant never closed: " + catalog.grants());
                Thread.sleep(20);
                catalog.refresh();
            } while (!ringGrants(catalog).isEmpty());
            PoolSpace closed = catalog.space().total();
            long live = closed.live();
            assertTrue(
                    closed.retired() + closed.quarantined() >= granted - 2 * SpaceLayout.UNIT_SIZE,
                    "what the node left unused waits out the quarantine, not free at once: " + closed);
            PoolSpace total = reclaimAll(catalog, deadline);
            long masters = grantedBytes(catalog.grants()); // the schema frame's
            assertEquals(live, total.live(), "the published frame stays");
            assertTrue(
                    total.size() - total.free() <= masters + 2 * SpaceLayout.UNIT_SIZE,
                    "the grant's units are free again, but the one holding the published frame: " + total);
            assertArrayEquals(
                    LongStream.range(0, 1000).toArray(),
                    CatalogTest.ids(catalog, catalog.refresh().require("t"), allocator));

            try (LineChild again = client(ONE)) { // the node comes back: it asks for a grant anew
                assertEquals("started", again.line());
                again.send("append t 1000 1000");
                assertTrue(again.line().startsWith("ok "));
                again.finish();
            }
            assertArrayEquals(
                    LongStream.range(0, 2000).toArray(),
                    CatalogTest.ids(catalog, catalog.refresh().require("t"), allocator));
        }
    }

    /** Runs {@code gc} until nothing is retired or quarantined any more; returns the space then. */
    private static PoolSpace reclaimAll(Catalog catalog, long deadline) {
        PoolSpace total;
        do {
            assertTrue(System.nanoTime() - deadline < 0, "never reclaimed: " + catalog.space());
            catalog.collect();
            total = catalog.space().total();
        } while (total.retired() + total.quarantined() > 0);
        return total;
    }

    private static long grantedBytes(List<GrantView> grants) {
        return grants.stream().mapToLong(g -> g.grant().range().length()).sum();
    }

    private static List<GrantView> ringGrants(Catalog catalog) {
        return catalog.grants().stream()
                .filter(g -> g.writerName().equals("node=" + ONE.uuid() + " ring=0"))
                .toList();
    }

    @Test
    void aClientKilledAnywhereInItsPublishesLosesNothingAcknowledgedAndCommitsNothingTwice() throws Exception {
        Random random = new Random(11);
        Set<Long> acknowledged = new HashSet<>();
        int rows = 500;
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master)) {
            for (int round = 0; round < 8; round++) {
                try (LineChild writer = client(ONE)) {
                    assertEquals("started", writer.line());
                    writer.send("stream s " + round * 1_000_000L + " " + rows + " 1000");
                    acknowledged.add(Long.parseLong(writer.line().substring(3))); // the outbox is made, one frame in
                    Thread.sleep(random.nextInt(150)); // anywhere: writing, appending, waiting for the answer
                    writer.kill();
                }
                OutboxClientProcess.awaitConsumed(master, ONE.uuid());
            }
            TableState s = catalog.refresh().require("s");
            Map<Long, Integer> bases = new HashMap<>();
            for (FrameRef ref : s.frames()) {
                try (Frame frame = catalog.attach(ref, allocator, false);
                        VectorSchemaRoot batch = frame.batch(0)) {
                    BigIntVector id = (BigIntVector) batch.getVector("id");
                    assertEquals(rows, batch.getRowCount(), "a whole frame");
                    for (int i = 0; i < rows; i++) {
                        assertEquals(id.get(0) + i, id.get(i), "a whole frame");
                    }
                    bases.merge(id.get(0), 1, Integer::sum);
                }
            }
            bases.forEach((base, times) -> assertEquals(1, times, "frame with ids from " + base + " committed once"));
            for (long base : acknowledged) {
                assertTrue(bases.containsKey(base), "an acknowledged frame is there: " + base);
            }
        }
    }

    @Test
    void theMastersAgentKilledAnywhereCommitsEveryRecordOnceWhenTheNextOneComes() throws Exception {
        Random random = new Random(13);
        int rows = 300;
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog setup = Catalog.open(master)) {
            setup.createTable("s", TableWriterProcess.root(allocator).getSchema());
            setup.handOver("s", ONE.uuid());
            setup.grant(ONE.uuid(), 64L << 20); // the outbox and room: the client needs no agent to start
        }
        List<String> acks = java.util.Collections.synchronizedList(new ArrayList<>());
        int kills = 0;
        try (LineChild writer = client(ONE)) {
            assertEquals("started", writer.line());
            writer.send("stream s 0 " + rows + " 100000");
            Thread drain = new Thread(() -> {
                try {
                    for (String line = writer.line(); line != null; line = writer.line()) {
                        acks.add(line);
                    }
                } catch (AssertionError | RuntimeException e) {
                    // the writer was killed, or printed nothing for a minute: done reading
                }
            });
            drain.setDaemon(true);
            drain.start();
            for (int round = 0; round < 10; round++) {
                try (LineChild agent = new LineChild(MasterAgentProcess.class, device.toString())) {
                    assertEquals("agent", agent.line());
                    int before = acks.size();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (acks.size() == before) { // the agent commits at least one frame this round
                        assertTrue(System.nanoTime() - deadline < 0, "no commit in round " + round);
                        Thread.sleep(2);
                    }
                    Thread.sleep(random.nextInt(100)); // anywhere: polling, checking, committing, answering
                    agent.kill();
                    kills++;
                }
            }
            writer.kill();
            drain.join(TimeUnit.SECONDS.toMillis(70));
        }
        assertEquals(10, kills);
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master)) { // the agent again: it consumes what is left
            OutboxClientProcess.awaitConsumed(master, ONE.uuid());
            TableState s = catalog.refresh().require("s");
            Set<Long> firsts = new HashSet<>();
            for (FrameRef ref : s.frames()) {
                try (Frame frame = catalog.attach(ref, allocator, false);
                        VectorSchemaRoot batch = frame.batch(0)) {
                    BigIntVector id = (BigIntVector) batch.getVector("id");
                    assertTrue(firsts.add(id.get(0)), "committed once: " + id.get(0));
                }
            }
            for (String ack : acks) {
                assertTrue(ack.startsWith("ok "), ack);
                assertTrue(firsts.contains(Long.parseLong(ack.substring(3))), "acknowledged and there: " + ack);
            }
            assertTrue(acks.size() >= 10, "frames committed across ten agents: " + acks.size());
        }
    }
}
