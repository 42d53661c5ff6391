package io.arrowfamfs.frame;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeFile;
import io.arrowfamfs.nativeio.NonCoherentMemory;
import io.arrowfamfs.nativeio.NonCoherentMemory.Invalidation;
import io.arrowfamfs.testkit.ShmDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.SeekableReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reader on memory without cache coherence invalidates what it reads when it reads it: attach
 * invalidates the header, trailer and footer and never a batch; a batch's first use in the
 * process invalidates its message and body, in both verify modes; a second use does not. Run on
 * the non-coherence simulator: the reader host holds stale copies of every line of the frame from
 * before the writer wrote it, so a read that was not invalidated first reads zeros.
 */
class FrameInvalidationTest {
    private static final int ROWS = 2000;
    private static final int BATCHES = 3;

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    private BufferAllocator allocator;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        allocator.close();
    }

    /** A frame of {@link #BATCHES} batches of {@link #ROWS} longs, as the builder lays it out. */
    private FrameBuilder frame(BigIntVector id, VectorSchemaRoot root) {
        FrameBuilder frame = new FrameBuilder(root.getSchema());
        for (int b = 0; b < BATCHES; b++) {
            root.allocateNew();
            for (int i = 0; i < ROWS; i++) {
                id.set(i, (long) b * ROWS + i);
            }
            root.setRowCount(ROWS);
            frame.add(root);
        }
        return frame;
    }

    /** The blocks of the frame's footer, read with Arrow's own file reader from a copy. */
    private List<ArrowBlock> blocks(byte[] bytes) throws IOException {
        try (ArrowFileReader reader = new ArrowFileReader(
                new SeekableReadChannel(new ByteArrayReadableSeekableByteChannel(bytes)), allocator)) {
            return reader.getRecordBlocks();
        }
    }

    private static boolean overlaps(Invalidation i, long start, long length) {
        return i.offset() < start + length && start < i.offset() + i.count();
    }

    private static Invalidation body(ArrowBlock block) {
        return new Invalidation("reader", block.getOffset() + block.getMetadataLength(), block.getBodyLength());
    }

    private static Invalidation message(ArrowBlock block) {
        return new Invalidation("reader", block.getOffset(), block.getMetadataLength());
    }

    @Test
    void attachInvalidatesTheFooterOnlyAndFirstUseTheBatchOnceWhileAttached() throws IOException {
        Path path = shm.device("frame");
        try (BigIntVector id = new BigIntVector("id", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.of(id);
                FrameBuilder builder = frame(id, root);
                NativeFile file = NativeFile.create(path, 0644, true)) {
            long size = builder.size();
            file.truncate(size);
            try (MappedRegion memory = file.map(0, size, false);
                    NonCoherentMemory sim = new NonCoherentMemory(memory, 5)) {
                MappedRegion writer = sim.host("writer", true);
                MappedRegion reader = sim.host("reader", false);
                sim.cache("reader", 0, size); // read before: every line stale once the writer publishes
                builder.writeTo(writer, CachePolicy.NON_COHERENT); // writes back all it writes
                List<ArrowBlock> blocks = blocks(memory.copyOf(0, (int) size));
                FrameIdentity identity = new FrameIdentity(path, UUID.randomUUID(), "frames/f");

                try (Frame frame =
                        Frame.attach(identity, reader, allocator, VerifyMode.FIRST_USE, CachePolicy.NON_COHERENT)) {
                    List<Invalidation> atAttach = sim.invalidations("reader");
                    long invalidated =
                            atAttach.stream().mapToLong(Invalidation::count).sum();
                    assertTrue(invalidated < size / 4, "attach invalidated " + invalidated + " of " + size + " bytes");
                    for (ArrowBlock block : blocks) {
                        assertTrue(
                                atAttach.stream()
                                        .noneMatch(i -> overlaps(
                                                i,
                                                block.getOffset(),
                                                block.getMetadataLength() + block.getBodyLength())),
                                "attach invalidates no batch: " + atAttach);
                    }
                    sim.clearInvalidations();
                    try (VectorSchemaRoot batch = frame.batch(1)) {
                        assertEquals(ROWS, ((BigIntVector) batch.getVector(0)).get(0), "the message read fresh");
                    }
                    assertEquals(List.of(body(blocks.get(1)), message(blocks.get(1))), sim.invalidations("reader"));
                    sim.clearInvalidations();
                    frame.batch(1).close();
                    assertEquals(List.of(), sim.invalidations("reader"), "a second use invalidates nothing");
                    try (Frame again =
                            Frame.attach(identity, reader, allocator, VerifyMode.FIRST_USE, CachePolicy.NON_COHERENT)) {
                        sim.clearInvalidations();
                        again.batch(1).close();
                        assertEquals(
                                List.of(message(blocks.get(1))),
                                sim.invalidations("reader"),
                                "attached again in the process: the message is read again, the body was invalidated");
                    }
                }

                FrameIdentity unchecked = new FrameIdentity(path, UUID.randomUUID(), "frames/f");
                try (Frame frame =
                        Frame.attach(unchecked, reader, allocator, VerifyMode.OFF, CachePolicy.NON_COHERENT)) {
                    sim.clearInvalidations();
                    frame.batch(2).close();
                    assertEquals(
                            List.of(body(blocks.get(2)), message(blocks.get(2))),
                            sim.invalidations("reader"),
                            "verify=off, first attachment");
                    try (Frame again =
                            Frame.attach(unchecked, reader, allocator, VerifyMode.OFF, CachePolicy.NON_COHERENT)) {
                        sim.clearInvalidations();
                        again.batch(2).close();
                        assertEquals(List.of(message(blocks.get(2))), sim.invalidations("reader"), "verify=off, again");
                    }
                }
                assertEquals(List.of(), sim.violations());
            }
        }
    }
}
