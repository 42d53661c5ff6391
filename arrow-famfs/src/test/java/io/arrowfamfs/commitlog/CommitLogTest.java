package io.arrowfamfs.commitlog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeFile;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The primitive on its own, against byte offsets written out here rather than taken from a descriptor. */
class CommitLogTest {
    /** Counter at 64 on its own line, four 32-byte slots from 128. */
    private static final CommitLogLayout LAYOUT = CommitLogLayout.ownLine(128, 32, 4, 64);

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    private MappedRegion region() {
        Path path = shm.device("log");
        try (NativeFile file = NativeFile.create(path, 0644, true)) {
            file.truncate(4096);
            return file.map(0, 4096, false);
        }
    }

    private static byte[] record(int fill) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) fill);
        return bytes;
    }

    @Test
    void appendWritesSlotsThenMovesTheCounterOnce() {
        try (MappedRegion region = region()) {
            CommitLog log = new CommitLog(region, LAYOUT, CachePolicy.COHERENT, false, "test log");
            assertEquals(0, log.count());
            assertEquals(2, log.append(0, List.of(record(1), record(2))));
            assertEquals(3, log.append(2, List.of(record(3))));
            assertEquals(3, log.count());
            assertEquals(3, region.getLong(64), "the count is a little-endian u64 at the counter offset");
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(record(i + 1), region.copyOf(128 + 32L * i, 32));
                assertArrayEquals(record(i + 1), log.readSlot(i));
            }
            assertArrayEquals(new byte[32], region.copyOf(128 + 32L * 3, 32), "the slot after the count is untouched");
            byte[] before = region.copyOf(0, 64);
            assertArrayEquals(new byte[64], before, "nothing but the counter and the slots is written");
        }
    }

    @Test
    void extraStoresComeBeforeTheCounterWithTheNewCount() {
        try (MappedRegion region = region()) {
            CommitLogLayout header = new CommitLogLayout(48, 32, 4, 40, 0, 48);
            CommitLog log = new CommitLog(region, header, CachePolicy.COHERENT, false, "famfs-like log");
            List<String> seen = new ArrayList<>();
            log.append(0, List.of(record(7)), (r, next) -> {
                seen.add("extra next=" + next + " counter=" + r.getLong(40) + " slot=" + r.getByte(48));
                r.putLongRelease(32, next);
            });
            assertEquals(List.of("extra next=1 counter=0 slot=7"), seen, "slots written, counter not yet moved");
            assertEquals(1, region.getLong(32));
            assertEquals(1, log.count());
        }
    }

    @Test
    void aWriterWithAStaleCountIsRefusedAndWritesNothing() {
        try (MappedRegion region = region()) {
            CommitLog log = new CommitLog(region, LAYOUT, CachePolicy.COHERENT, false, "test log");
            log.append(0, List.of(record(1)));
            CommitLogConflictException e =
                    assertThrows(CommitLogConflictException.class, () -> log.append(0, List.of(record(9))));
            assertEquals(
                    "commit log moved under its writer: log=test log expected_count=0 actual_count=1", e.getMessage());
            assertArrayEquals(record(1), log.readSlot(0), "the committed slot is not overwritten");
            assertEquals(1, log.count());
        }
    }

    @Test
    void aFullLogIsATypedErrorAndWritesNothing() {
        try (MappedRegion region = region()) {
            CommitLog log = new CommitLog(region, LAYOUT, CachePolicy.COHERENT, false, "test log");
            log.append(0, List.of(record(1), record(2), record(3)));
            CommitLogFullException e =
                    assertThrows(CommitLogFullException.class, () -> log.append(3, List.of(record(4), record(5))));
            assertEquals("commit log full: log=test log count=3 records=2 capacity=4", e.getMessage());
            assertEquals(3, log.count());
            assertArrayEquals(new byte[32], log.readSlot(3));
            assertThrows(IndexOutOfBoundsException.class, () -> log.readSlot(4));
        }
    }

    @Test
    void publishAloneStoresTheCount() {
        try (MappedRegion region = region()) {
            CommitLog log = new CommitLog(region, LAYOUT, CachePolicy.COHERENT, false, "test log");
            region.putBytes(128, record(5), 0, 32);
            log.publish(1);
            assertEquals(1, log.count());
            assertArrayEquals(record(5), log.readSlot(0));
        }
    }

    @Test
    void layoutsThatCannotWorkAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new CommitLogLayout(0, 32, 4, 64, 64, 8),
                "slots over the counter");
        assertThrows(
                IllegalArgumentException.class,
                () -> new CommitLogLayout(128, 32, 4, 60, 64, 8),
                "counter outside its range");
        assertThrows(IllegalArgumentException.class, () -> new CommitLogLayout(128, 0, 4, 64, 64, 8));
        assertThrows(
                IllegalArgumentException.class,
                () -> new CommitLogLayout(128, 32, 4, 60, 56, 16),
                "a counter that could tear");
        assertEquals(128 + 32 * 4, LAYOUT.regionLength());
        try (MappedRegion region = region()) {
            CommitLogLayout large = CommitLogLayout.ownLine(4096, 512, 16, 64);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new CommitLog(region, large, CachePolicy.COHERENT, false, "too small"));
        }
    }

    @Test
    void recordsOfTheWrongSizeAreRefused() {
        try (MappedRegion region = region()) {
            CommitLog log = new CommitLog(region, LAYOUT, CachePolicy.COHERENT, false, "test log");
            assertThrows(IllegalArgumentException.class, () -> log.append(0, List.of(record(1), new byte[31])));
            assertEquals(0, log.count());
            assertArrayEquals(new byte[32], log.readSlot(0), "nothing is written before every record is checked");
        }
    }
}
