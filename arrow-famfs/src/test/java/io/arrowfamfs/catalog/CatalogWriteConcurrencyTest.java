package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.Fsck;
import io.arrowfamfs.famfs.FsckReport;
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
import java.util.concurrent.atomic.AtomicBoolean;
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
            Future<FrameRef> importing =
                    importer.submit(() -> catalog.append("big", big, allocator, (region, policy) -> {
                        copying.countDown();
                        await(release);
                        return big.writeTo(region, policy).length();
                    }));
            await(copying);

            long before = catalog.refresh().version();
            String out = Jvm.finish(Jvm.start(TableWriterProcess.class, device.toString(), NODE, "small", "1", "100"));
            assertTrue(out.trim().startsWith("committed "), out);
            long other = Long.parseLong(out.trim().substring("committed ".length()));
            assertTrue(other > before, "another writer process created and filled a table meanwhile");

            long mine;
            try (VectorSchemaRoot more = TableWriterProcess.root(allocator);
                    FrameBuilder frame = new FrameBuilder(more.getSchema())) {
                TableWriterProcess.fill(more, 100, 50);
                frame.add(more);
                mine = catalog.append("small", frame, allocator).commit();
                assertTrue(mine >= other, "and a writer thread of this JVM");
            }
            CatalogSnapshot seen =
                    CompletableFuture.supplyAsync(catalog::refresh).get(60, TimeUnit.SECONDS);
            assertEquals(mine + 1, seen.version(), "a reader thread in the copying JVM refreshed");
            assertEquals(0, seen.require("big").frames().size(), "the frame being copied is not visible");
            assertIds(CatalogTest.ids(catalog, seen.require("small"), allocator));
            assertEquals(
                    seen.version(),
                    catalog.awaitChange(seen.version(), Duration.ofMillis(10)).version());
            GrantView pending = catalog.grants().stream()
                    .filter(g -> g.grant().range().length() >= big.size()
                            && g.used() == g.grant().range().offset())
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the copy's own grant is open: " + catalog.grants()));
            assertEquals(pending.grant().range().offset(), pending.used(), "granted, nothing of it committed");
            assertFalse(importing.isDone(), "the copy was held open the whole time");

            release.countDown();
            FrameRef ref = importing.get(60, TimeUnit.SECONDS);
            assertEquals(
                    pending.grant().range().offset(), ref.location().extent().offset());
            assertTrue(ref.commit() > mine, "committed after the other writers' records");
            assertTrue(
                    catalog.grants().stream()
                            .noneMatch(g -> g.grant().id() == pending.grant().id()),
                    "the frame's own grant closed with its commit");
            TableState table = catalog.snapshot().require("big");
            assertEquals(BIG_ROWS, table.rows());
            assertIds(CatalogTest.ids(catalog, table, allocator));
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
    void threadsPackingSmallFramesAtOnceNeverCommitIntoAGrantThatWasClosed() throws Exception {
        int threads = 4;
        int frames = 60;
        int rows = 12_000; // ~100 KB: about twenty to a packing grant, so grants are replaced under copies
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master)) {
            catalog.createTable("packed", TableWriterProcess.root(allocator).getSchema());
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    try (VectorSchemaRoot root = TableWriterProcess.root(allocator)) {
                        for (int f = 0; f < frames; f++) {
                            try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                                TableWriterProcess.fill(root, ((long) thread * frames + f) * rows, rows);
                                frame.add(root);
                                catalog.append("packed", frame, allocator);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
        try (Volume client = Volume.open(device, VolumeOptions.of(CatalogTest.CLIENT));
                Catalog catalog = Catalog.open(client)) {
            TableState packed = catalog.snapshot().require("packed");
            assertEquals((long) threads * frames * rows, packed.rows(), "every frame committed, once");
            long[] ids = CatalogTest.ids(catalog, packed, allocator);
            java.util.Arrays.sort(ids);
            assertIds(ids);
            assertEquals(List.of(), catalog.grants(), "every packing grant closed, the replaced ones too");
        }
        assertEquals(List.of(), CatalogCheck.check(device));
    }

    @Test
    void fsckOfAVolumeInUseTakesNoFrameReplacedMeanwhileForDamage() throws Exception {
        ExecutorService replacer = Executors.newSingleThreadExecutor();
        AtomicBoolean stop = new AtomicBoolean();
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                VectorSchemaRoot root = TableWriterProcess.root(allocator)) {
            Runnable replace = () -> {
                try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                    TableWriterProcess.fill(root, 0, 1000);
                    frame.add(root);
                    catalog.replace("t", frame, allocator);
                }
            };
            replace.run();
            Future<?> replacing = replacer.submit(() -> {
                while (!stop.get()) {
                    replace.run();
                }
            });
            long before = catalog.snapshot().version();
            for (int pass = 0; pass < 10; pass++) { // each pass replays, then attaches t's frame: replaced by then
                assertEquals(List.of(), CatalogCheck.check(device), "pass " + pass);
            }
            stop.set(true);
            replacing.get(60, TimeUnit.SECONDS);
            assertTrue(catalog.refresh().version() > before + 10, "replaced all along");
        } finally {
            stop.set(true);
            replacer.shutdown();
            assertTrue(replacer.awaitTermination(60, TimeUnit.SECONDS));
        }
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
        assertEquals(List.of(), CatalogCheck.check(device), "granted space of a dead writer is not damage");
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master)) {
            assertEquals(0, catalog.snapshot().require("t").rows(), "only the create was committed");
            long granted = catalog.space().total().granted();
            assertTrue(granted >= frameBytes, "the dead writer's grants still hold its space: " + granted);
            GcReport gc = catalog.collect();
            assertEquals(2, gc.grantsClosed(), "its packing grant and the big frame's own grant");
            assertEquals(0, catalog.space().total().granted(), "nothing granted any more");
            Jvm.finish(Jvm.start(TableWriterProcess.class, device.toString(), NODE, "t", "1", "100"));
            TableState table = catalog.refresh().require("t");
            assertEquals(100, table.rows(), "the next writer commits after the dead one");
            assertIds(CatalogTest.ids(catalog, table, allocator));
        }
    }
}
