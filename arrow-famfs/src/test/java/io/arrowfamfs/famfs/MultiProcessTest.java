package io.arrowfamfs.famfs;

import static io.arrowfamfs.testkit.FamfsSpecImage.MIB;
import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.testkit.FamfsSpecImage;
import io.arrowfamfs.testkit.Jvm;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Separate JVMs stand in for separate hosts sharing one device file. */
class MultiProcessTest {
    @RegisterExtension
    final ShmDir shm = new ShmDir();

    @Test
    void clientProcessReplaysAndReadsButCannotAppend() {
        Path device = shm.device("dev.img");
        Mkfs.format(device, MkfsOptions.of(128 * MIB, VolumeContract.MASTER));
        byte[] data = FamfsSpecImage.data(7 * (int) MIB + 11, 5);
        try (Volume master = Volume.open(device, VolumeOptions.of(VolumeContract.MASTER))) {
            master.mkdir("d", 0755);
            VolumeContract.writeFile(master, "d/striped", data, new Placement.Striped(4, 2, 2 * MIB));
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        String out = Jvm.finish(Jvm.start(
                NodeProcess.class,
                "read",
                device.toString(),
                VolumeContract.CLIENT.uuid().toString(),
                "d/striped"));
        assertEquals(
                "client " + data.length + " " + Long.toHexString(crc.getValue()) + " NotMasterException", out.trim());
        assertTrue(Fsck.check(device).clean());
    }

    @Test
    void twoMasterProcessesAppendingAtOnceKeepTheLogValid() {
        Path device = shm.device("dev.img");
        Mkfs.format(device, MkfsOptions.of(64 * MIB, VolumeContract.MASTER));
        String master = VolumeContract.MASTER.uuid().toString();
        Process a = Jvm.start(NodeProcess.class, "append", device.toString(), master, "a", "300");
        Process b = Jvm.start(NodeProcess.class, "append", device.toString(), master, "b", "300");
        assertEquals("appended 300", Jvm.finish(a).trim());
        assertEquals("appended 300", Jvm.finish(b).trim());
        FsckReport report = Fsck.check(device);
        assertTrue(
                report.findings().stream().noneMatch(f -> f.severity() == FsckReport.Severity.DAMAGE),
                report.findings().toString());
        assertEquals(600, report.header().nextIndex());
        assertEquals(600, report.namespace().directories());
        assertEquals(600, FamfsSpecImage.parse(device).size());
    }
}
