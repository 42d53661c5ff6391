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

    /** A record's common part: seq, kind, time; the caller fills the rest and then {@link #sealed}. */
    private static ByteBuffer record(long seq, int kind, long time) {
        ByteBuffer b = le(new byte[512]);
        b.putLong(0, seq).putShort(8, (short) kind).putLong(16, time);
        return b;
    }

    private static void text(ByteBuffer b, int offset, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        b.put(offset, (byte) utf8.length).put(offset + 1, utf8);
    }

    /** The frame-location fields: pool, generation, offset, length, writer, writer seq, grant. */
    private static void location(ByteBuffer b, long offset, long length, long writer, long writerSeq, long grant) {
        b.putInt(32, 0).putInt(36, 0).putLong(40, offset).putLong(48, length);
        b.putLong(56, writer).putLong(64, writerSeq).putLong(72, grant);
    }

    private static byte[] sealed(ByteBuffer b) {
        b.putInt(504, crc32c(b.array(), 504));
        return b.array();
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
            long writer = ref.location().writer();
            long poolSize = catalog.pools().get(0).size();
            long schemaBytes = table.schema().extent().length();
            long schemaOffset = (frame.size() + 63) / 64 * 64;

            FamfsFile file = master.namespace().file(".af/catalog.v2");
            assertEquals(4096 + 512L * 16384, file.size());
            try (MappedRegion region = master.map(file, false)) {
                byte[] header = new byte[4096];
                ByteBuffer h = le(header);
                h.put(0, "AFCATLG2".getBytes(StandardCharsets.US_ASCII))
                        .putInt(8, 2)
                        .putInt(12, 512)
                        .putLong(16, 16384);
                h.putInt(24, crc32c(header, 24));
                h.putLong(64, 4);
                assertArrayEquals(header, region.copyOf(0, 4096), "header, count 4 on its own line, no checkpoint");

                long time = le(region.copyOf(4096, 512)).getLong(16);
                assertTrue(time >= before && time <= System.currentTimeMillis() * 1000, "epoch microseconds");

                ByteBuffer pool = record(0, 6, time);
                pool.putInt(32, 0).putLong(48, poolSize).putLong(80, 2 << 20);
                text(pool, 192, ".af/pools/0000");
                assertArrayEquals(sealed(pool), region.copyOf(4096, 512), "0: the pool");

                ByteBuffer grant =
                        record(1, 7, le(region.copyOf(4096 + 512, 512)).getLong(16));
                grant.putInt(32, 0)
                        .putLong(40, 0)
                        .putLong(48, 2 << 20)
                        .putLong(56, writer)
                        .putLong(80, -1);
                text(
                        grant,
                        192,
                        "node=" + CatalogTest.MASTER.uuid() + " pid="
                                + ProcessHandle.current().pid());
                assertArrayEquals(sealed(grant), region.copyOf(4096 + 512, 512), "1: one unit granted");

                ByteBuffer create =
                        record(2, 1, le(region.copyOf(4096 + 1024, 512)).getLong(16));
                text(create, 128, "t");
                location(create, schemaOffset, schemaBytes, writer, 1, 1);
                create.putLong(80, 1);
                assertArrayEquals(
                        sealed(create),
                        region.copyOf(4096 + 1024, 512),
                        "2: the table, its schema frame packed after the frame");

                ByteBuffer append =
                        record(3, 2, le(region.copyOf(4096 + 1536, 512)).getLong(16));
                text(append, 128, "t");
                location(append, 0, frame.size(), writer, 2, 1);
                append.putLong(24, 10).putInt(12, 1).putLong(80, 3);
                assertArrayEquals(sealed(append), region.copyOf(4096 + 1536, 512), "3: the frame, first in its grant");
                assertArrayEquals(new byte[512], region.copyOf(4096 + 2048, 512), "no record past the count");
            }
            assertEquals(schemaOffset, table.schema().extent().offset());
        }
    }

    private void editHeader(Consumer<ByteBuffer> edit) {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER))) {
            try (Catalog catalog = Catalog.open(master)) {
                catalog.createTable("t", TableWriterProcess.root(allocator).getSchema());
            }
            try (MappedRegion region = master.map(master.namespace().file(".af/catalog.v2"), false)) {
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
        editHeader(h -> h.putInt(8, 3).putInt(24, crc32c(h.array(), 24)));
        UnsupportedCatalogFormatException e = openFails(UnsupportedCatalogFormatException.class);
        assertEquals(
                "catalog format unsupported: path=.af/catalog.v2 actual=3 expected=2; hint: written by another "
                        + "arrow-famfs version",
                e.getMessage());
    }

    @Test
    void damagedHeaderFieldsAreCorruption() {
        editHeader(h -> h.put(0, (byte) 'X'));
        assertEquals(
                "catalog header magic mismatch: path=.af/catalog.v2 actual=XFCATLG2 expected=AFCATLG2",
                openFails(CorruptCatalogException.class).getMessage());
    }

    @Test
    void headerCrcCoversTheSlotCount() {
        editHeader(h -> h.putLong(16, 100));
        assertTrue(openFails(CorruptCatalogException.class)
                .getMessage()
                .startsWith("catalog header crc mismatch: path=.af/catalog.v2 stored="));
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
