package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.nativeio.MappedRegion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * The catalog file against bytes built from docs/publication.md's literal offsets, not from
 * CatalogDescriptor; and the errors its header checks raise.
 */
class CatalogFormatTest extends ScratchDeviceTest {
    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int crc32c(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static byte[] expectedRecord(
            long seq, int type, int batches, long time, long rows, long bytes, String table, String path) {
        byte[] record = new byte[512];
        ByteBuffer b = le(record);
        b.putLong(0, seq)
                .putInt(8, type)
                .putInt(12, batches)
                .putLong(16, time)
                .putLong(24, rows)
                .putLong(32, bytes);
        b.put(48, (byte) table.length()).put(49, table.getBytes(StandardCharsets.UTF_8));
        b.put(112, (byte) path.length()).put(113, path.getBytes(StandardCharsets.UTF_8));
        b.putInt(504, crc32c(record, 504));
        return record;
    }

    @Test
    void catalogBytesMatchTheSpec() {
        long before = System.currentTimeMillis() * 1000;
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                VectorSchemaRoot root = TableWriterProcess.root(allocator);
                FrameBuilder frame = new FrameBuilder(root.getSchema())) {
            TableWriterProcess.fill(root, 0, 10);
            frame.add(root);
            FrameRef ref = catalog.createOrAppend("t", frame, allocator);
            TableState table = catalog.snapshot().require("t");
            FamfsFile file = master.namespace().file(".af/catalog");
            assertEquals(4096 + 512L * 16384, file.size());
            try (MappedRegion region = master.map(file, false)) {
                byte[] header = new byte[4096];
                ByteBuffer h = le(header);
                h.put(0, "AFCATLG1".getBytes(StandardCharsets.US_ASCII))
                        .putInt(8, 1)
                        .putInt(12, 512)
                        .putLong(16, 16384);
                h.putInt(24, crc32c(header, 24));
                h.putLong(64, 2);
                assertArrayEquals(header, region.copyOf(0, 4096), "header, commit count 2 on its own line");

                byte[] create = region.copyOf(4096, 512);
                long time = le(create).getLong(16);
                assertTrue(time >= before && time <= System.currentTimeMillis() * 1000, "epoch microseconds");
                long schemaBytes = master.namespace().file(table.schemaPath()).size();
                assertArrayEquals(expectedRecord(0, 1, 0, time, 0, schemaBytes, "t", table.schemaPath()), create);
                byte[] append = region.copyOf(4096 + 512, 512);
                assertArrayEquals(
                        expectedRecord(1, 2, 1, le(append).getLong(16), 10, ref.bytes(), "t", ref.path()), append);
                assertArrayEquals(new byte[512], region.copyOf(4096 + 1024, 512), "no record past the count");
            }
        }
    }

    private void editHeader(Consumer<ByteBuffer> edit) {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER))) {
            try (Catalog catalog = Catalog.open(master)) {
                catalog.createTable("t", TableWriterProcess.root(allocator).getSchema());
            }
            try (MappedRegion region = master.map(master.namespace().file(".af/catalog"), false)) {
                byte[] header = region.copyOf(0, 4096);
                edit.accept(le(header));
                region.putBytes(0, header, 0, header.length);
            }
        }
    }

    private <T extends Exception> T openFails(Class<T> type) {
        try (Volume client = Volume.open(device, VolumeOptions.of(CatalogTest.CLIENT))) {
            return assertThrows(type, () -> Catalog.open(client));
        }
    }

    @Test
    void anotherFormatIsNotCorruption() {
        editHeader(h -> h.putInt(8, 2).putInt(24, crc32c(h.array(), 24)));
        UnsupportedCatalogFormatException e = openFails(UnsupportedCatalogFormatException.class);
        assertEquals(
                "catalog format unsupported: path=.af/catalog actual=2 expected=1; hint: written by another "
                        + "arrow-famfs version",
                e.getMessage());
    }

    @Test
    void damagedHeaderFieldsAreCorruption() {
        editHeader(h -> h.put(0, (byte) 'X'));
        assertEquals(
                "catalog header magic mismatch: path=.af/catalog actual=XFCATLG1 expected=AFCATLG1",
                openFails(CorruptCatalogException.class).getMessage());
    }

    @Test
    void headerCrcCoversTheCapacity() {
        editHeader(h -> h.putLong(16, 100));
        assertTrue(openFails(CorruptCatalogException.class)
                .getMessage()
                .startsWith("catalog header crc mismatch: path=.af/catalog stored="));
    }

    @Test
    void invalidTableNamesSayWhatIsExpected() {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master)) {
            InvalidTableNameException e = assertThrows(
                    InvalidTableNameException.class,
                    () -> catalog.createTable(
                            "1st", TableWriterProcess.root(allocator).getSchema()));
            assertEquals(
                    "invalid table name: name=1st expected=letters, digits and _, not starting with a digit, at "
                            + "most 63",
                    e.getMessage());
            assertEquals(0, catalog.snapshot().version());
        }
    }
}
