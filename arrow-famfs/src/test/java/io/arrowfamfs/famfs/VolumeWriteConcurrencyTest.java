package io.arrowfamfs.famfs;

import static io.arrowfamfs.testkit.FamfsSpecImage.MIB;
import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.ResourceClosedException;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Copies run with no log lock; the log lock and close wait for what they must, and time out
 * typed. Each copy is held open by a latch, so the tests prove orders of events, never speeds;
 * the 60 s waits only turn a deadlock into a failure.
 */
class VolumeWriteConcurrencyTest {
    private static final Duration SHORT = Duration.ofMillis(200);

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    private Path device;
    private ExecutorService background;
    private final CountDownLatch copying = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void format() {
        device = shm.device("dev.img");
        Mkfs.format(device, MkfsOptions.of(64 * MIB, VolumeContract.MASTER));
        background = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        background.shutdown();
        assertTrue(background.awaitTermination(60, TimeUnit.SECONDS));
    }

    private Volume open(Duration lockTimeout) {
        return Volume.open(device, VolumeOptions.of(VolumeContract.MASTER).withLockTimeout(lockTimeout));
    }

    /** Contents that signal {@link #copying}, wait for {@link #release}, then fill the file with {@code value}. */
    private Volume.FileContents held(byte value) {
        return region -> {
            copying.countDown();
            await(release);
            region.fill(0, region.length(), value);
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(60, TimeUnit.SECONDS), "latch");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static byte firstByte(Volume volume, String relpath) {
        FamfsFile file = (FamfsFile) volume.refresh().lookup(relpath).orElseThrow();
        try (MappedRegion region = volume.map(file, false)) {
            return region.copyOf(0, 1)[0];
        }
    }

    @Test
    void cpCopiesWithNoLockHeldAfterLoggingTheFile() throws Exception {
        try (Volume volume = open(SHORT)) {
            Future<FamfsFile> cp =
                    background.submit(() -> volume.createFile("big", 4 * MIB, 0644, Placement.PACKED, held((byte) 7)));
            await(copying);
            assertTrue(volume.namespace().lookup("big").isPresent(), "the file exists under its name before its bytes");
            assertEquals("other", volume.mkdir("other", 0755).relpath(), "another writer proceeds meanwhile");
            try (Volume process = open(SHORT)) {
                process.mkdir("other/more", 0755); // another open file description: the flock is free too
            }
            release.countDown();
            cp.get(60, TimeUnit.SECONDS);
            assertEquals(7, firstByte(volume, "big"));
        }
        assertTrue(Fsck.check(device).clean());
    }

    @Test
    void aWriterThreadOfThisJvmWaitsForTheLogLockOnlyUntilTheTimeout() throws Exception {
        try (Volume volume = open(SHORT)) {
            Future<Object> holder = background.submit(() -> volume.exclusive(() -> {
                copying.countDown();
                await(release);
                return null;
            }));
            await(copying);
            LockTimeoutException e = assertThrows(LockTimeoutException.class, () -> volume.mkdir("d", 0755));
            assertEquals(
                    "log lock busy: device=" + device + " waited=200ms; another writer thread of this JVM holds it;"
                            + " hint: wait for it or raise the lock timeout",
                    e.getMessage());
            release.countDown();
            holder.get(60, TimeUnit.SECONDS);
            volume.mkdir("d", 0755);
        }
    }

    @Test
    void closeWaitsForACopyInFlightOrFailsTyped() throws Exception {
        Volume volume = open(SHORT);
        try {
            AllocatedFile file = volume.allocateFile("f", MIB, 0644, Placement.PACKED);
            Future<?> copy = background.submit(() -> volume.writeContents(file, held((byte) 3)));
            await(copying);
            LockTimeoutException e = assertThrows(LockTimeoutException.class, volume::close);
            assertEquals(
                    "volume close timed out: device=" + device + " waited=200ms; a write or copy of this JVM is still"
                            + " in flight; hint: close after it finishes",
                    e.getMessage());
            assertEquals(1, volume.namespace().entries(), "the volume stayed open");
            release.countDown();
            copy.get(60, TimeUnit.SECONDS);
            assertEquals(3, firstByte(volume, "f"));
        } finally {
            volume.close();
        }
        assertThrows(ResourceClosedException.class, volume::namespace);
    }

    @Test
    void closeWithATimeLeftWaitsForTheCopyToFinish() throws Exception {
        ExecutorService closer = Executors.newSingleThreadExecutor();
        try {
            Volume volume = open(Duration.ofSeconds(60));
            AllocatedFile file = volume.allocateFile("f", MIB, 0644, Placement.PACKED);
            Future<?> copy = background.submit(() -> volume.writeContents(file, held((byte) 5)));
            await(copying);
            Future<?> closing = closer.submit(volume::close);
            release.countDown();
            copy.get(60, TimeUnit.SECONDS);
            closing.get(60, TimeUnit.SECONDS);
            assertThrows(ResourceClosedException.class, volume::namespace);
        } finally {
            closer.shutdown();
            assertTrue(closer.awaitTermination(60, TimeUnit.SECONDS));
        }
        try (Volume reopened = open(SHORT)) {
            assertEquals(5, firstByte(reopened, "f"), "the copy finished before the device was closed");
        }
        assertTrue(Fsck.check(device).clean());
    }

    @Test
    void anAllocatedFileIsWrittenOnceAndOnlyByItsVolume() {
        Path otherDevice = shm.device("other.img");
        Mkfs.format(otherDevice, MkfsOptions.of(64 * MIB, VolumeContract.MASTER));
        try (Volume volume = open(SHORT);
                Volume other = Volume.open(otherDevice, VolumeOptions.of(VolumeContract.MASTER))) {
            AllocatedFile file = volume.allocateFile("f", MIB, 0644, Placement.PACKED);
            IllegalArgumentException foreign = assertThrows(
                    IllegalArgumentException.class, () -> other.writeContents(file, r -> r.fill(0, 1, (byte) 9)));
            assertTrue(
                    foreign.getMessage().startsWith("file allocated by another volume: path=f"), foreign.getMessage());
            volume.writeContents(file, r -> r.fill(0, r.length(), (byte) 1));
            IllegalStateException again = assertThrows(
                    IllegalStateException.class, () -> volume.writeContents(file, r -> r.fill(0, 1, (byte) 9)));
            assertTrue(again.getMessage().startsWith("file contents already written: path=f"), again.getMessage());
            assertEquals(1, firstByte(volume, "f"), "a written file cannot be overwritten");
        }
    }
}
