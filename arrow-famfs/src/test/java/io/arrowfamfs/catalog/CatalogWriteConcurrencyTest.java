package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Fsck;
import io.arrowfamfs.famfs.FsckReport;
import io.arrowfamfs.famfs.FsckReport.Finding;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.testkit.Jvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * A frame's copy holds no lock: copies are held open by the test (a latch, a gate file), so each
 * test proves an order of events, never a speed. Timeouts here only turn a deadlock into a failure.
 */
class CatalogWriteConcurrencyTest extends ScratchDeviceTest {
    private static final String NODE = CatalogTest.MASTER.uuid().toString();
    private static final int BIG_ROWS = 200_000;

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(60, TimeUnit.SECONDS), "latch");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertIds(long[] ids) {
        for (int i = 0; i < ids.length; i++) {
            assertEquals(i, ids[i]);
        }
    }

    @Test
    void aCopyInProgressBlocksNeitherReadersNorOtherWriters() throws Exception {
        ExecutorService importer = Executors.newSingleThreadExecutor();
        CountDownLatch copying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                VectorSchemaRoot root = TableWriterProcess.root(allocator);
                FrameBuilder big = new FrameBuilder(root.getSchema())) {
            catalog.createTable("big", root.getSchema());
            TableWriterProcess.fill(root, 0, BIG_ROWS);
            big.add(root);
            Future<FrameRef> importing = importer.submit(() -> catalog.append("big", big, allocator, region -> {
                copying.countDown();
                await(release);
                big.writeTo(region);
            }));
            await(copying);

            String out = Jvm.finish(Jvm.start(TableWriterProcess.class, device.toString(), NODE, "small", "1", "100"));
            assertEquals("committed 3", out.trim(), "another writer process created and filled a table meanwhile");

            try (VectorSchemaRoot more = TableWriterProcess.root(allocator);
                    FrameBuilder frame = new FrameBuilder(more.getSchema())) {
                TableWriterProcess.fill(more, 100, 50);
                frame.add(more);
                assertEquals(3, catalog.append("small", frame, allocator).commit(), "and a writer thread of this JVM");
            }
            CatalogSnapshot seen =
                    CompletableFuture.supplyAsync(catalog::refresh).get(60, TimeUnit.SECONDS);
            assertEquals(4, seen.version(), "a reader thread in the copying JVM refreshed");
            assertEquals(0, seen.require("big").frames().size(), "the frame being copied is not visible");
            assertIds(CatalogTest.ids(catalog, seen.require("small"), allocator));
            assertEquals(4, catalog.awaitChange(4, Duration.ofMillis(10)).version());
            List<FamfsFile> pending = CatalogCheck.orphans(master, seen);
            assertEquals(1, pending.size(), "the copy's file is logged in famfs, named by no commit");
            assertEquals(big.size(), pending.get(0).size());
            assertFalse(importing.isDone(), "the copy was held open the whole time");

            release.countDown();
            FrameRef ref = importing.get(60, TimeUnit.SECONDS);
            assertEquals(pending.get(0).relpath(), ref.path());
            assertEquals(4, ref.commit(), "committed after the other writers' records");
            TableState table = catalog.snapshot().require("big");
            assertEquals(BIG_ROWS, table.rows());
            assertIds(CatalogTest.ids(catalog, table, allocator));
            assertEquals(List.of(), CatalogCheck.orphans(master, catalog.snapshot()));
        } finally {
            release.countDown();
            importer.shutdown();
            assertTrue(importer.awaitTermination(60, TimeUnit.SECONDS));
        }
        FsckReport report = Fsck.check(device);
        assertTrue(report.clean(), report.findings().toString());
        assertEquals(List.of(), CatalogCheck.check(device));
    }

    @Test
    void aWriterKilledMidCopyLeavesAnOrphanAndNothingVisible() throws Exception {
        long frameBytes;
        try (VectorSchemaRoot root = TableWriterProcess.root(allocator);
                FrameBuilder frame = new FrameBuilder(root.getSchema())) {
            TableWriterProcess.fill(root, 0, BIG_ROWS);
            frame.add(root);
            frameBytes = frame.size();
        }
        Path gate = shm.path().resolve("gate");
        Process writer = Jvm.start(
                SlowAppendProcess.class, device.toString(), NODE, "t", String.valueOf(BIG_ROWS), gate.toString());
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("copying", out.readLine());
        } finally {
            writer.destroyForcibly().waitFor();
        }
        assertFalse(Files.exists(gate));

        FsckReport report = Fsck.check(device);
        assertTrue(report.clean(), report.findings().toString());
        List<Finding> findings = CatalogCheck.check(device);
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(FsckReport.Severity.NOTE, findings.get(0).severity());
        assertTrue(
                findings.get(0)
                        .message()
                        .matches("orphan frame: path=\\.af/f/[0-9a-f]{32}\\.arrow bytes=" + frameBytes + " .*"),
                findings.get(0).message());
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master)) {
            assertEquals(1, catalog.snapshot().version(), "only the create was committed");
            assertEquals(0, catalog.snapshot().require("t").rows());
            Jvm.finish(Jvm.start(TableWriterProcess.class, device.toString(), NODE, "t", "1", "100"));
            TableState table = catalog.refresh().require("t");
            assertEquals(100, table.rows(), "the next writer commits after the dead one");
            assertIds(CatalogTest.ids(catalog, table, allocator));
            assertEquals(1, CatalogCheck.orphans(master, catalog.snapshot()).size());
        }
    }
}
