package io.arrowfamfs.nativeio;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.testkit.ShmDir;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The simulator's own rules: what each host sees, when lines reach memory, and what it reports. */
class NonCoherentMemoryTest {
    @RegisterExtension
    final ShmDir shm = new ShmDir();

    private int scripts;

    private MappedRegion memory() {
        try (NativeFile file = NativeFile.create(shm.device("memory"), 0644, true)) {
            file.truncate(8192);
            return file.map(0, 8192, false);
        }
    }

    /** No random event at all: only the hosts' own operations move lines. */
    private static NonCoherentMemory quiet(MappedRegion memory) {
        return new NonCoherentMemory(memory, 1).events(0, 0, 0);
    }

    @Test
    void aStoreReachesOtherHostsOnlyThroughWriteBackAndTheirInvalidate() {
        try (MappedRegion memory = memory();
                NonCoherentMemory sim = quiet(memory)) {
            MappedRegion a = sim.host("a", true);
            MappedRegion b = sim.host("b", false);
            assertEquals(0, b.getLong(8), "b caches the line as it is in memory");
            a.putLong(8, 42);
            assertEquals(42, a.getLong(8), "a reads its own store");
            assertEquals(0, memory.getLong(8), "the store is in a's cache only");
            a.writeBack(8, 8, CachePolicy.COHERENT);
            assertEquals(42, memory.getLong(8), "write-back moved it to memory");
            assertEquals(0, b.getLong(8), "b still reads its stale copy");
            b.invalidate(0, 64, CachePolicy.COHERENT);
            assertEquals(42, b.getLong(8), "after invalidating, b fills the line from memory");
        }
    }

    /** putThrough on a simulated host leaves nothing dirty: another host sees the bytes once it invalidates. */
    @Test
    void putThroughReachesMemoryWithoutAWriteBack() {
        try (MappedRegion memory = memory();
                NonCoherentMemory sim = quiet(memory)) {
            MappedRegion a = sim.host("a", true);
            MappedRegion b = sim.host("b", false);
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocateDirect(200);
            for (int i = 0; i < 200; i++) {
                bytes.put(i, (byte) (i + 1));
            }
            assertEquals(0, b.getByte(30), "b caches the line as it is in memory");
            a.putThrough(30, bytes, CachePolicy.NON_COHERENT);
            assertFalse(sim.isDirty("a", 0, 256), "nothing left in a's cache to write back");
            assertEquals(1, memory.getByte(30));
            assertEquals((byte) 200, memory.getByte(229));
            assertEquals(0, b.getByte(30), "b reads its stale copy until it invalidates");
            b.invalidate(0, 256, CachePolicy.NON_COHERENT);
            assertEquals(1, b.getByte(30));
        }
    }

    @Test
    void invalidatingADirtyLineWritesItBackFirstAndWriteBackMovesTheWholeLine() {
        try (MappedRegion memory = memory();
                NonCoherentMemory sim = quiet(memory)) {
            MappedRegion a = sim.host("a", true);
            a.putInt(100, 7);
            a.putByte(127, (byte) 9);
            a.invalidate(120, 1, CachePolicy.NON_COHERENT);
            assertEquals(7, memory.getInt(100), "the line [64, 128) went to memory whole");
            assertEquals(9, memory.getByte(127));
            assertFalse(sim.isDirty("a", 64, 64));
            assertEquals(List.of(new NonCoherentMemory.Invalidation("a", 120, 1)), sim.invalidations("a"));
        }
    }

    @Test
    void evictionsWriteBackSomeDirtyLinesNotAll() {
        try (MappedRegion memory = memory();
                NonCoherentMemory sim = new NonCoherentMemory(memory, 7).events(0, 0, 0)) {
            MappedRegion a = sim.host("a", true);
            byte[] ones = new byte[64 * 32];
            Arrays.fill(ones, (byte) 1);
            a.putBytes(0, ones, 0, ones.length);
            sim.events(1, 0, 0);
            a.getByte(4096); // one access: one eviction before it
            int reached = 0;
            for (int line = 0; line < 32; line++) {
                reached += memory.getByte(64L * line);
            }
            assertTrue(reached > 0 && reached < 32, "a partial eviction: lines_in_memory=" + reached + " " + sim);
        }
    }

    @Test
    void twoHostsStoringIntoOneLineIsAViolationAndSeparateLinesAreNot() {
        try (MappedRegion memory = memory();
                NonCoherentMemory sim = quiet(memory)) {
            MappedRegion a = sim.host("a", true);
            MappedRegion b = sim.host("b", true);
            a.putLong(0, 1);
            b.putLong(64, 2);
            a.putLong(8, 3);
            assertEquals(List.of(), sim.violations());
            b.putByte(63, (byte) 4);
            assertEquals(
                    List.of("cache line written by two hosts: line=0 offset=0 first=a second=b seed=1"),
                    sim.violations());
        }
    }

    @Test
    void aReadOnlyHostCannotStoreAndViewsAreReleasedWithTheMemory() {
        long before = MappedRegion.liveMappings();
        MappedRegion memory = memory();
        MappedRegion view;
        try (NonCoherentMemory sim = quiet(memory)) {
            view = sim.host("reader", false);
            assertThrows(ReadOnlyRegionException.class, () -> view.putLong(0, 1));
            assertEquals(memory.address(), view.address(), "the same bytes: Arrow reads them by address");
            memory.close();
            assertTrue(memory.isMapped(), "the view holds a reference on the mapping");
        }
        assertFalse(view.isMapped());
        assertFalse(memory.isMapped(), "the last view released the mapping");
        assertEquals(before, MappedRegion.liveMappings());
    }

    @Test
    void theSameSeedReplaysTheSameEvents() {
        assertArrayEquals(scripted(11), scripted(11));
        assertFalse(Arrays.equals(scripted(11), scripted(12)), "another seed evicts otherwise");
    }

    /** Memory's bytes after a fixed script of stores under random evictions. */
    private byte[] scripted(long seed) {
        try (NativeFile file = NativeFile.create(shm.device("scripted-" + seed + "-" + ++scripts), 0644, true)) {
            file.truncate(8192);
            try (MappedRegion memory = file.map(0, 8192, false)) {
                try (NonCoherentMemory sim = new NonCoherentMemory(memory, seed)) {
                    MappedRegion a = sim.host("a", true);
                    for (int i = 0; i < 100; i++) {
                        a.putLong(8L * i * 7 % 8000, i);
                    }
                    return memory.copyOf(0, 8192);
                }
            }
        }
    }
}
