package io.arrowfamfs.frame;

import static io.arrowfamfs.testkit.FamfsSpecImage.MIB;
import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.ResourceClosedException;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.SeekableReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FrameTest {
    static final NodeId MASTER = new NodeId(UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001"), "test");
    static final NodeId CLIENT = new NodeId(UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002"), "test");
    static final int BATCHES = 3;
    static final int ROWS = 10_000;

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    BufferAllocator heap;
    BufferAllocator mappings;
    Path device;

    @BeforeEach
    void setUp() {
        heap = new RootAllocator();
        mappings = new RootAllocator();
        device = shm.device("dev.img");
        Mkfs.format(device, MkfsOptions.of(128 * MIB, MASTER));
    }

    @AfterEach
    void tearDown() {
        heap.close(); // throws if any buffer leaked
        assertEquals(0, mappings.getAllocatedMemory(), "mapping still wrapped");
        mappings.close();
    }

    /** Batch b: id = b*ROWS + i (sorted), value = i * 0.5, category = i % 7 (null every 10th), name "n" + i % 100. */
    static void fill(VectorSchemaRoot root, int b) {
        BigIntVector id = (BigIntVector) root.getVector("id");
        Float8Vector value = (Float8Vector) root.getVector("value");
        IntVector category = (IntVector) root.getVector("category");
        VarCharVector name = (VarCharVector) root.getVector("name");
        for (FieldVector vector : root.getFieldVectors()) {
            vector.setInitialCapacity(ROWS);
        }
        root.allocateNew();
        for (int i = 0; i < ROWS; i++) {
            id.set(i, (long) b * ROWS + i);
            value.set(i, i * 0.5);
            if (i % 10 == 0) {
                category.setNull(i);
            } else {
                category.set(i, i % 7);
            }
            name.setSafe(i, ("n" + (i % 100)).getBytes(StandardCharsets.UTF_8));
        }
        root.setRowCount(ROWS);
    }

    static VectorSchemaRoot newRoot(BufferAllocator allocator) {
        return VectorSchemaRoot.of(
                new BigIntVector("id", allocator),
                new Float8Vector("value", allocator),
                new IntVector("category", allocator),
                new VarCharVector("name", allocator));
    }

    private FamfsFile publish(Volume volume, String path) {
        try (VectorSchemaRoot root = newRoot(heap);
                FrameBuilder builder = new FrameBuilder(root.getSchema())) {
            for (int b = 0; b < BATCHES; b++) {
                fill(root, b);
                builder.add(root);
            }
            assertEquals(BATCHES * ROWS, builder.rows());
            return volume.createFile(
                    path,
                    builder.size(),
                    0644,
                    Placement.PACKED,
                    region -> builder.writeTo(region, CachePolicy.COHERENT));
        }
    }

    /**
     * A frame large enough that its batches are written in parallel, their bodies copied through
     * to memory piece by piece: the bytes are a standard Arrow file, every checksum holds, and
     * the statistics of each batch (computed in zones) are its own.
     */
    @Test
    void largeFrameWrittenInParallelIsExactAndChecksummed() throws Exception {
        int rows = 700_000; // 5.6 MB of ids and 5.6 MB of values a batch: 45 MB in all
        int batches = 4;
        Path file = shm.device("large.arrow");
        try (VectorSchemaRoot root =
                        VectorSchemaRoot.of(new BigIntVector("id", heap), new Float8Vector("value", heap));
                FrameBuilder builder = new FrameBuilder(root.getSchema())) {
            for (int b = 0; b < batches; b++) {
                BigIntVector id = (BigIntVector) root.getVector(0);
                Float8Vector value = (Float8Vector) root.getVector(1);
                root.allocateNew(); // new buffers: the builder keeps the ones added before
                for (int i = 0; i < rows; i++) {
                    id.setSafe(i, (long) b * rows + i);
                    value.setSafe(i, b + i / (double) rows);
                }
                root.setRowCount(rows);
                builder.add(root);
            }
            long bound = builder.sizeBound();
            try (io.arrowfamfs.nativeio.NativeFile out = io.arrowfamfs.nativeio.NativeFile.create(file, 0644, true)) {
                out.truncate(2 * bound);
                try (MappedRegion whole = out.map(0, 2 * bound, false)) {
                    // statistics computed as the values are copied: the frame is shorter than its bound
                    FrameBuilder.Written fused;
                    try (MappedRegion first = whole.slice(0, bound)) {
                        fused = builder.writeTo(first, CachePolicy.NON_COHERENT);
                    }
                    assertTrue(fused.length() <= bound, "length " + fused.length() + " bound " + bound);
                    assertEquals(fused.length(), builder.size(), "the exact size, once the statistics are known");
                    FrameBuilder.Written exact;
                    try (MappedRegion second = whole.slice(bound, builder.size())) {
                        exact = builder.writeTo(second, CachePolicy.NON_COHERENT);
                    }
                    assertEquals(fused, exact, "both ways give the same statistics and length");
                    int length = (int) fused.length();
                    assertArrayEquals(whole.copyOf(0, length), whole.copyOf(bound, length), "and the same bytes");
                    try (MappedRegion region = whole.slice(0, length)) {
                        checkLargeFrame(region, fused.batches(), batches, rows);
                    }
                }
            }
        }
    }

    /**
     * The copy that checksums and bounds 64-bit columns as it reads (non-coherent memory) writes
     * the same bytes as the plain copy with statistics and checksums computed apart (coherent):
     * 64-bit ids, timestamps, a 64-bit column with nulls, an int column, doubles.
     */
    @Test
    void theChecksummingCopyWritesTheSameFrameAsThePlainOne() throws Exception {
        int rows = 300_000; // 2.4 MB a column: above EXACT_BYTES, so the statistics come from the write
        Path file = shm.device("folded.arrow");
        try (VectorSchemaRoot root = VectorSchemaRoot.of(
                        new BigIntVector("id", heap),
                        new org.apache.arrow.vector.TimeStampMicroVector("at", heap),
                        new BigIntVector("sparse", heap),
                        new IntVector("small", heap),
                        new Float8Vector("value", heap));
                FrameBuilder builder = new FrameBuilder(root.getSchema());
                FrameBuilder twin = new FrameBuilder(root.getSchema())) {
            root.allocateNew();
            for (int i = 0; i < rows; i++) {
                ((BigIntVector) root.getVector(0)).setSafe(i, (i * 7919L) % 1_000_003 - 500_000);
                ((org.apache.arrow.vector.TimeStampMicroVector) root.getVector(1))
                        .setSafe(i, 1_700_000_000_000_000L + i);
                if (i % 3 == 0) {
                    ((BigIntVector) root.getVector(2)).setNull(i);
                } else {
                    ((BigIntVector) root.getVector(2)).setSafe(i, -i);
                }
                ((IntVector) root.getVector(3)).setSafe(i, i % 1000);
                ((Float8Vector) root.getVector(4)).setSafe(i, i * 0.25);
            }
            root.setRowCount(rows);
            builder.add(root);
            twin.add(root);
            long bound = builder.sizeBound();
            try (io.arrowfamfs.nativeio.NativeFile out = io.arrowfamfs.nativeio.NativeFile.create(file, 0644, true)) {
                out.truncate(2 * bound);
                try (MappedRegion whole = out.map(0, 2 * bound, false);
                        MappedRegion folded = whole.slice(0, bound);
                        MappedRegion plain = whole.slice(bound, bound)) {
                    org.junit.jupiter.api.Assumptions.assumeTrue(
                            folded.copiesWithCrc32c(CachePolicy.NON_COHERENT), "no SSE4.2 on this CPU");
                    FrameBuilder.Written a = builder.writeTo(folded, CachePolicy.NON_COHERENT);
                    FrameBuilder.Written b = twin.writeTo(plain, CachePolicy.COHERENT);
                    assertEquals(b, a, "the same statistics, checksums and length");
                    assertArrayEquals(whole.copyOf(bound, (int) b.length()), whole.copyOf(0, (int) a.length()));
                    for (int c = 0; c < 3; c++) {
                        assertEquals(
                                ColumnStats.of(root.getVector(c), rows),
                                a.batches().get(0).columns().get(c),
                                "bounds found by the copy: " + root.getVector(c).getName());
                    }
                }
            }
        }
    }

    /** The widest statistics a column can have still fit the bound reserved before they were known. */
    @Test
    void widestStatisticsFitTheReservedBound() throws Exception {
        Path file = shm.device("widest.arrow");
        try (VectorSchemaRoot root = VectorSchemaRoot.of(
                        new BigIntVector("id", heap), new Float8Vector("value", heap), new IntVector("n", heap));
                FrameBuilder builder = new FrameBuilder(root.getSchema())) {
            for (int b = 0; b < 5; b++) {
                root.allocateNew();
                BigIntVector id = (BigIntVector) root.getVector(0);
                Float8Vector value = (Float8Vector) root.getVector(1);
                IntVector n = (IntVector) root.getVector(2);
                int rows = 20_000 + b; // 2 MB in all: above FrameBuilder.EXACT_BYTES, so sized by the bound
                for (int i = 0; i < rows; i++) {
                    id.setSafe(i, i % 2 == 0 ? Long.MIN_VALUE : Long.MIN_VALUE + 1);
                    value.setSafe(i, i % 2 == 0 ? -2.2250738585072014E-308 : -2.2250738585072017E-308);
                    if (i % 3 == 0) {
                        n.setNull(i);
                    } else {
                        n.setSafe(i, Integer.MIN_VALUE + i);
                    }
                }
                root.setRowCount(rows);
                builder.add(root);
            }
            long bound = builder.sizeBound();
            try (io.arrowfamfs.nativeio.NativeFile out = io.arrowfamfs.nativeio.NativeFile.create(file, 0644, true)) {
                out.truncate(bound);
                try (MappedRegion region = out.map(0, bound, false)) {
                    FrameBuilder.Written written = builder.writeTo(region, CachePolicy.COHERENT);
                    assertTrue(written.length() <= bound, "length " + written.length() + " bound " + bound);
                    assertEquals(
                            ColumnStats.ofLongs(0, Long.MIN_VALUE, Long.MIN_VALUE + 1),
                            written.batches().get(0).columns().get(0));
                    assertEquals(6667, written.batches().get(0).columns().get(2).nullCount());
                    assertEquals(written.length(), builder.size(), "the bound was not the exact size");
                    assertTrue(written.length() < bound, "the bound was not the exact size");
                    try (MappedRegion frameBytes = region.slice(0, written.length());
                            Frame frame = Frame.attach("widest.arrow", frameBytes, mappings)) {
                        frame.verify();
                        assertEquals(
                                written.batches(),
                                java.util.stream.IntStream.range(0, 5)
                                        .mapToObj(b -> frame.stats(b).orElseThrow())
                                        .toList());
                    }
                }
            }
        }
    }

    private void checkLargeFrame(MappedRegion region, List<BatchStats> written, int batches, int rows)
            throws Exception {
        try (Frame frame = Frame.attach("large.arrow", region, mappings)) {
            frame.verify(); // every batch's CRC32C against its body as stored
            for (int b = 0; b < batches; b++) {
                assertEquals(written.get(b), frame.stats(b).orElseThrow());
                assertEquals(
                        ColumnStats.ofLongs(0, (long) b * rows, (long) b * rows + rows - 1),
                        frame.stats(b).orElseThrow().columns().get(0));
                assertEquals(
                        ColumnStats.ofDoubles(0, b, b + (rows - 1) / (double) rows),
                        frame.stats(b).orElseThrow().columns().get(1));
            }
        }
        try (ArrowFileReader reader = new ArrowFileReader(
                new SeekableReadChannel(
                        new ByteArrayReadableSeekableByteChannel(region.copyOf(0, (int) region.length()))),
                heap)) {
            for (int b = 0; b < batches; b++) {
                assertTrue(reader.loadNextBatch());
                VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                assertEquals(rows, batch.getRowCount());
                for (int i : new int[] {0, 1, rows / 2, rows - 1}) {
                    assertEquals((long) b * rows + i, ((BigIntVector) batch.getVector(0)).get(i));
                    assertEquals(b + i / (double) rows, ((Float8Vector) batch.getVector(1)).get(i));
                }
            }
            assertFalse(reader.loadNextBatch());
        }
    }

    @Test
    void publishedFrameAttachesZeroCopyOnAClient() throws Exception {
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER))) {
            publish(master, "frame.arrow");
        }
        try (Volume client = Volume.open(device, VolumeOptions.of(CLIENT));
                VectorSchemaRoot expected = newRoot(heap)) {
            FamfsFile file = client.namespace().file("frame.arrow");
            Frame frame;
            long mappingStart;
            try (MappedRegion region = client.map(file, false)) {
                frame = Frame.attach("frame.arrow", region, mappings);
                mappingStart = region.address();
            }
            try (frame) {
                assertEquals(BATCHES, frame.batchCount());
                assertEquals(BATCHES * ROWS, frame.rows());
                assertEquals(file.size(), mappings.getAllocatedMemory(), "the mapping is charged to its own allocator");
                for (int b = 0; b < BATCHES; b++) {
                    fill(expected, b);
                    try (VectorSchemaRoot batch = frame.batch(b)) {
                        assertTrue(expected.equals(batch), "batch " + b + " differs");
                        for (FieldVector vector : batch.getFieldVectors()) {
                            for (ArrowBuf buffer : vector.getFieldBuffers()) {
                                long at = buffer.memoryAddress() - mappingStart;
                                assertTrue(
                                        at >= 0 && at + buffer.capacity() <= file.size(), "buffer inside the mapping");
                                assertEquals(
                                        0,
                                        buffer.memoryAddress() % FrameFormat.ALIGNMENT,
                                        "buffers are 64-byte aligned in shared memory");
                            }
                        }
                        assertEquals(
                                file.size(), mappings.getAllocatedMemory(), "no copy: only the mapping is charged");
                    }
                }
                BatchStats stats = frame.stats(1).orElseThrow();
                assertEquals(ROWS, stats.rows());
                assertEquals(
                        ColumnStats.ofLongs(0, ROWS, 2L * ROWS - 1),
                        stats.columns().get(0));
                assertEquals(
                        ColumnStats.ofDoubles(0, 0.0, (ROWS - 1) * 0.5),
                        stats.columns().get(1));
                assertEquals(
                        ColumnStats.ofLongs(ROWS / 10, 0, 6), stats.columns().get(2));
                assertEquals(
                        ColumnStats.ofStrings(0, "n0", "n99"), stats.columns().get(3));
                frame.verify();
                try (ArrowReader reader = frame.reader()) {
                    for (int b = 0; b < BATCHES; b++) {
                        assertTrue(reader.loadNextBatch());
                        fill(expected, b);
                        assertTrue(expected.equals(reader.getVectorSchemaRoot()), "reader batch " + b);
                        long at = reader.getVectorSchemaRoot()
                                        .getVector("id")
                                        .getDataBuffer()
                                        .memoryAddress()
                                - mappingStart;
                        assertTrue(at > 0 && at < file.size(), "the reader's vectors point into the mapping");
                    }
                    assertFalse(reader.loadNextBatch());
                    assertTrue(reader.bytesRead() > (long) BATCHES * ROWS * 8);
                }
                assertEquals(file.size(), mappings.getAllocatedMemory(), "closing the reader released its batches");
            }
        }
    }

    @Test
    void anyArrowReaderReadsAFrameUnchanged() throws Exception {
        byte[] bytes;
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER))) {
            FamfsFile file = publish(master, "f.arrow");
            try (MappedRegion region = master.map(file, false)) {
                bytes = region.copyOf(0, (int) file.size());
            }
        }
        try (ArrowFileReader reader = new ArrowFileReader(
                        new SeekableReadChannel(new ByteArrayReadableSeekableByteChannel(bytes)), heap);
                VectorSchemaRoot expected = newRoot(heap)) {
            assertEquals(BATCHES, reader.getRecordBlocks().size());
            for (int b = 0; b < BATCHES; b++) {
                assertTrue(reader.loadNextBatch());
                fill(expected, b);
                assertTrue(expected.equals(reader.getVectorSchemaRoot()), "batch " + b);
            }
            assertFalse(reader.loadNextBatch());
            assertTrue(reader.getMetaData().containsKey(FrameFormat.STATS_KEY));
        }
    }

    @Test
    void emptyFrameHasSchemaAndNoBatches() {
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                VectorSchemaRoot root = newRoot(heap);
                FrameBuilder builder = new FrameBuilder(root.getSchema())) {
            FamfsFile file = master.createFile(
                    "empty.arrow",
                    builder.size(),
                    0644,
                    Placement.PACKED,
                    region -> builder.writeTo(region, CachePolicy.COHERENT));
            try (MappedRegion region = master.map(file, false);
                    Frame frame = Frame.attach("empty", region, mappings)) {
                assertEquals(0, frame.batchCount());
                assertEquals(root.getSchema(), frame.schema());
                frame.verify();
            }
        }
    }

    @Test
    void batchesOutliveTheFrameAndUseAfterCloseThrows() {
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER))) {
            FamfsFile file = publish(master, "f.arrow");
            VectorSchemaRoot batch;
            try (MappedRegion region = master.map(file, false);
                    Frame frame = Frame.attach("f", region, mappings)) {
                batch = frame.batch(2);
                frame.close();
                assertThrows(ResourceClosedException.class, () -> frame.batch(0));
                assertThrows(ResourceClosedException.class, frame::verify);
            }
            assertTrue(mappings.getAllocatedMemory() > 0, "still mapped while the batch lives");
            assertEquals(2L * ROWS, ((BigIntVector) batch.getVector("id")).get(0));
            batch.close();
            assertEquals(0, mappings.getAllocatedMemory());
        }
    }

    @Test
    void structuralDamageIsATypedErrorNeverACrash() {
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER))) {
            FamfsFile file = publish(master, "f.arrow");
            try (MappedRegion region = master.map(file, false)) {
                long size = file.size();
                // footer length pointing before the file start
                int footerLength = region.getInt(size - 10);
                region.putInt(size - 10, (int) size);
                CorruptFrameException e =
                        assertThrows(CorruptFrameException.class, () -> Frame.attach("f", region, mappings));
                assertTrue(e.getMessage().startsWith("frame f: footer length out of range"), e.getMessage());
                region.putInt(size - 10, footerLength);
                // bad magic
                region.putByte(0, (byte) 'X');
                assertTrue(assertThrows(CorruptFrameException.class, () -> Frame.attach("f", region, mappings))
                        .getMessage()
                        .contains("not an Arrow IPC file"));
                region.putByte(0, (byte) 'A');
                // garbage footer bytes
                byte[] saved = region.copyOf(size - 10 - footerLength, footerLength);
                region.fill(size - 10 - footerLength, footerLength, (byte) 0x7f);
                assertThrows(CorruptFrameException.class, () -> Frame.attach("f", region, mappings));
                region.putBytes(size - 10 - footerLength, saved, 0, saved.length);
                assertEquals(0, mappings.getAllocatedMemory());
                // offsets of the string column pointing far past its data buffer: caught with verify off too
                FrameIdentity identity = new FrameIdentity(device, UUID.randomUUID(), "f");
                try (Frame frame = Frame.attach(identity, region, mappings, VerifyMode.OFF, CachePolicy.COHERENT)) {
                    long offsetsAt;
                    try (ArrowRecordBatch raw = frame.recordBatch(1)) {
                        List<ArrowBuf> buffers = raw.getBuffers();
                        offsetsAt = buffers.get(buffers.size() - 2).memoryAddress() - region.address();
                    }
                    region.putInt(offsetsAt + 4 * 500, 1 << 30);
                    CorruptFrameException bad = assertThrows(CorruptFrameException.class, () -> frame.batch(1));
                    assertTrue(bad.getMessage().startsWith("frame f: batch 1 invalid"), bad.getMessage());
                    try (VectorSchemaRoot idsOnly = frame.batch(1, new int[] {0})) {
                        assertEquals(
                                List.of("id"),
                                idsOnly.getSchema().getFields().stream()
                                        .map(f -> f.getName())
                                        .toList());
                        assertEquals(ROWS, idsOnly.getRowCount(), "only the columns asked for are validated");
                    }
                    assertThrows(CorruptFrameException.class, () -> frame.batch(1, new int[] {0, 3}));
                    try (VectorSchemaRoot fine = frame.batch(0)) {
                        assertEquals(ROWS, fine.getRowCount());
                    }
                    CorruptFrameException crc = assertThrows(CorruptFrameException.class, frame::verify);
                    assertTrue(crc.getMessage().startsWith("frame f: batch 1 checksum mismatch"), crc.getMessage());
                }
                try (MappedRegion head = master.map(file, false)) {
                    assertThrows(IndexOutOfBoundsException.class, () -> head.getByte(size));
                }
            }
        }
    }
}
