package io.arrowfamfs.famfs;

import static io.arrowfamfs.testkit.FamfsSpecImage.MIB;
import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.ArrowFamfsException;
import io.arrowfamfs.famfs.omf.CorruptMetadataException;
import io.arrowfamfs.famfs.omf.UnsupportedVersionException;
import io.arrowfamfs.nativeio.NativeFile;
import io.arrowfamfs.nativeio.Protection;
import io.arrowfamfs.testkit.FamfsSpecImage;
import io.arrowfamfs.testkit.ShmDir;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile devices: every superblock and header field, damaged entries of every kind. Each must
 * give a typed error or a finding that names the damage, never a crash, never a write.
 */
class CorruptionTest {
    static final NodeId MASTER = VolumeContract.MASTER;
    static final NodeId CLIENT = VolumeContract.CLIENT;
    static final long LOG = 0x200000;

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    private Path device() {
        Path device = shm.device("dev.img");
        Mkfs.format(device, MkfsOptions.of(64 * MIB, MASTER));
        try (Volume volume = Volume.open(device, VolumeOptions.of(MASTER))) {
            volume.mkdir("a", 0755);
            VolumeContract.writeFile(volume, "a/f", new byte[] {1, 2, 3}, Placement.PACKED);
        }
        return device;
    }

    private static void edit(Path device, long offset, int length, Consumer<ByteBuffer> change) {
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(b, offset);
            change.accept(b);
            channel.write(b.clear(), offset);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void recrc(ByteBuffer b, int covered, int crcAt) {
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, covered);
        b.putLong(crcAt, crc.getValue());
    }

    /** Opening fails with {@code type} and {@code message}; fsck reports damage with the same words. */
    private static void assertRefused(
            Path device, Class<? extends ArrowFamfsException> type, String message, String where) {
        long sizeBefore = device.toFile().length();
        ArrowFamfsException e = assertThrows(type, () -> Volume.open(device, VolumeOptions.of(MASTER)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        FsckReport report = Fsck.check(device);
        assertFalse(report.clean());
        FsckReport.Finding damage = report.findings().stream()
                .filter(f -> f.severity() == FsckReport.Severity.DAMAGE)
                .findFirst()
                .orElseThrow();
        assertEquals(where, damage.where());
        assertTrue(damage.message().startsWith(message), damage.message());
        assertEquals(sizeBefore, device.toFile().length());
    }

    private static void superblockField(Path device, int offset, long value) {
        edit(device, 0, 200, b -> {
            b.putLong(offset, value);
            recrc(b, 96, 96);
        });
    }

    @Test
    void superblockMagic() {
        Path device = device();
        edit(device, 0, 8, b -> b.putLong(0, 0x12345678L));
        assertRefused(
                device,
                CorruptMetadataException.class,
                "not a famfs device: superblock magic=0x12345678",
                "superblock");
    }

    @Test
    void superblockVersionFamfsWouldRefuse() {
        Path device = device();
        superblockField(device, 8, 49);
        assertRefused(
                device, UnsupportedVersionException.class, "unsupported famfs version: ts_version=49", "superblock");
    }

    @Test
    void superblockCrc() {
        Path device = device();
        edit(device, 0, 200, b -> b.put(60, (byte) (b.get(60) ^ 1)));
        assertRefused(device, CorruptMetadataException.class, "superblock crc mismatch", "superblock");
    }

    @Test
    void superblockGeometryFields() {
        Path device = device();
        superblockField(device, 32, 12345);
        assertRefused(
                device, CorruptMetadataException.class, "superblock alloc unit invalid: actual=12345", "superblock");
        superblockField(device, 32, 0x200000);
        superblockField(device, 16, 0x400000);
        assertRefused(
                device, CorruptMetadataException.class, "superblock log offset invalid: actual=0x400000", "superblock");
        superblockField(device, 16, 0x200000);
        superblockField(device, 24, 0x900000);
        assertRefused(
                device, CorruptMetadataException.class, "superblock log length invalid: actual=9437184", "superblock");
        superblockField(device, 24, 0x800000);
        edit(device, 112, 8, b -> b.putLong(0, 1L << 40)); // dd_size is not under the crc
        assertRefused(device, CorruptMetadataException.class, "device truncated: path=" + device, "superblock");
    }

    @Test
    void truncatedAndForeignFiles() throws IOException {
        Path device = device();
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.WRITE)) {
            channel.truncate(20 * MIB);
        }
        assertRefused(
                device,
                CorruptMetadataException.class,
                "device truncated: path=" + device + " file_size=20971520 dd_size=67108864",
                "superblock");
        Path tiny = shm.device("tiny");
        Files.write(tiny, new byte[4096]);
        assertRefused(
                tiny, CorruptMetadataException.class, "not a famfs device: path=" + tiny + " size=4096", "superblock");
        Path random = shm.device("random");
        Files.write(random, FamfsSpecImage.data(3 * (int) MIB, 9));
        assertRefused(random, CorruptMetadataException.class, "not a famfs device: superblock magic=", "superblock");
        assertThrows(ArrowFamfsException.class, () -> Volume.open(shm.path(), VolumeOptions.of(MASTER)));
    }

