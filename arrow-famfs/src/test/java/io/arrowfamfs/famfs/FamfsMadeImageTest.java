package io.arrowfamfs.famfs;

import static io.arrowfamfs.testkit.FamfsSpecImage.MIB;
import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.FamfsNode.FamfsDirectory;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.omf.FamfsVersion;
import io.arrowfamfs.famfs.omf.InterleavedFileMap;
import io.arrowfamfs.famfs.omf.SimpleFileMap;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.testkit.FamfsSpecImage;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Images as famfs's own tools write them (by the independent spec writer, with famfs's quirks):
 * nested directories, a multi-extent file, an interleaved file with strips out of order, an
 * ADD_DAXDEV entry on v48. They must list, read back byte-exact and pass fsck, and we must then
 * be able to append to them.
 */
class FamfsMadeImageTest {
    static final UUID HOST = UUID.fromString("5e5e5e5e-1111-4222-8333-444444444444");

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    @ParameterizedTest
    @ValueSource(ints = {47, 48})
    void famfsImageListsReadsAndChecksClean(int tsVersion) {
        Path device = shm.device("famfs.img");
        byte[] small = FamfsSpecImage.data(1000, 1);
        byte[] multi = FamfsSpecImage.data(5 * (int) MIB + 3, 2);
        byte[] striped = FamfsSpecImage.data(9 * (int) MIB + 5, 3);
        try (FamfsSpecImage image = FamfsSpecImage.mkfs(
                device,
                256 * MIB,
                tsVersion,
                HOST,
                "/dev/dax0.0-a-daxdev-name-long-enough-to-fill-sixty-four-bytes!")) {
            image.mkdir("top", 0755, 0, 0);
            image.mkdir("top/nested", 0750, 1000, 1000);
            image.simpleFile("top/nested/small.bin", small, new long[][] {{0xA00000, AU()}});
            image.simpleFile("top/multi.bin", multi, new long[][] {{0x2000000, 4 * MIB}, {0xC00000, 2 * MIB}});
            image.interleavedFile("striped.bin", striped, 2 * MIB, new long[][] {
                {0x8000000, 4 * MIB}, {0x4000000, 4 * MIB}, {0x6000000, 4 * MIB}
            });
            if (tsVersion == 48) {
                image.addDaxdev(1L << 30, UUID.randomUUID(), 1);
            }
        }
        FsckReport report = Fsck.check(device);
        assertEquals(
                List.of(new FsckReport.Finding(
                        FsckReport.Severity.NOTE,
                        "device",
                        "smaller than famfs's mkfs minimum: dd_size=268435456 famfs_minimum=4294967296")),
                report.findings());
        assertTrue(report.clean());
        assertEquals(FamfsVersion.of(tsVersion), report.superblock().version());

        NodeId client = new NodeId(UUID.randomUUID(), "test");
        try (Volume volume = Volume.open(device, VolumeOptions.of(client))) {
            Namespace ns = volume.namespace();
            assertEquals(Role.CLIENT, volume.role());
            assertEquals(
                    List.of("striped.bin", "top", "top/multi.bin", "top/nested", "top/nested/small.bin"),
                    ns.all().stream().map(FamfsNode::relpath).toList());
            assertEquals(0750, ((FamfsDirectory) ns.lookup("top/nested").orElseThrow()).mode());
            FamfsFile multiFile = ns.file("top/multi.bin");
            assertEquals(2, ((SimpleFileMap) multiFile.map()).extents().size());
            assertEquals(
                    3,
                    ((InterleavedFileMap) ns.file("striped.bin").map()).strips().size());
            assertArrayEquals(small, read(volume, ns.file("top/nested/small.bin")));
            assertArrayEquals(multi, read(volume, multiFile));
            assertArrayEquals(striped, read(volume, ns.file("striped.bin")));
            assertEquals(List.of(), ns.problems());
        }
        try (Volume master = Volume.open(device, VolumeOptions.of(new NodeId(HOST, "test")))) {
            assertEquals(Role.MASTER, master.role());
            byte[] ours = FamfsSpecImage.data(3 * (int) MIB, 4);
            FamfsFile added = VolumeContract.writeFile(master, "top/ours.bin", ours, Placement.PACKED);
            for (var extent : added.map().deviceExtents()) {
                assertTrue(extent.end() <= 0xC00000 || extent.offset() >= 0xE00000, "must avoid famfs's files");
            }
            assertArrayEquals(ours, read(master, added));
        }
        assertTrue(Fsck.check(device).clean());
        assertEquals(tsVersion == 48 ? 7 : 6, FamfsSpecImage.parse(device).size());
    }

    private static long AU() {
        return FamfsSpecImage.AU;
    }

    private static byte[] read(Volume volume, FamfsFile file) {
        try (MappedRegion region = volume.map(file, false)) {
            return region.copyOf(0, (int) file.size());
        }
    }
}
