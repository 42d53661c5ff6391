package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.testkit.LineChild;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * Three writer nodes publishing through their outboxes and four reader nodes reading every table
 * at once, with the writers killed at random points of their publishes, round after round: no
 * reader ever sees a frame half-written or listed twice, nothing a writer was told is published
 * is lost, and nothing is committed twice.
 */
class MultiNodeTest extends ScratchDeviceTest {
    private static final int WRITERS = 3;
    private static final int READERS = 4;
    private static final int ROUNDS = 5;
    private static final int ROWS = 400;

    private LineChild node(Class<?> main, UUID node) {
        return new LineChild(
                main,
                device.toString(),
                node.toString(),
                shm.path().resolve("host-" + node).toString());
    }

    @Test
    void threeWriterNodesAndFourReaderNodesAtOnceWithWritersKilledAnywhere() throws Exception {
        Random random = new Random(5);
        List<UUID> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(UUID.fromString("ffffffff-0000-4000-8000-00000000000" + w));
        }
        Map<String, Set<Long>> acknowledged = new HashMap<>();
        int kills = 0;
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(master)) {
            // a writer node that stays down past L + G has its grant retired: have it back soon
            catalog.configure(VolumeSettings.QUARANTINE, java.time.Duration.ofSeconds(2));
            List<LineChild> readers = new ArrayList<>();
            try {
                for (int r = 0; r < READERS; r++) {
                    readers.add(node(ReaderLoopProcess.class, UUID.randomUUID()));
                }
                for (int round = 0; round < ROUNDS; round++) {
                    List<LineChild> running = new ArrayList<>();
                    try {
                        for (int w = 0; w < WRITERS; w++) {
                            LineChild writer = node(OutboxClientProcess.class, writers.get(w));
                            running.add(writer);
                            assertEquals("started", writer.line());
                            writer.send("stream w" + w + " " + round * 1_000_000L + " " + ROWS + " 1000");
                        }
                        for (int w = 0; w < WRITERS; w++) {
                            String ok = running.get(w).line();
                            assertTrue(ok.startsWith("ok "), ok);
                            acknowledged
                                    .computeIfAbsent("w" + w, t -> new HashSet<>())
                                    .add(Long.parseLong(ok.substring(3)));
                        }
                        for (LineChild writer : running) {
                            Thread.sleep(random.nextInt(120)); // anywhere: writing, appending, waiting
                            writer.kill();
                            kills++;
                        }
                    } finally {
                        for (LineChild writer : running) {
                            writer.close();
                        }
                    }
                    for (UUID writer : writers) {
                        OutboxClientProcess.awaitConsumed(master, writer);
                    }
                }
            } finally {
                for (LineChild reader : readers) {
                    String out = reader.finish();
                    assertFalse(out.contains("bad "), out);
                    assertTrue(out.contains("passes "), out);
                }
            }
            assertTrue(kills >= ROUNDS * WRITERS);
            for (int w = 0; w < WRITERS; w++) {
                TableState table = catalog.refresh().require("w" + w);
                assertEquals(writers.get(w), catalog.publisher("w" + w).orElseThrow());
                Set<Long> firsts = new HashSet<>();
                for (FrameRef ref : table.frames()) {
                    try (Frame frame = catalog.attach(ref, allocator, false);
                            VectorSchemaRoot batch = frame.batch(0)) {
                        BigIntVector id = (BigIntVector) batch.getVector("id");
                        assertEquals(ROWS, batch.getRowCount());
                        for (int i = 0; i < ROWS; i++) {
                            assertEquals(id.get(0) + i, id.get(i), "a whole frame");
                        }
                        assertTrue(firsts.add(id.get(0)), "committed once: " + id.get(0));
                    }
                }
                assertTrue(firsts.containsAll(acknowledged.get("w" + w)), "nothing acknowledged is lost");
            }
        }
    }
}
