package io.arrowfamfs.cdata;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The native stream against Arrow Java's own C stream importer: what goes out through
 * {@code src/main/c/stream.c} must come back value for value, schema included, and every pin,
 * struct and buffer must be released afterwards.
 */
class BorrowedArrayStreamTest {
    static final int ROWS = 1000;

    BufferAllocator allocator;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        allocator.close(); // throws if a pin, a struct block or an imported buffer leaked
    }

    @Test
    void everyBatchComesBackValueForValueIncludingNestedAndNullColumns() throws Exception {
        List<VectorSchemaRoot> sources = List.of(batch(0), batch(1), batch(2));
        List<List<ColumnChunk>> pinned = new ArrayList<>();
        for (VectorSchemaRoot source : sources) {
            pinned.add(pin(source));
        }
        Schema schema = sources.get(0).getSchema();
        List<BatchSlice> slices =
                pinned.stream().map(chunks -> BatchSlice.whole(chunks, ROWS)).toList();
        List<String> expected = new ArrayList<>();
        for (VectorSchemaRoot source : sources) {
            expected.add(source.contentToTSVString());
            source.close(); // the pins alone keep the buffers alive from here on
        }
        try (BorrowedArrayStream stream = BorrowedArrayStream.export(schema, slices, allocator)) {
            assertEquals(
                    pinned.stream()
                            .flatMap(List::stream)
                            .mapToLong(ColumnChunk::bytes)
                            .sum(),
                    stream.bytes());
            try (ArrowReader reader = Data.importArrayStream(allocator, stream.stream())) {
                assertEquals(schema, reader.getVectorSchemaRoot().getSchema());
                for (String batch : expected) {
                    assertTrue(reader.loadNextBatch());
                    assertEquals(batch, reader.getVectorSchemaRoot().contentToTSVString());
                }
                assertFalse(reader.loadNextBatch(), "the stream ends after its batches");
            }
        } finally {
            pinned.forEach(chunks -> chunks.forEach(ColumnChunk::close));
        }
    }

    @Test
    void anEmptyStreamHasTheSchemaAndNoBatches() throws Exception {
        Schema schema = new Schema(List.of(Field.nullable("x", new ArrowType.Int(32, true))));
        try (BorrowedArrayStream stream = BorrowedArrayStream.export(schema, List.of(), allocator);
                ArrowReader reader = Data.importArrayStream(allocator, stream.stream())) {
            assertEquals(schema, reader.getVectorSchemaRoot().getSchema());
            assertFalse(reader.loadNextBatch());
        }
    }

    @Test
    void anUnreadStreamIsReleasedByClose() {
        try (VectorSchemaRoot source = batch(0)) {
            List<ColumnChunk> chunks = pin(source);
            BorrowedArrayStream.export(source.getSchema(), List.of(BatchSlice.whole(chunks, ROWS)), allocator)
                    .close();
            chunks.forEach(ColumnChunk::close);
        }
    }

    @Test
    void aSlotHandsEachFreshStreamToItsConsumerAndReleasesWhatNobodyTook() throws Exception {
        try (VectorSchemaRoot first = batch(0);
                VectorSchemaRoot second = batch(1);
                StreamSlot slot = StreamSlot.allocate(allocator)) {
            List<ColumnChunk> chunks = new ArrayList<>(pin(first));
            chunks.addAll(pin(second));
            try (BorrowedArrayStream untaken = export(first.getSchema(), chunks.subList(0, 4));
                    BorrowedArrayStream taken = export(second.getSchema(), chunks.subList(4, 8))) {
                assertEquals(0, slot.stream().snapshot().release, "a new slot is empty");
                slot.fill(untaken);
                assertEquals(0, untaken.stream().snapshot().release, "filling moves the stream into the slot");
                long release = slot.stream().snapshot().release;
                assertNotEquals(0, release);
                slot.fill(taken); // releases the stream nobody took
                try (ArrowReader reader = Data.importArrayStream(allocator, slot.stream())) {
                    assertEquals(0, slot.stream().snapshot().release, "the consumer moved it out");
                    assertTrue(reader.loadNextBatch());
                    assertEquals(
                            second.contentToTSVString(),
                            reader.getVectorSchemaRoot().contentToTSVString());
                    assertFalse(reader.loadNextBatch());
                }
                slot.clear();
                assertEquals(0, slot.stream().snapshot().release, "clearing an empty slot leaves it empty");
            } finally {
                chunks.forEach(ColumnChunk::close);
            }
        }
    }

    @Test
    void slicesAndColumnCountsAreChecked() {
        try (VectorSchemaRoot source = batch(0)) {
            List<ColumnChunk> chunks = pin(source);
            try {
                assertThrows(IllegalArgumentException.class, () -> new BatchSlice(chunks, 990, 11));
                assertThrows(IllegalArgumentException.class, () -> new BatchSlice(chunks, -1, 1));
                assertEquals(
                        chunks.stream().mapToLong(ColumnChunk::bytes).sum() / 10,
                        new BatchSlice(chunks, 100, 100).bytes(),
                        chunks.size());
                Schema narrower = new Schema(source.getSchema().getFields().subList(0, 2));
                assertThrows(
                        IllegalArgumentException.class,
                        () -> BorrowedArrayStream.export(narrower, List.of(BatchSlice.whole(chunks, ROWS)), allocator));
            } finally {
                chunks.forEach(ColumnChunk::close);
            }
        }
    }

    private BorrowedArrayStream export(Schema schema, List<ColumnChunk> chunks) {
        return BorrowedArrayStream.export(schema, List.of(BatchSlice.whole(chunks, ROWS)), allocator);
    }

    private List<ColumnChunk> pin(VectorSchemaRoot root) {
        List<ColumnChunk> chunks = new ArrayList<>();
        for (FieldVector vector : root.getFieldVectors()) {
            chunks.add(ColumnChunk.pin(vector, allocator));
        }
        return chunks;
    }

    /** id int32 (null every 7th), name utf8 (null every 5th), tags list<int32>, point struct<x int32, label utf8>. */
    private VectorSchemaRoot batch(int b) {
        Field tags = new Field(
                "tags",
                FieldType.nullable(new ArrowType.List()),
                List.of(Field.nullable("item", new ArrowType.Int(32, true))));
        Field point = new Field(
                "point",
                FieldType.nullable(new ArrowType.Struct()),
                List.of(
                        Field.nullable("x", new ArrowType.Int(32, true)),
                        Field.nullable("label", new ArrowType.Utf8())));
        Schema schema = new Schema(List.of(
                Field.nullable("id", new ArrowType.Int(32, true)),
                Field.nullable("name", new ArrowType.Utf8()),
                tags,
                point));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        IntVector id = (IntVector) root.getVector("id");
        VarCharVector name = (VarCharVector) root.getVector("name");
        UnionListWriter list = ((ListVector) root.getVector("tags")).getWriter();
        StructVector struct = (StructVector) root.getVector("point");
        IntVector x = struct.getChild("x", IntVector.class);
        VarCharVector label = struct.getChild("label", VarCharVector.class);
        for (int i = 0; i < ROWS; i++) {
            int v = b * ROWS + i;
            if (i % 7 != 0) {
                id.setSafe(i, v);
            }
            if (i % 5 != 0) {
                name.setSafe(i, ("name-" + v).getBytes(StandardCharsets.UTF_8));
            }
            list.setPosition(i);
            list.startList();
            for (int k = 0; k < i % 4; k++) {
                list.integer().writeInt(v + k);
            }
            list.endList();
            struct.setIndexDefined(i);
            x.setSafe(i, -v);
            label.setSafe(i, ("p" + i % 3).getBytes(StandardCharsets.UTF_8));
        }
        list.setValueCount(ROWS);
        x.setValueCount(ROWS);
        label.setValueCount(ROWS);
        root.setRowCount(ROWS);
        return root;
    }
}
