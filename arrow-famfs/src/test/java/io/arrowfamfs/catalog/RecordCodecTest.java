package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.catalog.CatalogRecord.AppendFrame;
import io.arrowfamfs.catalog.CatalogRecord.CloseGrant;
import io.arrowfamfs.catalog.CatalogRecord.CreatePool;
import io.arrowfamfs.catalog.CatalogRecord.CreateTable;
import io.arrowfamfs.catalog.CatalogRecord.DropTable;
import io.arrowfamfs.catalog.CatalogRecord.Free;
import io.arrowfamfs.catalog.CatalogRecord.GrantSpace;
import io.arrowfamfs.catalog.CatalogRecord.Migrated;
import io.arrowfamfs.catalog.CatalogRecord.OpenGrant;
import io.arrowfamfs.catalog.CatalogRecord.Quarantine;
import io.arrowfamfs.catalog.CatalogRecord.ReplaceTable;
import io.arrowfamfs.catalog.CatalogRecord.RetireFrame;
import io.arrowfamfs.catalog.CatalogRecord.RetiredRange;
import io.arrowfamfs.catalog.CatalogRecord.SetConfig;
import io.arrowfamfs.catalog.CatalogRecord.SetPublisher;
import io.arrowfamfs.catalog.CatalogRecord.UnitRun;
import io.arrowfamfs.catalog.CatalogRecord.WriterSeq;
import io.arrowfamfs.space.Extent;
import io.arrowfamfs.space.Grant;
import io.arrowfamfs.space.Pool;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every kind of catalog record comes back from its 512 bytes as it went in. */
class RecordCodecTest {
    private static final Extent EXTENT = new Extent(3, 4096, 123_456);
    private static final FrameLocation LOCATION = new FrameLocation(EXTENT, 2, 77, 5, 40);

    @Test
    void everyKindRoundTrips() {
        List<CatalogRecord> records = List.of(
                new CreateTable("t", LOCATION, 1),
                new AppendFrame("t", LOCATION, 1000, 3, 9),
                new DropTable("t"),
                new ReplaceTable("t"),
                new RetireFrame("t", EXTENT),
                new CreatePool(new Pool(3, "arrow-famfs/pools/pool-3", 64L << 20, 2 << 20), true),
                new GrantSpace(77, EXTENT, GrantSpace.NONE, "node=x ring=0"),
                new CloseGrant(40),
                new CloseGrant(41, true),
                new Quarantine(8),
                new Free(9),
                new SetConfig(VolumeSettings.LEASE, 5000),
                new Migrated(12),
                new SetPublisher("t", UUID.fromString("dddddddd-0000-4000-8000-000000000001")),
                new UnitRun(3, 0, 4, 1, 7, -1),
                new RetiredRange(EXTENT, 8, -1),
                new OpenGrant(new Grant(40, 77, EXTENT, 2), 8192, "node=x ring=0"),
                new WriterSeq(77, 5));
        long seq = 9;
        for (CatalogRecord record : records) {
            byte[] bytes = RecordCodec.encode(seq, 1_700_000_000_000_000L, record);
            assertEquals(CatalogDescriptor.RECORD_SIZE, bytes.length);
            assertEquals(record, RecordCodec.decode(bytes, seq, "test").record(), "kind " + record);
        }
    }

    @Test
    void aGrantGivenBackAndOneRetiredAreTellableApart() {
        byte[] back = RecordCodec.encode(1, 0, new CloseGrant(40));
        byte[] retired = RecordCodec.encode(1, 0, new CloseGrant(40, true));
        assertFalse(((CloseGrant) RecordCodec.decode(back, 1, "test").record()).retire());
        assertTrue(((CloseGrant) RecordCodec.decode(retired, 1, "test").record()).retire());
    }
}
