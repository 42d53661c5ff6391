package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.Fsck;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.CorruptFrameException;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.testkit.HostileWriter;
import java.util.stream.LongStream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** A device of format 1 (one famfs file per frame) is refused by name, then migrated losing nothing. */
class MigrationTest extends ScratchDeviceTest {
    private static final long MARKER = 0x5eed_0000_0000_0001L;

    /** Format 1 with: t (3 frames of 100 ids), gone (created, filled, dropped), empty (no frames). */
    private void writeFormatOne() {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                VectorSchemaRoot root = TableWriterProcess.root(allocator)) {
            LegacyDevice legacy = new LegacyDevice(master);
            legacy.create("t", root.getSchema());
            legacy.create("gone", root.getSchema());
            for (int f = 0; f < 3; f++) {
                TableWriterProcess.fill(root, f * 100L, 100);
                if (f == 2) {
                    ((org.apache.arrow.vector.BigIntVector) root.getVector(0)).set(99, MARKER);
                }
                try (FrameBuilder frame = new FrameBuilder(root.getSchema())) {
                    frame.add(root);
                    legacy.append("t", frame);
                    legacy.append("gone", frame);
                }
            }
            legacy.drop("gone");
            legacy.create("empty", root.getSchema());
            legacy.finish();
        }
    }

    @Test
    void aFormatOneDeviceIsRefusedNamingMigrateThenMigratedWithNothingLost() {
        writeFormatOne();
        try (Volume client = Volume.open(device, VolumeOptions.of(CatalogTest.CLIENT))) {
            UnsupportedCatalogFormatException refused =
                    assertThrows(UnsupportedCatalogFormatException.class, () -> Catalog.open(client));
            assertTrue(
                    refused.getMessage().startsWith("catalog format 1 needs converting: device="),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("hint: run 'arrow-famfs migrate -d "), refused.getMessage());
        }
        java.util.List<io.arrowfamfs.famfs.FsckReport.Finding> before = CatalogCheck.check(device);
        assertEquals(1, before.size(), before.toString());
        assertEquals(io.arrowfamfs.famfs.FsckReport.Severity.NOTE, before.get(0).severity(), "not damage");
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER))) {
            assertThrows(UnsupportedCatalogFormatException.class, () -> Catalog.open(master), "writers too");
            assertTrue(LegacyMigration.needed(master));
            LegacyMigration.Result result = LegacyMigration.migrate(master, allocator);
            assertEquals(new LegacyMigration.Result(2, 3, result.bytesCopied(), 10), result);
            assertFalse(LegacyMigration.needed(master));
            assertEquals(0, LegacyMigration.migrate(master, allocator).framesCopied(), "a second run copies nothing");
        }
        try (Volume client = Volume.open(device, VolumeOptions.of(CatalogTest.CLIENT));
                Catalog catalog = Catalog.open(client)) {
            assertEquals(
                    java.util.Set.of("t", "empty"), catalog.snapshot().tables().keySet());
            long[] ids = CatalogTest.ids(catalog, catalog.snapshot().require("t"), allocator);
            long[] expected = LongStream.range(0, 300).toArray();
            expected[299] = MARKER;
            assertArrayEquals(expected, ids, "every row, byte for byte");
            assertEquals(0, catalog.snapshot().require("empty").rows());
            assertEquals(java.util.Optional.of(10L), catalog.migratedFrom());
        }
        assertTrue(Fsck.check(device).clean());
        assertTrue(
                CatalogCheck.check(device).stream().anyMatch(f -> f.message().startsWith("format-1 files hold bytes=")),
                "the old files are reported: famfs cannot free them");
    }

    @Test
    void aDamagedFrameStopsTheMigrationWhichResumesOnceItIsRepaired() throws Exception {
        writeFormatOne();
        HostileWriter.replaceLong(device, MARKER, MARKER ^ 1);
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER))) {
            assertThrows(CorruptFrameException.class, () -> LegacyMigration.migrate(master, allocator));
            assertTrue(LegacyMigration.needed(master), "not marked done");
            assertThrows(UnsupportedCatalogFormatException.class, () -> Catalog.open(master), "readers still refused");
        }
        HostileWriter.replaceLong(device, MARKER ^ 1, MARKER);
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER))) {
            LegacyMigration.Result resumed = LegacyMigration.migrate(master, allocator);
            assertEquals(1, resumed.framesCopied(), "the two frames copied before the damage are not copied again");
        }
        try (Volume client = Volume.open(device, VolumeOptions.of(CatalogTest.CLIENT));
                Catalog catalog = Catalog.open(client)) {
            assertEquals(300, catalog.snapshot().require("t").rows());
            assertEquals(3, catalog.snapshot().require("t").frames().size());
        }
    }
}
