package io.arrowfamfs.famfs;

import static io.arrowfamfs.testkit.FamfsSpecImage.MIB;
import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.omf.Extent;
import io.arrowfamfs.famfs.omf.FileMap;
import io.arrowfamfs.famfs.omf.FileRange;
import io.arrowfamfs.famfs.omf.InterleavedFileMap;
import io.arrowfamfs.famfs.omf.SimpleFileMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtentAllocatorTest {
    private static final long DATA = 10 * MIB;

    private static SpaceMap space(long size) {
        return new SpaceMap(size, 2 * MIB, DATA);
    }

    @Test
    void packedIsFirstFitAfterTheMetadata() {
        SpaceMap space = space(64 * MIB);
        space.mark(12 * MIB, 2 * MIB);
        FileMap map = new ExtentAllocator(space, "d").allocate(3 * MIB, Placement.PACKED);
        assertEquals(new SimpleFileMap(List.of(new Extent(14 * MIB, 4 * MIB))), map, "the 2 MiB hole is too small");
        assertEquals(
                new SimpleFileMap(List.of(new Extent(10 * MIB, 2 * MIB))),
                new ExtentAllocator(space, "d").allocate(1, Placement.PACKED));
    }

    @Test
    void fragmentedSpaceGivesSeveralExtents() {
        SpaceMap space = space(64 * MIB);
        for (long at = DATA; at < 64 * MIB; at += 4 * MIB) {
            space.mark(at, 2 * MIB); // every other unit used: free runs are one unit long
        }
        FileMap map = new ExtentAllocator(space, "d").allocate(7 * MIB, Placement.PACKED);
        List<Extent> extents = ((SimpleFileMap) map).extents();
        assertEquals(4, extents.size());
        for (Extent extent : extents) {
            assertEquals(2 * MIB, extent.length());
            assertFalse(space.copy().mark(extent.offset(), extent.length()), "extents are free space only");
        }
        assertEquals(
                List.of(
                        new FileRange(0, 12 * MIB, 2 * MIB),
                        new FileRange(2 * MIB, 16 * MIB, 2 * MIB),
                        new FileRange(4 * MIB, 20 * MIB, 2 * MIB),
                        new FileRange(6 * MIB, 24 * MIB, MIB)),
                map.ranges(7 * MIB));
        OutOfSpaceException e = assertThrows(
                OutOfSpaceException.class, () -> new ExtentAllocator(space, "d").allocate(40 * MIB, Placement.PACKED));
        assertEquals(
                "device full: device=d requested=41943040 free=27262976 largest_free_extent=2097152 max_extents=16",
                e.getMessage());
    }

    @Test
    void stripedFollowsFamfsArithmetic() {
        SpaceMap space = space(256 * MIB);
        InterleavedFileMap map = (InterleavedFileMap)
                new ExtentAllocator(space, "d").allocate(9 * MIB + 5, new Placement.Striped(8, 3, 2 * MIB));
        assertEquals(
                List.of(new Extent(10 * MIB, 4 * MIB), new Extent(32 * MIB, 4 * MIB), new Extent(64 * MIB, 4 * MIB)),
                map.strips(),
                "3 strips of ceil(5 units / 3 chunks) * 2 MiB, one per bucket of 32 MiB");
        List<FileRange> ranges = map.ranges(9 * MIB + 5);
        assertEquals(new FileRange(0, 10 * MIB, 2 * MIB), ranges.get(0));
        assertEquals(new FileRange(2 * MIB, 32 * MIB, 2 * MIB), ranges.get(1));
        assertEquals(new FileRange(6 * MIB, 12 * MIB, 2 * MIB), ranges.get(3), "chunk 3 is strip 0's second chunk");
        assertEquals(new FileRange(8 * MIB, 34 * MIB, MIB + 5), ranges.get(4));
        assertThrows(OutOfSpaceException.class, () -> new ExtentAllocator(space, "d")
                .allocate(200 * MIB, new Placement.Striped(8, 3, 2 * MIB)));
        assertThrows(io.arrowfamfs.ArrowFamfsException.class, () -> new Placement.Striped(2, 3, 2 * MIB));
        assertThrows(io.arrowfamfs.ArrowFamfsException.class, () -> new Placement.Striped(4, 2, 3 * MIB));
    }

    @Test
    void spaceMapUsesWholeUnitsOnly() {
        SpaceMap space = space(64 * MIB + 4096);
        assertEquals(27, space.units() - 5);
        assertFalse(space.isPlaceable(64 * MIB, 2 * MIB), "no partial last unit (famfs rounds up here)");
        assertFalse(space.isPlaceable(8 * MIB, 2 * MIB), "the log is never placeable");
        assertTrue(space.isPlaceable(62 * MIB, 2 * MIB));
        assertFalse(space.mark(62 * MIB, 2 * MIB));
        assertTrue(space.mark(62 * MIB, 2 * MIB), "second mark of a unit is a collision");
    }
}
