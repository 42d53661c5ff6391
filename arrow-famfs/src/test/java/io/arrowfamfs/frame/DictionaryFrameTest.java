package io.arrowfamfs.frame;

import static io.arrowfamfs.testkit.FamfsSpecImage.MIB;
import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.SeekableReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Frames with dictionary-encoded columns: a standard Arrow file (dictionary batches before the
 * record batches) that Arrow's own reader decodes, attached zero-copy with the dictionary checked
 * against its checksum and every code checked against the dictionary before anything is handed out.
 */
class DictionaryFrameTest {
    static final int ROWS = 5_000;
    static final List<String> CITIES = List.of("SFO", "JFK", "ORD", "LAX", "a longer city name past twelve bytes");
    static final DictionaryEncoding ENCODING = new DictionaryEncoding(1, false, new ArrowType.Int(16, true));

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
        Mkfs.format(device, MkfsOptions.of(64 * MIB, FrameTest.MASTER));
    }

    @AfterEach
    void tearDown() {
        heap.close();
        assertEquals(0, mappings.getAllocatedMemory(), "mapping still wrapped");
        mappings.close();
    }

    /** Row i: id i, city code i % 5 (null every 7th row). */
    private FamfsFile publish(Volume volume) {
        try (VarCharVector cities = new VarCharVector("city", heap);
                BigIntVector id = new BigIntVector("id", heap);
                SmallIntVector codes =
                        new SmallIntVector("city", new FieldType(true, ENCODING.getIndexType(), ENCODING), heap)) {
            cities.allocateNew();
            for (int c = 0; c < CITIES.size(); c++) {
                cities.setSafe(c, CITIES.get(c).getBytes(StandardCharsets.UTF_8));
            }
            cities.setValueCount(CITIES.size());
            id.allocateNew(ROWS);
            codes.allocateNew(ROWS);
            for (int i = 0; i < ROWS; i++) {
                id.set(i, i);
                if (i % 7 == 0) {
                    codes.setNull(i);
                } else {
                    codes.set(i, i % CITIES.size());
                }
            }
            id.setValueCount(ROWS);
            codes.setValueCount(ROWS);
            DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
            provider.put(new Dictionary(cities, ENCODING));
            VectorSchemaRoot root = VectorSchemaRoot.of(id, codes);
            try (FrameBuilder builder = new FrameBuilder(root.getSchema(), provider)) {
                builder.add(root);
                builder.add(root);
                assertEquals(
                        new ArrowType.Utf8(), builder.schema().findField("city").getType());
                return volume.createFile(
                        "dict.arrow",
                        builder.size(),
                        0644,
                        Placement.PACKED,
                        region -> builder.writeTo(region, CachePolicy.COHERENT));
            }
        }
    }

    private static String expected(int row) {
        return row % 7 == 0 ? null : CITIES.get(row % CITIES.size());
    }

    @Test
    void arrowsOwnReaderDecodesTheFrame() throws Exception {
        byte[] bytes;
        try (Volume master = Volume.open(device, VolumeOptions.of(FrameTest.MASTER))) {
            FamfsFile file = publish(master);
            try (MappedRegion region = master.map(file, false)) {
                bytes = region.copyOf(0, (int) file.size());
            }
        }
        try (ArrowFileReader reader =
                new ArrowFileReader(new SeekableReadChannel(new ByteArrayReadableSeekableByteChannel(bytes)), heap)) {
            assertEquals(1, reader.getDictionaryBlocks().size());
            assertEquals(2, reader.getRecordBlocks().size());
            assertTrue(reader.loadNextBatch());
            VarCharVector values =
                    (VarCharVector) reader.getDictionaryVectors().get(1L).getVector();
            SmallIntVector codes = (SmallIntVector) reader.getVectorSchemaRoot().getVector("city");
            for (int i = 0; i < ROWS; i++) {
                assertEquals(
                        expected(i),
                        codes.isNull(i) ? null : values.getObject(codes.get(i)).toString());
            }
            assertTrue(reader.getMetaData().containsKey(FrameFormat.DICTIONARIES_KEY));
        }
    }

    @Test
    void attachedZeroCopyThroughBatchesAndReader() throws Exception {
        try (Volume master = Volume.open(device, VolumeOptions.of(FrameTest.MASTER))) {
            FamfsFile file = publish(master);
            try (MappedRegion region = master.map(file, false);
                    Frame frame = Frame.attach("dict", region, mappings)) {
                Field city = frame.schema().findField("city");
                assertEquals(new ArrowType.Utf8(), city.getType());
                assertEquals(ENCODING, city.getDictionary());
                assertEquals(
                        ENCODING.getIndexType(),
                        frame.vectorSchema().findField("city").getType());
                VarCharVector values = (VarCharVector) frame.dictionary(1).getVector();
                assertEquals(CITIES.size(), values.getValueCount());
                long start = region.address();
                assertTrue(
                        values.getDataBuffer().memoryAddress() >= start
                                && values.getDataBuffer().memoryAddress() < start + region.length(),
                        "dictionary values lie in the mapping");
                try (VectorSchemaRoot batch = frame.batch(1)) {
                    SmallIntVector codes = (SmallIntVector) batch.getVector("city");
                    for (int i = 0; i < ROWS; i++) {
                        assertEquals(
                                expected(i),
                                codes.isNull(i)
                                        ? null
                                        : values.getObject(codes.get(i)).toString());
                    }
                }
                try (ArrowReader reader = frame.reader()) {
                    int batches = 0;
                    while (reader.loadNextBatch()) {
                        VarCharVector dictionary = (VarCharVector)
                                reader.getDictionaryVectors().get(1L).getVector();
                        SmallIntVector codes =
                                (SmallIntVector) reader.getVectorSchemaRoot().getVector("city");
                        assertEquals(
                                expected(12),
                                dictionary.getObject(codes.get(12)).toString());
                        batches++;
                    }
                    assertEquals(2, batches);
                }
                assertThrows(IllegalArgumentException.class, () -> frame.dictionary(7));
            }
        }
    }

    @Test
    void aCodeOutsideTheDictionaryIsATypedError() {
        try (Volume master = Volume.open(device, VolumeOptions.of(FrameTest.MASTER))) {
            FamfsFile file = publish(master);
            try (MappedRegion region = master.map(file, false)) {
                FrameIdentity identity = new FrameIdentity(device, UUID.randomUUID(), "dict");
                try (Frame frame = Frame.attach(identity, region, mappings, VerifyMode.OFF, CachePolicy.COHERENT)) {
                    long codesAt;
                    try (ArrowRecordBatch raw = frame.recordBatch(0)) {
                        List<ArrowBuf> buffers = raw.getBuffers();
                        codesAt = buffers.get(buffers.size() - 1).memoryAddress() - region.address();
                    }
                    putShort(region, codesAt + 2 * 3, CITIES.size());
                    CorruptFrameException bad = assertThrows(CorruptFrameException.class, () -> frame.batch(0));
                    assertTrue(
                            bad.getMessage().contains("dictionary index of city out of range at row 3"),
                            bad.getMessage());
                    try (VectorSchemaRoot ids = frame.batch(0, new int[] {0})) {
                        assertEquals(ROWS, ids.getRowCount(), "other columns stay readable");
                    }
                    putShort(region, codesAt + 2 * 3, -1);
                    assertThrows(CorruptFrameException.class, () -> frame.batch(0));
                    putShort(region, codesAt + 2 * 7, 999); // under a null: never read
                    putShort(region, codesAt + 2 * 3, 3);
                    frame.batch(0).close();
                }
            }
        }
    }

    /** Writes a little-endian int16, as Arrow stores an index. */
    private static void putShort(MappedRegion region, long at, int value) {
        region.putByte(at, (byte) value);
        region.putByte(at + 1, (byte) (value >> 8));
    }

    @Test
    void aDamagedDictionaryFailsItsChecksum() {
        try (Volume master = Volume.open(device, VolumeOptions.of(FrameTest.MASTER))) {
            FamfsFile file = publish(master);
            try (MappedRegion region = master.map(file, false)) {
                long valuesAt;
                try (Frame frame = Frame.attach("dict", region, mappings)) {
                    valuesAt = frame.dictionary(1).getVector().getDataBuffer().memoryAddress() - region.address();
                }
                region.putByte(valuesAt, (byte) 'X');
                try (Frame frame = Frame.attach("dict", region, mappings)) {
                    CorruptFrameException bad = assertThrows(CorruptFrameException.class, () -> frame.dictionary(1));
                    assertTrue(bad.getMessage().contains("dictionary 1 fails its checksum"), bad.getMessage());
                    assertThrows(CorruptFrameException.class, () -> frame.batch(0));
                }
            }
        }
    }
}
