package io.arrowfamfs.famfs.omf;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.omf.LogEntry.AddDaxdevEntry;
import io.arrowfamfs.famfs.omf.LogEntry.FileEntry;
import io.arrowfamfs.famfs.omf.LogEntry.MkdirEntry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Every structure against bytes built from famfs-omf.md's literal offsets, not from our descriptors. */
class FormatGoldenTest {
    private static final UUID FS = UUID.fromString("2f5c1b3a-9d4e-4f60-8a1b-0c2d3e4f5a6b");
    private static final UUID DEV = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final UUID SYS = UUID.fromString("99999999-8888-7777-6666-555555555555");

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long crc(byte[] b, int n) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, n);
        return crc.getValue();
    }

    @Test
    void crcIsZlibCrc32() {
        assertEquals(0xcbf43926L, Crc.of("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9));
    }

    @Test
    void superblockMatchesSpecBytes() {
        Superblock sb = new Superblock(FamfsVersion.V48, 0x800000, 0x200000, FS, DEV, SYS, 64L << 20, "/dev/shm/x.img");
        byte[] bytes = sb.encode();
        ByteBuffer want = le(200);
        want.putLong(0, 0x87b282ffL)
                .putLong(8, 48)
                .putLong(16, 0x200000)
                .putLong(24, 0x800000)
                .putLong(32, 0x200000);
        want.putInt(40, 2).putInt(44, 2);
        want.put(48, HexFormat.of().parseHex("2f5c1b3a9d4e4f608a1b0c2d3e4f5a6b"));
        want.put(64, HexFormat.of().parseHex("11111111222233334444555555555555"));
        want.put(80, HexFormat.of().parseHex("99999999888877776666555555555555"));
        want.putLong(96, crc(want.array(), 96));
        want.putLong(112, 64L << 20);
        want.put(136, "/dev/shm/x.img".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(want.array(), bytes);
        assertEquals("ff82b28700000000", HexFormat.of().formatHex(bytes, 0, 8));
        assertEquals(sb, Superblock.decode(bytes));
    }

    @Test
    void superblockV47AndLongDaxdevName() {
        String name = "/dev/dax-with-a-very-long-name-that-fills-all-sixty-four-bytes-xyz";
        Superblock sb = new Superblock(FamfsVersion.V47, 0x1000000, 0x200000, FS, DEV, SYS, 8L << 30, name);
        byte[] bytes = sb.encode();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(47, b.getLong(8));
        assertEquals(1, b.getInt(44));
        assertEquals(name.substring(0, 64), new String(bytes, 136, 64, StandardCharsets.US_ASCII), "no NUL when full");
        Superblock decoded = Superblock.decode(bytes);
        assertEquals(name.substring(0, 64), decoded.daxdevPath());
        assertEquals(FamfsVersion.V47, decoded.version());
    }

    @Test
    void emptyLogHeaderMatchesSpec() {
        byte[] bytes = LogHeader.empty(0x800000).encode();
        assertEquals("0df0fecaad0b0000", HexFormat.of().formatHex(bytes, 0, 8));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x800000, b.getLong(8));
        assertEquals(15419, b.getLong(16), "an 8 MiB log holds 15420 entries");
        assertEquals(crc(bytes, 24), b.getLong(24));
        assertEquals(0, b.getLong(32));
        assertEquals(0, b.getLong(40));
        assertEquals(LogHeader.empty(0x800000), LogHeader.decode(bytes, 0x800000));
        assertEquals(0x200030 + 544L * 7, SuperblockDescriptor.LOG_OFFSET + LogDescriptor.entryOffset(7));
    }

    @Test
    void simpleFileEntryMatchesSpec() {
        FileEntry entry = new FileEntry(
                3,
                5_000_000,
                2,
                1000,
                1001,
                0644,
                "dir/file.bin",
                new SimpleFileMap(List.of(new Extent(0xA00000, 0x400000), new Extent(0x1000000, 0x200000))));
        byte[] bytes = LogEntries.encode(entry);
        ByteBuffer want = le(544);
        want.putLong(0, 3)
                .putInt(8, 0)
                .putLong(16, 5_000_000)
                .putInt(24, 2)
                .putInt(28, 1000)
                .putInt(32, 1001)
                .putInt(36, 0644);
        want.put(40, "dir/file.bin".getBytes(StandardCharsets.US_ASCII));
        want.putInt(120, 0).putInt(128, 2);
        want.putLong(136, 0).putLong(144, 0xA00000).putLong(152, 0x400000);
        want.putLong(160, 0).putLong(168, 0x1000000).putLong(176, 0x200000);
        want.putLong(536, crc(want.array(), 536));
        assertArrayEquals(want.array(), bytes);
        LogEntries.checkIntegrity(bytes, 3);
        assertEquals(entry, LogEntries.decode(bytes));
    }

    @Test
    void interleavedFileEntryMatchesSpec() {
        FileEntry entry = new FileEntry(
                0,
                9 * (1 << 20) + 5,
                2,
                0,
                0,
                0600,
                "striped",
                new InterleavedFileMap(
                        0x200000,
                        List.of(
                                new Extent(0x1600000, 0x400000),
                                new Extent(0xA00000, 0x400000),
                                new Extent(0x1000000, 0x400000))));
        byte[] bytes = LogEntries.encode(entry);
        ByteBuffer want = le(544);
        want.putLong(16, 9 * (1 << 20) + 5).putInt(24, 2).putInt(36, 0600);
        want.put(40, "striped".getBytes(StandardCharsets.US_ASCII));
        want.putInt(120, 1).putInt(128, 1).putLong(136, 3).putLong(144, 0x200000);
        want.putLong(160, 0x1600000).putLong(168, 0x400000);
        want.putLong(184, 0xA00000).putLong(192, 0x400000);
        want.putLong(208, 0x1000000).putLong(216, 0x400000);
        want.putLong(536, crc(want.array(), 536));
        assertArrayEquals(want.array(), bytes);
        assertEquals(entry, LogEntries.decode(bytes));
    }

    @Test
    void mkdirAndAddDaxdevEntriesMatchSpec() {
        byte[] mkdir = LogEntries.encode(new MkdirEntry(1, 7, 8, 0755, "a/b"));
        ByteBuffer want = le(544);
        want.putLong(0, 1).putInt(8, 1).putInt(16, 7).putInt(20, 8).putInt(24, 0755);
        want.put(28, "a/b".getBytes(StandardCharsets.US_ASCII));
        want.putLong(536, crc(want.array(), 536));
        assertArrayEquals(want.array(), mkdir);

        UUID uuid = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
        byte[] dax = LogEntries.encode(new AddDaxdevEntry(2, 1L << 34, uuid, 1));
        want = le(544);
        want.putLong(0, 2).putInt(8, 3).putLong(16, 1L << 34).putInt(40, 1);
        want.put(24, HexFormat.of().parseHex("0f8fad5bd9cb469fa16570867728950e"));
        want.putLong(536, crc(want.array(), 536));
        assertArrayEquals(want.array(), dax);
        assertEquals(new AddDaxdevEntry(2, 1L << 34, uuid, 1), LogEntries.decode(dax));
    }

    @Test
    void integrityChecksCrcOfEveryByteAndSeqnum() {
        byte[] bytes = LogEntries.encode(new MkdirEntry(5, 0, 0, 0755, "d"));
        for (int i = 0; i < 536; i += 7) {
            byte[] flipped = bytes.clone();
            flipped[i] ^= 0x10;
            CorruptMetadataException e =
                    assertThrows(CorruptMetadataException.class, () -> LogEntries.checkIntegrity(flipped, 5));
            assertTrue(e.getMessage().startsWith("log entry crc mismatch: index=5"), e.getMessage());
        }
        CorruptMetadataException e =
                assertThrows(CorruptMetadataException.class, () -> LogEntries.checkIntegrity(bytes, 6));
        assertEquals("log entry seqnum mismatch: index=6 seqnum=5", e.getMessage());
    }

    @Test
    void unusableEntriesAreInvalidNotCorrupt() {
        ByteBuffer b = ByteBuffer.wrap(LogEntries.encode(new FileEntry(
                        0, 10, 2, 0, 0, 0644, "f", new SimpleFileMap(List.of(new Extent(0xA00000, 0x200000))))))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(128, 17);
        InvalidEntryException e = assertThrows(InvalidEntryException.class, () -> LogEntries.decode(b.array()));
        assertEquals("log entry 0: nextents out of range: nextents=17 expected=1..16", e.getMessage());
        b.putInt(128, 1).putInt(120, 7);
        assertThrows(InvalidEntryException.class, () -> LogEntries.decode(b.array()));
        b.putInt(8, 9);
        assertEquals(new LogEntry.UnknownEntry(0, 9), LogEntries.decode(b.array()));
    }

    @Test
    void relpathRules() {
        assertEquals("a/b.c", Relpath.check("a/b.c"));
        assertThrows(InvalidRelpathException.class, () -> Relpath.check(""));
        assertThrows(InvalidRelpathException.class, () -> Relpath.check("/abs"));
        assertThrows(InvalidRelpathException.class, () -> Relpath.check("a/../b"));
        assertThrows(InvalidRelpathException.class, () -> Relpath.check("a//b"));
        assertThrows(InvalidRelpathException.class, () -> Relpath.check("a/"));
        assertThrows(InvalidRelpathException.class, () -> Relpath.check("./a"));
        assertEquals("x".repeat(79), Relpath.check("x".repeat(79)));
        InvalidRelpathException e = assertThrows(InvalidRelpathException.class, () -> Relpath.check("x".repeat(80)));
        assertTrue(e.getMessage().startsWith("relpath too long: bytes=80 max=79"), e.getMessage());
        assertThrows(InvalidRelpathException.class, () -> Relpath.check("é".repeat(40)), "79 is bytes, not chars");
        assertThrows(InvalidRelpathException.class, () -> LogEntries.encode(new MkdirEntry(0, 0, 0, 0755, "../x")));
    }

    @Test
    void superblockChecks() {
        Superblock sb = new Superblock(FamfsVersion.V48, 0x800000, 0x200000, FS, DEV, SYS, 64L << 20, "x");
        byte[] good = sb.encode();
        byte[] version = good.clone();
        ByteBuffer.wrap(version).order(ByteOrder.LITTLE_ENDIAN).putLong(8, 46);
        UnsupportedVersionException v =
                assertThrows(UnsupportedVersionException.class, () -> Superblock.decode(version));
        assertEquals("unsupported famfs version: ts_version=46 supported=47,48", v.getMessage());
        byte[] magic = good.clone();
        magic[0] = 0;
        assertTrue(assertThrows(CorruptMetadataException.class, () -> Superblock.decode(magic))
                .getMessage()
                .startsWith("not a famfs device: superblock magic=0x87b28200"));
        byte[] crc = good.clone();
        crc[50] ^= 1;
        assertTrue(assertThrows(CorruptMetadataException.class, () -> Superblock.decode(crc))
                .getMessage()
                .startsWith("superblock crc mismatch"));
        byte[] uncovered = good.clone();
        uncovered[104] = 0x55; // sb_flags: not covered, never written by famfs, ignored
        assertEquals(sb, Superblock.decode(uncovered));
        assertThrows(CorruptMetadataException.class, () -> Superblock.decode(new byte[100]));
    }
}
