package io.arrowfamfs.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.testkit.ShmDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JMH benchmark's methods called directly (no JMH, no timing): they wrap around a full log
 * and read back what was written, and the trial's teardown leaves no mapping and no file.
 */
class CommitLogBenchTest {
    @RegisterExtension
    final ShmDir shm = new ShmDir();

    @Test
    void appendsWrapAroundAFullLogAndReadsReturnTheRecords() throws IOException {
        long mappings = MappedRegion.liveMappings();
        CommitLogBench bench = new CommitLogBench();
        bench.dir = shm.path().toString();
        bench.map();
        try {
            long appends = 2 * CommitLogBench.CAPACITY + 3;
            long count = 0;
            for (long i = 0; i < appends; i++) {
                count = bench.appendCoherent();
            }
            assertEquals(3, count, "the setup's full log starts again at 0, published, each time it fills");
            byte[] record = new byte[CommitLogBench.RECORD];
            Arrays.fill(record, (byte) 0x5a);
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(record, bench.readCoherent());
                assertArrayEquals(record, bench.getLongCopyOf());
            }
            assertEquals(3, bench.putBytes(), "the baseline writes the slot after the writer's count");
        } finally {
            bench.unmap();
        }
        assertEquals(mappings, MappedRegion.liveMappings(), "the teardown unmaps the scratch file");
        try (Stream<Path> left = Files.list(shm.path())) {
            assertEquals(0, left.count(), "the teardown deletes the scratch file");
        }
    }
}
