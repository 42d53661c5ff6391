package io.arrowfamfs.query;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.CorruptBatchException;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.frame.VerifyMode;
import io.arrowfamfs.testkit.HostileWriter;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SQL over a batch a hostile writer changed after its commit: a typed error, never a silent answer. */
class ReadCheckTest {
    static final NodeId MASTER = new NodeId(UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001"), "test");
    static final NodeId CLIENT = new NodeId(UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002"), "test");
    static final int ROWS = 1000;
    /** Batch 1 holds ids 1000..1999 and, at row 7, this marker instead of 1007. */
    static final long MARKER = 0x5eed_f00d_cafe_0002L;

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    BufferAllocator allocator;
    Path device;
    FrameRef frame;

    /** Table t: one frame, batch 0 ids 0..999, batch 1 ids 1000..1999 with the marker; then the marker changed. */
    @BeforeEach
    void publishThenCorrupt() throws Exception {
        allocator = new RootAllocator();
        device = shm.device("dev.img");
        Mkfs.format(device, MkfsOptions.of(64L << 20, MASTER));
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER));
                Catalog catalog = Catalog.open(master);
                BigIntVector id = new BigIntVector("id", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.of(id);
                FrameBuilder builder = new FrameBuilder(root.getSchema())) {
            for (int b = 0; b < 2; b++) {
                root.allocateNew();
                for (int i = 0; i < ROWS; i++) {
                    id.set(i, b == 1 && i == 7 ? MARKER : (long) b * ROWS + i);
                }
                root.setRowCount(ROWS);
                builder.add(root);
            }
            frame = catalog.createOrAppend("t", builder, allocator);
        }
        HostileWriter.replaceLong(device, MARKER, 1007);
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    long single(QuerySession session, String sql) throws SQLException {
        try (QueryResult result = session.execute(sql)) {
            ResultSet rows = result.resultSet();
            assertTrue(rows.next());
            return rows.getLong(1);
        }
    }

    @Test
    void sqlOverAChangedBatchFailsNamingFrameAndBatchWhileOtherBatchesAnswer() throws Exception {
        try (Volume volume = Volume.open(device, VolumeOptions.of(CLIENT));
                Catalog catalog = Catalog.open(volume);
                QuerySession session = QuerySession.open(catalog)) {
            SQLException e = assertThrows(SQLException.class, () -> single(session, "SELECT sum(id) FROM t"));
            CorruptBatchException cause = assertInstanceOf(CorruptBatchException.class, e.getCause());
            assertEquals(frame.name(), cause.frame());
            assertEquals(1, cause.batch());
            assertTrue(
                    e.getMessage().contains("frame " + frame.name() + ": batch 1 checksum mismatch: stored="),
                    e.getMessage());
            assertEquals(
                    499_500, single(session, "SELECT sum(id) FROM t WHERE id < 1000"), "batch 0, untouched, answers");
            assertThrows(SQLException.class, () -> single(session, "SELECT count(*) FROM t"), "still refused");
        }
    }

    @Test
    void limitZeroDescribesADamagedTableWithoutReadingABatch() throws Exception {
        try (Volume volume = Volume.open(device, VolumeOptions.of(CLIENT));
                Catalog catalog = Catalog.open(volume);
                QuerySession session = QuerySession.open(catalog);
                QueryResult result = session.execute("SELECT * FROM t LIMIT 0")) {
            ResultSet rows = result.resultSet();
            assertEquals("id", rows.getMetaData().getColumnName(1));
            assertFalse(rows.next());
        }
    }

    @Test
    void withVerifyOffTheQueryAnswersFromTheChangedBytes() throws Exception {
        try (Volume volume = Volume.open(device, VolumeOptions.of(CLIENT));
                Catalog catalog = Catalog.open(volume, VerifyMode.OFF);
                QuerySession session = QuerySession.open(catalog)) {
            long expected = (2L * ROWS - 1) * ROWS; // 0 + ... + 1999: the changed value is the one it replaced
            assertEquals(expected, single(session, "SELECT sum(id) FROM t"), "the user's choice: unchecked");
        }
    }
}
