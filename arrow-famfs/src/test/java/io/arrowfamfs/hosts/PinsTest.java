package io.arrowfamfs.hosts;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.testkit.LineChild;
import io.arrowfamfs.testkit.ShmDir;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The host-local pin table: the order rule, live and dead processes, and leases before any join. */
class PinsTest {
    private static final UUID FS = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    @Test
    void aPinHoldsTheLowestCountUntilClosed() {
        try (Pins pins = Pins.open(shm.path(), FS, HostsVolume.FAST)) {
            assertEquals(OptionalLong.empty(), pins.lowestPinned());
            Pin five = pins.pin(() -> 5);
            Pin nine = pins.pin(() -> 9);
            assertEquals(5, five.count());
            assertEquals(OptionalLong.of(5), pins.lowestPinned());
            five.close();
            five.close();
            assertEquals(OptionalLong.of(9), pins.lowestPinned());
            nine.close();
            assertEquals(OptionalLong.empty(), pins.lowestPinned());
        }
    }

    @Test
    void aPinReReadsTheCountAndOpensTheSnapshotAtTheNewOne() {
        AtomicLong count = new AtomicLong(5);
        try (Pins pins = Pins.open(shm.path(), FS, HostsVolume.FAST);
                Pin pin = pins.pin(() -> count.getAndIncrement())) {
            assertEquals(6, pin.count(), "the count re-read after the pin was published");
            assertEquals(OptionalLong.of(6), pins.lowestPinned(), "the pin moved up to it");
        }
    }

    @Test
    void pinsOfEveryLiveProcessCountAndClosingReleasesThem() {
        try (Pins one = Pins.open(shm.path(), FS, HostsVolume.FAST);
                Pins two = Pins.open(shm.path(), FS, HostsVolume.FAST)) {
            two.pin(() -> 3); // left open: closing the table releases it
            try (Pin pin = one.pin(() -> 8)) {
                assertEquals(8, pin.count());
                assertEquals(OptionalLong.of(3), one.lowestPinned(), "another process's pin counts");
                two.close();
                assertEquals(OptionalLong.of(8), one.lowestPinned());
            }
        }
    }

    @Test
    void aKilledProcessesPinIsIgnored() throws Exception {
        try (Pins pins = Pins.open(shm.path(), FS, HostsVolume.FAST);
                LineChild holder =
                        new LineChild(PinHolderProcess.class, shm.path().toString(), FS.toString(), "4")) {
            assertEquals("pinned 4", holder.line());
            try (Pin mine = pins.pin(() -> 11)) {
                assertEquals(OptionalLong.of(4), pins.lowestPinned(), "a live process's pin holds the bound");
                holder.kill();
                assertEquals(OptionalLong.of(11), pins.lowestPinned(), "its flock is gone, so is its pin");
                assertEquals(11, mine.count());
            }
        }
    }

    @Test
    void aLeaseBeforeTheHostJoinedIsRefused() {
        try (Pins pins = Pins.open(shm.path(), FS, HostsVolume.FAST);
                Pin pin = pins.pin(() -> 1)) {
            assertEquals(0, pin.lease().generation());
            LeaseExpiredException e =
                    assertThrows(LeaseExpiredException.class, () -> pin.lease().check());
            assertTrue(e.getMessage().startsWith("no lease: host="), e.getMessage());
        }
    }

    @Test
    void aCorruptTableIsRefusedWithWhatIsWrong() throws Exception {
        try (Pins pins = Pins.open(shm.path(), FS, HostsVolume.FAST)) {
            assertEquals(OptionalLong.empty(), pins.lowestPinned());
        }
        java.nio.file.Path table = shm.path().resolve("arrow-famfs-pins-" + FS).resolve("pins");
        byte[] bytes = java.nio.file.Files.readAllBytes(table);
        bytes[8] = 9;
        java.nio.file.Files.write(table, bytes);
        UnsupportedHostsFormatException e =
                assertThrows(UnsupportedHostsFormatException.class, () -> Pins.open(shm.path(), FS, HostsVolume.FAST));
        assertTrue(e.getMessage().startsWith("pin table format unsupported: path=" + table + " actual=9"));
    }
}
