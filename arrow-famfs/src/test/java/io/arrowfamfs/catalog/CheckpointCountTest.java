package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.FrameBuilder;
import java.time.Duration;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** A checkpoint's grant is sized by counting the records it will hold: the count is exact. */
class CheckpointCountTest extends ScratchDeviceTest {
    @Test
    void theCountIsTheNumberOfRecordsOfEveryKind() {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                VectorSchemaRoot root = TableWriterProcess.root(allocator)) {
            assertEquals(catalog.inState(Checkpoint::records).size(), catalog.inState(Checkpoint::count), "empty");
            for (String table : new String[] {"a", "b", "c"}) {
                for (int f = 0; f < 5; f++) {
                    TableWriterProcess.fill(root, f * 100L, 100);
                    try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                        frame.add(root);
                        catalog.createOrAppend(table, frame, allocator);
                    }
                }
            }
            catalog.drop("b"); // retired ranges
            catalog.handOver("c", CatalogTest.CLIENT.uuid()); // a publisher
            catalog.configure(VolumeSettings.QUARANTINE, Duration.ofSeconds(60)); // a setting
            long count = catalog.inState(Checkpoint::count);
            assertEquals(catalog.inState(Checkpoint::records).size(), count);
            assertTrue(count > 3 * 5, "frames, tables, pools, grants, retired ranges: " + count);
        }
    }
}
