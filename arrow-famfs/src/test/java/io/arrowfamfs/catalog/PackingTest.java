package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.space.SpaceReport.PoolSpace;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** Small frames are packed: a thousand frames of 10 KB cost their bytes, not a famfs file and a 2 MiB unit each. */
class PackingTest extends ScratchDeviceTest {
    @Test
    void aThousandFramesOfTenKilobytesTakeAtMostSixteenMebibytesAndNoLogEntries() {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                VectorSchemaRoot root = TableWriterProcess.root(allocator)) {
            TableWriterProcess.fill(root, 0, 1250); // 10,000 bytes of ids
            long entries;
            try (FrameBuilder first = new FrameBuilder(root.getSchema())) {
                first.add(root);
                catalog.createOrAppend("small", first, allocator);
                entries = master.refresh().entries();
            }
            long frameBytes = 0;
            for (int f = 1; f < 1000; f++) {
                try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                    frame.add(root);
                    frameBytes = frame.size();
                    catalog.append("small", frame, allocator);
                }
            }
            assertTrue(frameBytes > 10_000, "a frame holds 10 KB of data and its metadata: " + frameBytes);
            PoolSpace total = catalog.space().total();
            long taken = total.size() - total.free();
            assertTrue(taken <= 16L << 20, "1,000 frames in at most 16 MiB of pool space: " + taken);
            assertTrue(taken >= 1000 * frameBytes, "and no less than their bytes: " + taken);
            assertEquals(entries, master.refresh().entries(), "publishing them logged nothing in famfs");
            assertEquals(1000, catalog.snapshot().require("small").frames().size());
        }
    }
}
