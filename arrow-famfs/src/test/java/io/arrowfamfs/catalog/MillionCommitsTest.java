package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.FrameBuilder;
import java.time.Duration;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** The catalog takes a million commits, and a reader that opens after them reads a checkpoint and half a ring. */
class MillionCommitsTest extends ScratchDeviceTest {
    private static final int COMMITS = 1_000_000;

    @Test
    void aMillionCommitsLeaveTheCatalogOpenableInTimeOfItsLiveState() {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                Volume client = Volume.open(device, VolumeOptions.of(CatalogTest.CLIENT));
                Catalog follower = Catalog.open(client);
                VectorSchemaRoot root = TableWriterProcess.root(allocator)) {
            TableWriterProcess.fill(root, 0, 10);
            try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                frame.add(root);
                catalog.createOrAppend("t", frame, allocator);
            }
            long start = catalog.snapshot().version();
            for (int i = 0; i < COMMITS; i++) {
                catalog.configure(VolumeSettings.QUARANTINE, Duration.ofMillis(1 + i % 1000));
                if (i % 100_000 == 0) {
                    assertEquals(catalog.snapshot(), follower.refresh(), "a reader keeps up along the way");
                }
            }
            long version = catalog.snapshot().version();
            assertTrue(version >= start + COMMITS, "every commit counted: " + version);
            CheckpointRoot checkpoint = catalog.root().orElseThrow();
            assertTrue(
                    version - checkpoint.base() <= CatalogDescriptor.DEFAULT_SLOTS / 2,
                    "a new reader replays at most half a ring past the checkpoint: " + checkpoint);
            int units = catalog.pools().stream()
                    .mapToInt(io.arrowfamfs.space.Pool::units)
                    .sum();
            assertTrue(
                    checkpoint.records() <= units + 10,
                    "the checkpoint is the live state (a table, a setting, the units' reuse order), not the history: "
                            + checkpoint);
            try (Volume other = Volume.open(device, VolumeOptions.of(CatalogTest.CLIENT));
                    Catalog fresh = Catalog.open(other)) {
                assertEquals(catalog.snapshot(), fresh.snapshot());
                assertEquals(Duration.ofMillis(1000), fresh.settings().quarantine(), "the last setting stands");
                assertArrayEquals(
                        java.util.stream.LongStream.range(0, 10).toArray(),
                        CatalogTest.ids(fresh, fresh.snapshot().require("t"), allocator),
                        "the frame committed before them all still reads");
                assertEquals(catalog.space(), fresh.space());
            }
            assertEquals(catalog.snapshot(), follower.refresh());
        }
    }
}
