package io.arrowfamfs.nativeio;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MappedRegionTest {
    private static final long MIB = 1 << 20;

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    private Path file(long size) {
        Path path = shm.device("data");
        try (NativeFile file = NativeFile.create(path, 0644, true)) {
            file.truncate(size);
        }
        return path;
    }

    @Test
    void writesAreSharedBetweenMappings() {
        Path path = file(4 * MIB);
        try (NativeFile file = NativeFile.open(path, Protection.READ_WRITE);
                MappedRegion a = file.map(0, 4 * MIB, false);
                MappedRegion b = file.map(MIB, MIB, true)) {
            a.putLong(MIB + 8, 0x1122334455667788L);
            assertEquals(0x1122334455667788L, b.getLong(8));
            assertEquals(4 * MIB, file.size());
            assertTrue(file.isRegularFile());
        }
    }

    /** Whole lines with non-temporal stores, partial lines at either end with ordinary ones: every byte lands. */
    @Test
    void putThroughCopiesEveryByteAtAnyAlignmentUnderBothPolicies() {
        Path path = file(2 * MIB);
        java.util.Random random = new java.util.Random(7);
        java.nio.ByteBuffer source = java.nio.ByteBuffer.allocateDirect(70_000);
        byte[] bytes = new byte[source.capacity()];
        random.nextBytes(bytes);
        source.put(bytes).flip();
        try (NativeFile file = NativeFile.open(path, Protection.READ_WRITE);
                MappedRegion region = file.map(0, 2 * MIB, false)) {
            int at = 0;
            for (CachePolicy policy : CachePolicy.values()) {
                for (int[] shape : new int[][] {{0, 70_000}, {3, 61}, {64, 64}, {17, 5}, {63, 130}, {1, 65_537}}) {
                    at += 100_000;
                    int offset = shape[0];
                    int length = shape[1];
                    region.fill(at - 64, length + 256, (byte) 0x5a);
                    region.putThrough(at + offset, source.duplicate().limit(length), policy);
                    assertArrayEquals(
                            java.util.Arrays.copyOf(bytes, length),
                            region.copyOf(at + offset, length),
                            policy + " offset=" + offset + " length=" + length);
                    assertEquals((byte) 0x5a, region.getByte(at + offset - 1), "the byte before is untouched");
                    assertEquals((byte) 0x5a, region.getByte(at + offset + length), "the byte after is untouched");
                    assertEquals(0, source.position(), "the source's position is unchanged");
                }
            }
            assertThrows(
                    IllegalArgumentException.class,
                    () -> region.putThrough(0, java.nio.ByteBuffer.allocate(8), CachePolicy.COHERENT),
                    "a heap buffer has no address to copy from");
            assertThrows(
                    IndexOutOfBoundsException.class,
                    () -> region.putThrough(2 * MIB - 4, source.duplicate().limit(8), CachePolicy.NON_COHERENT));
        }
    }

    @Test
    void theChecksummingCopyMatchesJavasCrc32cAndFindsTheBoundsAtAnyAlignment() {
        Path path = file(2 * MIB);
        java.util.Random random = new java.util.Random(11);
        java.nio.ByteBuffer source =
                java.nio.ByteBuffer.allocateDirect(300_000).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 8 <= source.capacity(); i += 8) {
            source.putLong(i, random.nextLong());
        }
        java.nio.ByteBuffer minMax = java.nio.ByteBuffer.allocateDirect(16).order(java.nio.ByteOrder.nativeOrder());
        try (NativeFile file = NativeFile.open(path, Protection.READ_WRITE);
                MappedRegion region = file.map(0, 2 * MIB, false)) {
            assertFalse(region.copiesWithCrc32c(CachePolicy.COHERENT), "a coherent copy is a plain memcpy");
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    region.copiesWithCrc32c(CachePolicy.NON_COHERENT), "no SSE4.2 on this CPU");
            int at = 0;
            for (int[] shape :
                    new int[][] {{0, 300_000}, {3, 61}, {64, 4096}, {8, 4104}, {17, 5}, {0, 0}, {64, 8 * 9_000}}) {
                int from = shape[0];
                int count = shape[1];
                java.nio.ByteBuffer piece = source.duplicate().position(from).limit(from + count);
                byte[] expected = new byte[count];
                piece.duplicate().get(expected);
                java.util.zip.CRC32C java = new java.util.zip.CRC32C();
                java.update(new byte[] {1, 2, 3}); // continued from earlier bytes
                int before = (int) java.getValue();
                java.update(expected);
                minMax.putLong(0, Long.MAX_VALUE).putLong(8, Long.MIN_VALUE);
                int crc = region.putThroughCrc32c(at, piece, CachePolicy.NON_COHERENT, before, minMax);
                assertEquals((int) java.getValue(), crc, "crc of " + from + "+" + count);
                byte[] copied = new byte[count];
                region.getBytes(at, copied, 0, count);
                assertArrayEquals(expected, copied, "copy of " + from + "+" + count);
                long min = Long.MAX_VALUE;
                long max = Long.MIN_VALUE;
                for (int i = from; i + 8 <= from + count; i += 8) {
                    min = Math.min(min, source.getLong(i));
                    max = Math.max(max, source.getLong(i));
                }
                assertEquals(min, minMax.getLong(0), "least whole value of " + from + "+" + count);
                assertEquals(max, minMax.getLong(8), "greatest whole value of " + from + "+" + count);
                java.update(new byte[77]);
                assertEquals(
                        (int) java.getValue(), region.fillThroughCrc32c(at + count, 77, CachePolicy.NON_COHERENT, crc));
                assertEquals(0, region.getByte(at + count + 76));
                at += count + 77 + 13; // the next one at another alignment
            }
        }
    }

    @Test
    void accessOutsideTheMappingThrows() {
        Path path = file(MIB);
        try (NativeFile file = NativeFile.open(path, Protection.READ_ONLY);
                MappedRegion region = file.map(0, 100, false)) {
            assertEquals(0, region.getLong(92));
            assertThrows(IndexOutOfBoundsException.class, () -> region.getLong(93));
            assertThrows(IndexOutOfBoundsException.class, () -> region.getByte(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> region.copyOf(Long.MAX_VALUE - 2, 8));
            assertThrows(IndexOutOfBoundsException.class, () -> region.getBytes(0, new byte[8], 4, 8));
        }
    }

    @Test
    void useAfterCloseThrowsInsteadOfCrashing() {
        Path path = file(MIB);
        MappedRegion region;
        try (NativeFile file = NativeFile.open(path, Protection.READ_ONLY)) {
            region = file.map(0, MIB, false);
        }
        assertEquals(0, region.getByte(0), "a mapping outlives its file descriptor");
        region.close();
        region.close();
        assertFalse(region.isMapped());
        ResourceClosedException e = assertThrows(ResourceClosedException.class, () -> region.getLong(0));
        assertTrue(e.getMessage().startsWith("use after close: resource=" + path), e.getMessage());
        assertThrows(ResourceClosedException.class, region::retain);
    }

    @Test
    void retainedRegionStaysMappedUntilReleased() {
        Path path = file(MIB);
        try (NativeFile file = NativeFile.open(path, Protection.READ_ONLY)) {
            MappedRegion region = file.map(0, MIB, false);
            region.retain();
            region.close();
            assertTrue(region.isMapped());
            assertEquals(0, region.getInt(4));
            region.release();
            assertFalse(region.isMapped());
            assertThrows(IllegalStateException.class, region::release);
        }
    }

    @Test
    void readOnlyFileCannotBeWrittenThroughItsMapping() {
        Path path = file(MIB);
        try (NativeFile file = NativeFile.open(path, Protection.READ_ONLY)) {
            assertThrows(NativeCallException.class, () -> NativeFile.open(shm.device("missing"), Protection.READ_ONLY));
            NativeCallException e = assertThrows(NativeCallException.class, () -> file.allocate(0, MIB));
            assertEquals("fallocate", e.call());
        }
    }

    @Test
    void stitchedMappingPlacesPiecesInOrder() {
        Path path = file(8 * MIB);
        try (NativeFile file = NativeFile.open(path, Protection.READ_WRITE)) {
            try (MappedRegion whole = file.map(0, 8 * MIB, false)) {
                whole.putLong(6 * MIB, 6);
                whole.putLong(2 * MIB, 2);
            }
            // region [0,2M) <- file [6M,8M), region [2M,4M) <- file [2M,4M)
            try (MappedRegion stitched = file.mapPieces(
                    List.of(new MapPiece(0, 6 * MIB, 2 * MIB), new MapPiece(2 * MIB, 2 * MIB, 2 * MIB)),
                    4 * MIB - 10,
                    false)) {
                assertEquals(6, stitched.getLong(0));
                assertEquals(2, stitched.getLong(2 * MIB));
                assertEquals(0, stitched.address() % (2 * MIB), "stitched ranges are 2 MiB aligned");
                assertThrows(IndexOutOfBoundsException.class, () -> stitched.getByte(4 * MIB - 10));
            }
        }
    }

    @Test
    void closedFileCannotMapAnything() {
        Path path = file(MIB);
        NativeFile file = NativeFile.open(path, Protection.READ_ONLY);
        file.close();
        file.close();
        assertThrows(ResourceClosedException.class, () -> file.map(0, MIB, false));
        assertThrows(ResourceClosedException.class, () -> file.mapPieces(List.of(new MapPiece(0, 0, MIB)), MIB, false));
        assertThrows(IllegalArgumentException.class, () -> new MapPiece(0, 100, MIB));
    }

    @Test
    void nonCoherentPolicyUsesTheNativeHelper() {
        Path path = file(MIB);
        try (NativeFile file = NativeFile.open(path, Protection.READ_WRITE);
                MappedRegion region = file.map(0, MIB, false)) {
            region.putLong(0, 42);
            region.writeBack(0, MIB, CachePolicy.NON_COHERENT);
            region.invalidate(0, MIB, CachePolicy.NON_COHERENT);
            assertEquals(42, region.getLong(0));
            assertTrue(List.of("clwb", "clflushopt", "clflush").contains(CpuCache.writeBackInstruction()));
            assertTrue(List.of("clflushopt", "clflush").contains(CpuCache.invalidateInstruction()));
            assertThrows(
                    IndexOutOfBoundsException.class, () -> region.writeBack(MIB - 8, 16, CachePolicy.NON_COHERENT));
        }
    }
}