    @Test
    void logHeaderFields() {
        Path device = device();
        edit(device, LOG, 48, b -> b.putLong(0, 0));
        assertRefused(device, CorruptMetadataException.class, "log header magic mismatch", "log header");
        edit(device, LOG, 48, b -> {
            b.putLong(0, 0xbadcafef00dL);
            b.putLong(16, 99);
        });
        assertRefused(device, CorruptMetadataException.class, "log header crc mismatch", "log header");
        edit(device, LOG, 48, b -> recrc(b, 24, 24));
        assertRefused(
                device,
                CorruptMetadataException.class,
                "log last index invalid: actual=99 expected=15419",
                "log header");
        edit(device, LOG, 48, b -> {
            b.putLong(16, 15419);
            recrc(b, 24, 24);
            b.putLong(32, 20000).putLong(40, 20000);
        });
        assertRefused(
                device, CorruptMetadataException.class, "log next index out of range: next_index=20000", "log header");
        edit(device, LOG, 48, b -> b.putLong(32, 7).putLong(40, 2));
        assertRefused(
                device,
                CorruptMetadataException.class,
                "log counters disagree: next_seqnum=7 next_index=2",
                "log header");
    }

    @Test
    void damagedEntryStopsReplayAndBlocksAppends() {
        Path device = device();
        edit(device, LOG + 48 + 544, 544, b -> b.put(45, (byte) 'X')); // entry 1's relpath, crc now wrong
        try (Volume client = Volume.open(device, VolumeOptions.of(CLIENT))) {
            Namespace ns = client.namespace();
            assertEquals(
                    new LogProblem(
                            1,
                            "log entry crc mismatch: index=1 stored=0x"
                                    + ns.stoppedAt()
                                            .message()
                                            .split("stored=0x")[1]
                                            .split(" ")[0] + " computed=0x"
                                    + ns.stoppedAt().message().split("computed=0x")[1]),
                    ns.stoppedAt());
            assertEquals(
                    List.of("a"), ns.all().stream().map(FamfsNode::relpath).toList(), "replay stops at the bad entry");
        }
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER))) {
            CorruptMetadataException e = assertThrows(CorruptMetadataException.class, () -> master.mkdir("b", 0755));
            assertTrue(
                    e.getMessage()
                            .startsWith("log damaged, refusing to append: device=" + device
                                    + " log entry 1: log entry crc mismatch"),
                    e.getMessage());
        }
        FsckReport report = Fsck.check(device);
        assertFalse(report.clean());
        assertEquals(
                "log entry 1",
                report.findings().stream()
                        .filter(f -> f.severity() == FsckReport.Severity.DAMAGE)
                        .findFirst()
                        .orElseThrow()
                        .where());
    }

    @Test
    void wrongSeqnumStopsReplay() {
        Path device = device();
        edit(device, LOG + 48, 544, b -> {
            b.putLong(0, 5);
            recrc(b, 536, 536);
        });
        try (Volume client = Volume.open(device, VolumeOptions.of(CLIENT))) {
            assertEquals(
                    new LogProblem(0, "log entry seqnum mismatch: index=0 seqnum=5"),
                    client.namespace().stoppedAt());
            assertEquals(List.of(), client.namespace().all());
        }
    }

    @Test
    void unusableEntriesAreSkippedAndReported() {
        Path device = shm.device("famfs.img");
        UUID host = UUID.randomUUID();
        try (FamfsSpecImage image = FamfsSpecImage.mkfs(device, 64 * MIB, 48, host, "/dev/dax0.0")) {
            image.mkdir("ok", 0755, 0, 0);
            image.mkdir("../escape", 0755, 0, 0);
            image.mkdir("orphan/child", 0755, 0, 0);
            image.simpleFileEntry("ok/past-end", 10, new long[][] {{62 * MIB, 4 * MIB}});
            image.simpleFileEntry("ok/over-metadata", 10, new long[][] {{0, 2 * MIB}});
            image.simpleFileEntry("ok/misaligned", 10, new long[][] {{11 * MIB, 2 * MIB}});
            image.simpleFileEntry("ok/good", 10, new long[][] {{10 * MIB, 2 * MIB}});
            image.simpleFileEntry("ok/collides", 10, new long[][] {{10 * MIB, 2 * MIB}});
            image.simpleFileEntry("ok/too-big", 5 * MIB, new long[][] {{12 * MIB, 2 * MIB}});
            image.simpleFileEntry("x".repeat(85), 10, new long[][] {{14 * MIB, 2 * MIB}});
            ByteBuffer unknown = ByteBuffer.allocate(544).order(ByteOrder.LITTLE_ENDIAN);
            unknown.putInt(8, 9);
            image.appendEntry(unknown);
        }
        edit(
                device,
                LOG + 48 + 544 * 9,
                544,
                b -> { // 80 path bytes and no NUL: famfs's strncpy never does this
                    for (int i = 40; i < 120; i++) {
                        b.put(i, (byte) 'y');
                    }
                    recrc(b, 536, 536);
                });
        List<String> expected = List.of(
                "log entry 1: relpath has an empty, '.' or '..' component: relpath=../escape",
                "log entry 2: parent directory missing: path=orphan/child",
                "log entry 3: extent outside the data area or not unit aligned: offset=65011712 length=4194304",
                "log entry 4: extent outside the data area or not unit aligned: offset=0 length=2097152",
                "log entry 5: extent outside the data area or not unit aligned: offset=11534336 length=2097152",
                "log entry 7: allocation collision: extent offset=10485760 length=2097152 overlaps another file",
                "log entry 8: extents do not cover the file: size=5242880",
                "log entry 9: relpath too long: bytes=80 max=79",
                "log entry 10: unknown entry type: type=9");
        try (Volume client = Volume.open(device, VolumeOptions.of(CLIENT))) {
            Namespace ns = client.namespace();
            assertNull(ns.stoppedAt());
            assertEquals(
                    List.of("ok", "ok/collides", "ok/good"),
                    ns.all().stream().map(FamfsNode::relpath).toList(),
                    "a colliding file is kept, as famfs keeps it; fsck reports the collision");
            List<String> problems =
                    ns.problems().stream().map(LogProblem::toString).toList();
            assertEquals(expected.size(), problems.size(), problems.toString());
            for (int i = 0; i < expected.size(); i++) {
                assertTrue(problems.get(i).startsWith(expected.get(i)), problems.get(i) + " vs " + expected.get(i));
            }
        }
        FsckReport report = Fsck.check(device);
        assertFalse(report.clean());
        List<String> findings = report.findings().stream()
                .filter(f -> f.severity() == FsckReport.Severity.DAMAGE)
                .map(f -> f.where() + ": " + f.message())
                .toList();
        assertEquals(expected.size(), findings.size(), findings.toString());
        for (String want : expected) {
            assertTrue(findings.stream().anyMatch(f -> f.startsWith(want)), want + " in " + findings);
        }
    }

    @Test
    void secondWriterTimesOutWithATypedError() {
        Path device = device();
        try (NativeFile other = NativeFile.open(device, Protection.READ_ONLY);
                LogLock held = LogLock.acquire(other, Duration.ofSeconds(1), Duration.ofSeconds(1));
                Volume volume = Volume.open(device, VolumeOptions.of(MASTER).withLockTimeout(Duration.ofMillis(200)))) {
            LockTimeoutException e = assertThrows(LockTimeoutException.class, () -> volume.mkdir("b", 0755));
            assertTrue(e.getMessage().startsWith("log lock busy: device=" + device + " waited=200ms"), e.getMessage());
        }
    }

    @Test
    void interruptedAppendIsReadableAndRepairedByTheMaster() {
        Path device = device();
        edit(device, LOG, 48, b -> b.putLong(32, 3)); // next_seqnum = 3, next_index = 2: killed between the stores
        FsckReport interrupted = Fsck.check(device);
        assertTrue(interrupted.clean());
        assertEquals(
                List.of("append not completed: next_seqnum=3 next_index=2 (an interrupted append, or one still in"
                        + " progress); the master's next append completes or rolls it back"),
                interrupted.findings().stream()
                        .filter(f -> f.where().equals("log header"))
                        .map(FsckReport.Finding::message)
                        .toList());
        try (Volume client = Volume.open(device, VolumeOptions.of(CLIENT))) {
            assertEquals(2, client.namespace().entries());
        }
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER))) {
            master.mkdir("b", 0755);
            assertEquals(3, master.namespace().entries());
        }
        FsckReport report = Fsck.check(device);
        assertEquals(
                List.of(),
                report.findings().stream()
                        .filter(f -> f.severity() == FsckReport.Severity.DAMAGE)
                        .toList());
        FamfsSpecImage.parse(device);
    }

    @Test
    void interruptedAppendWithItsEntryWrittenIsCountedByTheMaster() {
        Path device = device();
        byte[] entry = io.arrowfamfs.famfs.omf.LogEntries.encode(
                new io.arrowfamfs.famfs.omf.LogEntry.MkdirEntry(2, 0, 0, 0755, "late"));
        edit(device, LOG + 48 + 544 * 2, 544, b -> b.put(0, entry)); // the entry was written back...
        edit(device, LOG, 48, b -> b.putLong(32, 3)); // ...and next_seqnum stored, but not next_index
        try (Volume client = Volume.open(device, VolumeOptions.of(CLIENT))) {
            assertTrue(client.namespace().lookup("late").isEmpty(), "readers go by next_index");
        }
        try (Volume master = Volume.open(device, VolumeOptions.of(MASTER))) {
            master.mkdir("b", 0755);
            assertTrue(master.namespace().lookup("late").isPresent(), "the complete entry was counted");
            assertEquals(4, master.namespace().entries());
        }
        assertTrue(Fsck.check(device).clean());
        assertEquals(4, FamfsSpecImage.parse(device).size());
    }
}
