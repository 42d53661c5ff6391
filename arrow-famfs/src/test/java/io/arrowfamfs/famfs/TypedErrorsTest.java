package io.arrowfamfs.famfs;

import static io.arrowfamfs.testkit.FamfsSpecImage.MIB;
import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The messages users see when a request is refused, each under its own type. */
class TypedErrorsTest {
    @RegisterExtension
    final ShmDir shm = new ShmDir();

    @Test
    void devicesThatAreNotRegularFilesAreUnsupported() {
        UnsupportedDeviceException open = assertThrows(
                UnsupportedDeviceException.class,
                () -> Volume.open(Path.of("/dev/null"), VolumeOptions.of(VolumeContract.MASTER)));
        assertEquals(
                "unsupported device: path=/dev/null actual=not a regular file expected=a regular file (an "
                        + "emulated famfs device); hint: DAX character devices and famfs mounts are not supported yet",
                open.getMessage());
        UnsupportedDeviceException mkfs = assertThrows(
                UnsupportedDeviceException.class,
                () -> Mkfs.format(
                        Path.of("/dev/null"),
                        MkfsOptions.of(64 * MIB, VolumeContract.MASTER).withForce(true)));
        assertEquals(
                "unsupported device: path=/dev/null actual=not a regular file expected=a regular file (an "
                        + "emulated famfs device); hint: mkfs makes emulated devices only",
                mkfs.getMessage());
        assertThrows(
                UnsupportedDeviceException.class,
                () -> Volume.open(shm.path(), VolumeOptions.of(VolumeContract.MASTER)),
                "a directory");
    }

    @Test
    void mkfsOptionsAreCheckedBeforeAnythingIsWritten() {
        InvalidOptionException small =
                assertThrows(InvalidOptionException.class, () -> MkfsOptions.of(MIB, VolumeContract.MASTER));
        assertEquals("device too small: size=1048576 minimum=67108864", small.getMessage());
        InvalidOptionException log =
                assertThrows(InvalidOptionException.class, () -> MkfsOptions.of(64 * MIB, VolumeContract.MASTER)
                        .withLogLength(3 * MIB));
        assertEquals("invalid log length: log_length=3145728 expected=a power of two >= 8388608", log.getMessage());
        InvalidOptionException room =
                assertThrows(InvalidOptionException.class, () -> MkfsOptions.of(64 * MIB, VolumeContract.MASTER)
                        .withLogLength(64 * MIB));
        assertEquals(
                "device too small for its log: size=67108864 log_length=67108864 minimum=71303168", room.getMessage());
        InvalidOptionException timeout =
                assertThrows(InvalidOptionException.class, () -> VolumeOptions.of(VolumeContract.MASTER)
                        .withLockTimeout(Duration.ofSeconds(-1)));
        assertEquals("invalid lock timeout: lock_timeout=PT-1S expected=>= 0", timeout.getMessage());
        InvalidOptionException striping =
                assertThrows(InvalidOptionException.class, () -> new Placement.Striped(4, 8, 2 * MIB));
        assertEquals(
                "invalid striping: buckets=4 strips=8 expected=1 <= strips <= 16, strips <= buckets <= 64",
                striping.getMessage());
    }

    @Test
    void filesThatCannotBeMadeAreTypedErrors() throws Exception {
        Path device = shm.device("dev.img");
        Mkfs.format(device, MkfsOptions.of(64 * MIB, VolumeContract.MASTER));
        try (Volume volume = Volume.open(device, VolumeOptions.of(VolumeContract.MASTER))) {
            EmptyFileException empty = assertThrows(
                    EmptyFileException.class, () -> volume.allocateFile("empty", 0, 0644, Placement.PACKED));
            assertEquals("famfs files must not be empty: path=empty size=0", empty.getMessage());
            Path none = shm.path().resolve("missing.bin");
            SourceReadException missing =
                    assertThrows(SourceReadException.class, () -> volume.copyIn(none, "copy", 0644, Placement.PACKED));
            assertTrue(
                    missing.getMessage().startsWith("cannot read source: file=" + none + " error="),
                    missing.getMessage());
            Path zero = shm.path().resolve("zero.bin");
            Files.write(zero, new byte[0]);
            EmptyFileException emptySource =
                    assertThrows(EmptyFileException.class, () -> volume.copyIn(zero, "copy", 0644, Placement.PACKED));
            assertEquals("famfs cannot store empty files: source=" + zero, emptySource.getMessage());
            assertEquals(0, volume.namespace().entries(), "nothing was logged");
        }
    }
}
