package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.SourceReadException;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.famfs.omf.CorruptMetadataException;
import io.arrowfamfs.famfs.omf.LogDescriptor;
import io.arrowfamfs.famfs.omf.SuperblockDescriptor;
import io.arrowfamfs.frame.FrameBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.junit.jupiter.api.Test;

/** What a commit needs before the copy, and what a writer sees once its commit is durable. */
class CatalogPublishTest extends ScratchDeviceTest {
    private static final long LOG_HEADER_CRC = SuperblockDescriptor.LOG_OFFSET + LogDescriptor.HEADER_CRC_OFFSET;

    private FrameBuilder frame(VectorSchemaRoot root, long base, int rows) {
        TableWriterProcess.fill(root, base, rows);
        FrameBuilder frame = new FrameBuilder(root.getSchema());
        frame.add(root);
        return frame;
    }

    @Test
    void aNewTableNeedsRoomForTwoRecordsBeforeAnythingIsAllocated() {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER))) {
            CatalogFile.create(master, 2);
            try (Catalog catalog = Catalog.open(master);
                    VectorSchemaRoot root = TableWriterProcess.root(allocator);
                    FrameBuilder frame = frame(root, 0, 100)) {
                catalog.createTable("a", root.getSchema());
                long files = master.refresh().list(CatalogDescriptor.FRAMES_DIR).size();
                CatalogFullException full =
                        assertThrows(CatalogFullException.class, () -> catalog.createOrAppend("b", frame, allocator));
                assertEquals("catalog full: commits=1 needed=2 capacity=2", full.getMessage());
                assertEquals(
                        files,
                        master.refresh().list(CatalogDescriptor.FRAMES_DIR).size(),
                        "refused in step 1: no schema frame, no frame file");
                assertEquals(List.of(), CatalogCheck.orphans(master, catalog.snapshot()));
                assertEquals(1, catalog.createOrAppend("a", frame, allocator).commit(), "an existing table needs one");
            }
        }
    }

    @Test
    void aCommitWhoseReplayFailsStillSucceedsAndIsNotDuplicated() throws IOException {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                VectorSchemaRoot root = TableWriterProcess.root(allocator);
                FrameBuilder frame = frame(root, 0, 100)) {
            catalog.createTable("t", root.getSchema());
            // While the frame is copied, damage the famfs log header: the replay after the commit then fails.
            FrameRef ref = catalog.append("t", frame, allocator, region -> {
                frame.writeTo(region);
                flipLogHeaderCrc();
            });
            assertEquals(1, ref.commit(), "the commit is durable, so the writer sees it succeed");
            assertEquals(100, ref.rows());
            assertThrows(CorruptMetadataException.class, catalog::refresh, "the refresh reports its own error");
            flipLogHeaderCrc();
            TableState table = catalog.refresh().require("t");
            assertEquals(List.of(ref), table.frames(), "replayed once, on the next refresh");
            assertArrayEquals(
                    java.util.stream.LongStream.range(0, 100).toArray(), CatalogTest.ids(catalog, table, allocator));
        }
    }

    private void flipLogHeaderCrc() {
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            channel.read(b, LOG_HEADER_CRC);
            b.put(0, (byte) ~b.get(0));
            channel.write(b.clear(), LOG_HEADER_CRC);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSourceThatFailsMidImportIsASourceReadException() throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        try (VectorSchemaRoot root = TableWriterProcess.root(allocator);
                ArrowStreamWriter writer = new ArrowStreamWriter(root, null, stream)) {
            TableWriterProcess.fill(root, 0, 1000);
            writer.writeBatch();
        }
        byte[] truncated = Arrays.copyOf(stream.toByteArray(), stream.size() - 100);
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master);
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(truncated), allocator)) {
            SourceReadException e = assertThrows(
                    SourceReadException.class,
                    () -> TableImport.run(catalog, "t", reader, allocator, TableImport.DEFAULT_BATCH_ROWS, rows -> {}));
            assertTrue(e.getMessage().startsWith("cannot read import source: table=t error="), e.getMessage());
            assertTrue(catalog.refresh().table("t").isEmpty(), "nothing committed");
        }
    }
}
