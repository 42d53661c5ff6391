package io.arrowfamfs.frame;

import static io.arrowfamfs.testkit.FamfsSpecImage.MIB;
import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.space.PoolMappings;
import io.arrowfamfs.testkit.HostileWriter;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Readers check what they read: the first use of a batch in a process hashes it against its
 * CRC32C, once, and a byte changed on the device after the commit is a typed error naming the
 * frame and the batch.
 */
class BatchCheckTest {
    static final NodeId MASTER = new NodeId(UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001"), "test");
    static final NodeId CLIENT = new NodeId(UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002"), "test");
    static final int ROWS = 1000;
    /** Written at row 7 of batch 1 only: what the hostile writer looks for on the device. */
    static final long MARKER = 0x5eed_f00d_cafe_0001L;

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    BufferAllocator allocator;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        BatchChecks.observer = BatchChecks.Observer.NONE;
        allocator.close();
    }

    /** A device at {@code device} with table t: one frame of 3 batches of ids, the marker in batch 1. */
    FrameRef publish(Path device) {
        Mkfs.format(device, MkfsOptions.of(64 * MIB, MASTER));
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog catalog = Catalog.open(master);
                BigIntVector id = new BigIntVector("id", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.of(id);
                FrameBuilder frame = new FrameBuilder(root.getSchema())) {
            for (int b = 0; b < 3; b++) {
                root.allocateNew();
                for (int i = 0; i < ROWS; i++) {
                    id.set(i, b == 1 && i == 7 ? MARKER : (long) b * ROWS + i);
                }
                root.setRowCount(ROWS);
                frame.add(root);
            }
            return catalog.createOrAppend("t", frame, allocator);
        }
    }

    Volume client(Path device, CachePolicy policy) {
        return Volume.open(device, VolumeOptions.of(CLIENT).withCachePolicy(policy));
    }

    @Test
    void aChangedByteIsATypedErrorNamingFrameAndBatchWhileOtherBatchesRead() throws Exception {
        Path device = shm.device("dev.img");
        FrameRef ref = publish(device);
        HostileWriter.replaceLong(device, MARKER, MARKER ^ 0xff);
        try (Volume volume = client(device, CachePolicy.COHERENT);
                Catalog catalog = Catalog.open(volume);
                Frame frame = catalog.attach(ref, allocator, false)) {
            CorruptBatchException e = assertThrows(CorruptBatchException.class, () -> frame.batch(1));
            assertEquals(ref.name(), e.frame());
            assertEquals(1, e.batch());
            assertNotEquals(e.stored(), e.computed());
            assertEquals(
                    String.format(
                            "frame %s: batch 1 checksum mismatch: stored=%08x computed=%08x",
                            ref.name(), e.stored(), e.computed()),
                    e.getMessage());
            assertThrows(CorruptBatchException.class, () -> frame.batch(1, new int[] {0}), "again: never recorded");
            try (VectorSchemaRoot fine = frame.batch(2)) {
                assertEquals(2L * ROWS, ((BigIntVector) fine.getVector(0)).get(0), "an untouched batch still reads");
            }
            try (ArrowReader reader = frame.reader()) {
                assertTrue(reader.loadNextBatch());
                assertThrows(CorruptBatchException.class, reader::loadNextBatch, "the reader checks too");
            }
            assertThrows(CorruptBatchException.class, frame::verify);
        }
        try (Volume volume = client(device, CachePolicy.COHERENT);
                Catalog unchecked = Catalog.open(volume, VerifyMode.OFF);
                Frame frame = unchecked.attach(ref, allocator, false);
                VectorSchemaRoot batch = frame.batch(1)) {
            assertEquals(VerifyMode.OFF, frame.verifyMode());
            assertEquals(
                    MARKER ^ 0xff, ((BigIntVector) batch.getVector(0)).get(7), "off: the changed value, unchecked");
        }
    }

    @Test
    void aBatchIsHashedOnceWhileItsFrameIsAttachedInTheProcess() {
        Path device = shm.device("dev.img");
        FrameRef ref = publish(device);
        try (Volume volume = client(device, CachePolicy.COHERENT);
                Catalog catalog = Catalog.open(volume)) {
            long before = BatchChecks.HASHES.get();
            try (Frame frame = catalog.attach(ref, allocator, false)) {
                frame.batch(0).close();
                assertEquals(before + 1, BatchChecks.HASHES.get(), "first use hashes");
                frame.batch(0, new int[] {0}).close();
                frame.checkBatch(0);
                assertEquals(before + 1, BatchChecks.HASHES.get(), "the same frame does not hash again");
                try (Volume again = client(device, CachePolicy.COHERENT);
                        Catalog other = Catalog.open(again);
                        Frame second = other.attach(ref, allocator, false)) {
                    second.batch(0).close();
                    assertEquals(
                            before + 1,
                            BatchChecks.HASHES.get(),
                            "attached again meanwhile, by another catalog: not hashed");
                    second.batch(1).close();
                    assertEquals(before + 2, BatchChecks.HASHES.get(), "another batch is hashed on its first use");
                    second.verify();
                    assertEquals(
                            before + 5, BatchChecks.HASHES.get(), "verify hashes every batch, whatever was checked");
                }
            }
            try (Frame frame = catalog.attach(ref, allocator, false)) {
                frame.batch(0).close();
                assertEquals(before + 6, BatchChecks.HASHES.get(), "every attachment was closed: checked again");
            }
        }
        Path copy = shm.device("other.img");
        FrameRef elsewhere = publish(copy);
        try (Volume volume = client(copy, CachePolicy.COHERENT);
                Catalog catalog = Catalog.open(volume);
                Frame frame = catalog.attach(elsewhere, allocator, false)) {
            long before = BatchChecks.HASHES.get();
            frame.batch(0).close();
            assertEquals(before + 1, BatchChecks.HASHES.get(), "another device's frame is another frame");
        }
    }

    @Test
    void theProcessKeepsRecordsOfAttachedFramesOnly() {
        Path device = shm.device("dev.img");
        FrameRef ref = publish(device);
        int live = CheckedBatches.liveFrames();
        try (Volume volume = client(device, CachePolicy.COHERENT);
                Catalog catalog = Catalog.open(volume);
                PoolMappings pools = new PoolMappings(volume);
                MappedRegion region = pools.slice(
                        catalog.pools().get(ref.location().extent().pool()),
                        ref.location().extent())) {
            for (int i = 0; i < 100; i++) {
                // a long-running reader sees frames come and go, each under a name never used again
                FrameIdentity frame = new FrameIdentity(device, volume.filesystemUuid(), ref.name() + "." + i);
                VerifyMode verify = i % 2 == 0 ? VerifyMode.FIRST_USE : VerifyMode.OFF;
                try (Frame attached = Frame.attach(frame, region, allocator, verify, CachePolicy.COHERENT);
                        Frame again = Frame.attach(frame, region, allocator, verify, CachePolicy.COHERENT)) {
                    attached.batch(0).close();
                    again.checkBatch(1);
                    assertEquals(live + 1, CheckedBatches.liveFrames(), "two attachments of one frame: one record");
                }
                assertEquals(live, CheckedBatches.liveFrames(), "frame " + i + " released: its record is gone");
            }
            VectorSchemaRoot batch;
            try (Frame attached = catalog.attach(ref, allocator, false)) {
                batch = attached.batch(2);
            }
            try (batch) {
                assertEquals(live + 1, CheckedBatches.liveFrames(), "a batch handed out keeps its frame's record");
            }
            assertEquals(live, CheckedBatches.liveFrames(), "the last batch closed: the record is gone");
        }
    }

    @Test
    void threadsUsingABatchFirstAtOnceNeverSeeUncheckedData() throws Exception {
        Path device = shm.device("dev.img");
        FrameRef ref = publish(device);
        HostileWriter.replaceLong(device, MARKER, MARKER + 1);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Volume volume = client(device, CachePolicy.COHERENT);
                Catalog catalog = Catalog.open(volume);
                Frame frame = catalog.attach(ref, allocator, false)) {
            long before = BatchChecks.HASHES.get();
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int batch = t % 2 == 0 ? 0 : 1;
                results.add(pool.submit(() -> {
                    start.await();
                    try (VectorSchemaRoot root = frame.batch(batch)) {
                        return "read " + batch + ":" + root.getRowCount();
                    } catch (CorruptBatchException e) {
                        return "corrupt " + e.batch();
                    }
                }));
            }
            for (int t = 0; t < threads; t++) {
                assertEquals(
                        t % 2 == 0 ? "read 0:" + ROWS : "corrupt 1",
                        results.get(t).get());
            }
            long hashes = BatchChecks.HASHES.get() - before;
            assertTrue(hashes >= 3 && hashes <= threads, "batch 0 once or twice, batch 1 by each thread: " + hashes);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nonCoherentMemoryIsInvalidatedWhereItIsReadAndBeforeItIsHashed() throws Exception {
        Path base = Files.createDirectories(Path.of("target"));
        Path dir = Files.createTempDirectory(base, "arrowfamfs-test-");
        Path device = dir.resolve("dev.img");
        try {
            FrameRef ref = publish(device);
            List<String> events = new ArrayList<>();
            BatchChecks.observer = new BatchChecks.Observer() {
                @Override
                public void invalidated(CachePolicy policy, long start, long length) {
                    events.add("invalidate " + policy + " " + start + "+" + length);
                }

                @Override
                public void hashed(long start, long length) {
                    events.add("hash " + start + "+" + length);
                }
            };
            try (Volume volume = client(device, CachePolicy.NON_COHERENT);
                    Catalog catalog = Catalog.open(volume)) {
                catalog.schema(catalog.snapshot().require("t"), allocator); // the first read maps the host table
                long before = MappedRegion.invalidatedBytes();
                try (Frame frame = catalog.attach(ref, allocator, false)) {
                    long attach = MappedRegion.invalidatedBytes() - before;
                    assertTrue(
                            attach > 0 && attach < frame.bytes() / 4,
                            "map and attach invalidate the footer, not the file: invalidated=" + attach + " size="
                                    + frame.bytes());
                    try (VectorSchemaRoot batch = frame.batch(2)) {
                        assertEquals(2L * ROWS, ((BigIntVector) batch.getVector(0)).get(0));
                    }
                    long use = MappedRegion.invalidatedBytes() - before - attach;
                    assertTrue(
                            use >= 8L * ROWS && use < frame.bytes() / 2,
                            "first use invalidates the batch, not the frame: invalidated=" + use);
                }
            }
            assertEquals(2, events.size(), events.toString());
            String range = events.get(1).substring("hash ".length());
            assertEquals(List.of("invalidate NON_COHERENT " + range, "hash " + range), events);
        } finally {
            Files.deleteIfExists(device);
            Files.delete(dir);
        }
    }

    @Test
    void verifyModesAreSpelledAsInUrlsAndTheCommandLine() {
        assertEquals(VerifyMode.FIRST_USE, VerifyMode.parse("first-use"));
        assertEquals(VerifyMode.OFF, VerifyMode.parse("off"));
        InvalidVerifyModeException e = assertThrows(InvalidVerifyModeException.class, () -> VerifyMode.parse("on"));
        assertEquals("invalid verify mode: verify=on expected=first-use|off", e.getMessage());
    }
}
