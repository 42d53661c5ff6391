package io.arrowfamfs.famfs;

import static io.arrowfamfs.testkit.FamfsSpecImage.MIB;
import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.FamfsNode.FamfsDirectory;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.omf.Extent;
import io.arrowfamfs.famfs.omf.InterleavedFileMap;
import io.arrowfamfs.famfs.omf.InvalidRelpathException;
import io.arrowfamfs.famfs.omf.SimpleFileMap;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.testkit.FamfsSpecImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every volume must have, whatever holds the device. Subclasses say where the
 * device lives and which cache policy it uses.
 */
abstract class VolumeContract {
    static final NodeId MASTER = new NodeId(UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001"), "test");
    static final NodeId CLIENT = new NodeId(UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002"), "test");

    private Path dir;

    /** A fresh directory for this test's device; deleted afterwards. */
    abstract Path newDirectory() throws Exception;

    abstract CachePolicy policy();

    Path device;

    @BeforeEach
    void makeDevice() throws Exception {
        dir = newDirectory();
        device = dir.resolve("dev.img");
        Mkfs.format(device, MkfsOptions.of(128 * MIB, MASTER));
    }

    @AfterEach
    void removeDevice() throws Exception {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    Volume open(NodeId node) {
        return Volume.open(device, VolumeOptions.of(node).withCachePolicy(policy()));
    }

    static FamfsFile writeFile(Volume volume, String path, byte[] data, Placement placement) {
        return volume.createFile(
                path, data.length, 0644, placement, region -> region.putBytes(0, data, 0, data.length));
    }

    static byte[] read(Volume volume, FamfsFile file) {
        try (MappedRegion region = volume.map(file, false)) {
            return region.copyOf(0, (int) file.size());
        }
    }

    @Test
    void newDeviceIsEmptyAndMasterOwned() {
        try (Volume volume = open(MASTER)) {
            assertEquals(Role.MASTER, volume.role());
            Namespace ns = volume.namespace();
            assertEquals(0, ns.entries());
            assertEquals(15420, ns.capacity());
            assertEquals(List.of(), ns.all());
            assertEquals(128 * MIB - 10 * MIB, ns.freeBytes());
            assertEquals(0, ns.allocatedBytes());
        }
        assertTrue(Fsck.check(device).clean());
    }

    @Test
    void filesAndDirectoriesRoundTrip() {
        byte[] data = FamfsSpecImage.data(5 * (int) MIB + 17, 1);
        try (Volume volume = open(MASTER)) {
            FamfsDirectory dir = volume.mkdir("/a", 0755);
            assertEquals("a", dir.relpath());
            volume.mkdir("a/b", 0700);
            FamfsFile file = writeFile(volume, "a/b/data.bin", data, Placement.PACKED);
            assertEquals(
                    new SimpleFileMap(List.of(new Extent(10 * MIB, 6 * MIB))),
                    file.map(),
                    "first fit right after the log, rounded to 2 MiB units");
            assertArrayEquals(data, read(volume, file));
            assertEquals(
                    List.of("a", "a/b", "a/b/data.bin"),
                    volume.namespace().all().stream().map(FamfsNode::relpath).toList());
            assertEquals(List.of(file), volume.namespace().list("a/b"));
            assertEquals(6 * MIB, volume.namespace().allocatedBytes());
        }
        try (Volume again = open(MASTER)) {
            assertArrayEquals(data, read(again, again.namespace().file("/a/b/data.bin")));
        }
        FamfsSpecImage.parse(device); // our image satisfies the spec, field by field
        assertTrue(Fsck.check(device).clean());
    }

    @Test
    void stripedFilesInterleaveChunksAcrossBuckets() {
        byte[] data = FamfsSpecImage.data(9 * (int) MIB + 5, 2);
        try (Volume volume = open(MASTER)) {
            FamfsFile file = writeFile(volume, "striped", data, new Placement.Striped(4, 3, 2 * MIB));
            InterleavedFileMap map = assertInstanceOf(InterleavedFileMap.class, file.map());
            assertEquals(3, map.strips().size());
            assertEquals(2 * MIB, map.chunkSize());
            for (Extent strip : map.strips()) {
                assertEquals(4 * MIB, strip.length(), "9 MiB + 5 over 3 strips of 2 MiB chunks: 3 x 4 MiB");
            }
            assertArrayEquals(data, read(volume, file));
            FamfsFile small = writeFile(volume, "small", new byte[100], new Placement.Striped(4, 3, 2 * MIB));
            assertInstanceOf(SimpleFileMap.class, small.map(), "smaller than a chunk: contiguous, as in famfs");
        }
        assertTrue(Fsck.check(device).clean());
    }

    @Test
    void clientReadsButCannotWrite() {
        byte[] data = FamfsSpecImage.data(3 * (int) MIB, 3);
        try (Volume master = open(MASTER);
                Volume client = open(CLIENT)) {
            assertEquals(Role.CLIENT, client.role());
            writeFile(master, "shared.bin", data, Placement.PACKED);
            assertTrue(client.namespace().lookup("shared.bin").isEmpty(), "not replayed yet");
            Namespace ns = client.refresh();
            assertArrayEquals(data, read(client, ns.file("shared.bin")));
            NotMasterException e = assertThrows(NotMasterException.class, () -> client.mkdir("x", 0755));
            assertEquals(
                    "not the master: node=" + CLIENT + " is a client of device=" + device + "; only the master node="
                            + MASTER.uuid() + " may write",
                    e.getMessage());
            assertThrows(NotMasterException.class, () -> writeFile(client, "y", data, Placement.PACKED));
            try (MappedRegion region = client.map(ns.file("shared.bin"), false)) {
                assertFalse(region.isWritable());
                assertThrows(io.arrowfamfs.nativeio.ReadOnlyRegionException.class, () -> region.putLong(0, 1));
                assertThrows(io.arrowfamfs.nativeio.ReadOnlyRegionException.class, () -> region.fill(0, 8, (byte) 1));
            }
        }
    }

    @Test
    void pathRulesAreEnforced() {
        try (Volume volume = open(MASTER)) {
            volume.mkdir("d", 0755);
            assertThrows(PathExistsException.class, () -> volume.mkdir("d", 0755));
            assertThrows(NoSuchPathException.class, () -> volume.mkdir("missing/child", 0755));
            assertThrows(InvalidRelpathException.class, () -> volume.mkdir("d/../e", 0755));
            assertThrows(InvalidRelpathException.class, () -> volume.mkdir("d/" + "x".repeat(78), 0755));
            assertThrows(
                    EmptyFileException.class, () -> volume.createFile("empty", 0, 0644, Placement.PACKED, r -> {}));
            writeFile(volume, "d/f", new byte[10], Placement.PACKED);
            assertThrows(NoSuchPathException.class, () -> volume.mkdir("d/f/g", 0755), "a file is no parent");
            assertThrows(NoSuchPathException.class, () -> volume.namespace().file("d"));
            assertEquals(2, volume.namespace().entries());
        }
    }

    @Test
    void fullDeviceIsATypedErrorAndLosesNothing() {
        try (Volume volume = open(MASTER)) {
            FamfsFile big = writeFile(volume, "big", FamfsSpecImage.data(100 * (int) MIB, 4), Placement.PACKED);
            OutOfSpaceException e = assertThrows(
                    OutOfSpaceException.class,
                    () -> writeFile(volume, "more", new byte[20 * (int) MIB], Placement.PACKED));
            assertTrue(
                    e.getMessage().startsWith("device full: device=" + device + " requested=20971520 free=18874368"),
                    e.getMessage());
            assertEquals(1, volume.namespace().entries());
            assertArrayEquals(FamfsSpecImage.data(100 * (int) MIB, 4), read(volume, big));
        }
        assertTrue(Fsck.check(device).clean());
    }

    @Test
    void failingContentsLogNothing() {
        try (Volume volume = open(MASTER)) {
            assertThrows(
                    IllegalStateException.class,
                    () -> volume.createFileAtomically("f", MIB, 0644, Placement.PACKED, r -> {
                        throw new IllegalStateException("writer failed");
                    }));
            assertEquals(0, volume.namespace().entries());
            FamfsFile file = writeFile(volume, "f", new byte[] {1, 2, 3}, Placement.PACKED);
            assertEquals(10 * MIB, ((SimpleFileMap) file.map()).extents().get(0).offset(), "space was not leaked");
        }
    }

    @Test
    void closedVolumeThrows() {
        Volume volume = open(MASTER);
        volume.close();
        volume.close();
        assertThrows(io.arrowfamfs.nativeio.ResourceClosedException.class, volume::namespace);
        assertThrows(io.arrowfamfs.nativeio.ResourceClosedException.class, () -> volume.mkdir("x", 0755));
    }

    @Test
    void logFullIsATypedError() {
        try (Volume volume = open(MASTER)) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < 15420; i++) {
                String name = "d" + i;
                names.add(name);
                volume.mkdir(name, 0755);
            }
            LogFullException e = assertThrows(LogFullException.class, () -> volume.mkdir("one-more", 0755));
            assertEquals("log full: device=" + device + " entries=15420 capacity=15420", e.getMessage());
            assertEquals(names.size(), volume.namespace().directories());
        }
        assertTrue(Fsck.check(device).clean());
    }
}
