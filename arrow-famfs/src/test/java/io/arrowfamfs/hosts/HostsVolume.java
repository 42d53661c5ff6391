package io.arrowfamfs.hosts;

import static io.arrowfamfs.testkit.FamfsSpecImage.MIB;

import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import java.nio.file.Path;
import java.util.UUID;

/** A scratch device with a host table, opened on the master, for the tests of this package. */
final class HostsVolume implements AutoCloseable {
    static final NodeId MASTER = new NodeId(UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001"), "test");
    static final NodeId CLIENT = new NodeId(UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002"), "test");
    /** Short timing so the tests are quick: L = 300 ms, G = 300 ms, T = 20 ms. */
    static final HostSettings FAST = new HostSettings(
            java.time.Duration.ofMillis(300), java.time.Duration.ofMillis(300), java.time.Duration.ofMillis(20));

    /** Timing for tests across child JVMs, which start slowly on a loaded machine: L = 2 s, G = 1 s, T = 50 ms. */
    static final HostSettings PROCESSES = new HostSettings(
            java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(50));

    final Path device;
    final Volume volume;
    final HostsFile hosts;

    HostsVolume(Path device, int slots) {
        this.device = device;
        Mkfs.format(device, MkfsOptions.of(64 * MIB, MASTER));
        this.volume = Volume.open(device, VolumeOptions.of(MASTER));
        try {
            HostsFile.create(volume, slots);
            this.hosts = HostsFile.open(volume);
        } catch (RuntimeException e) {
            volume.close();
            throw e;
        }
    }

    /** Waits (up to a minute) until {@code condition} holds; fails with {@code what} if it never does. */
    static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("never happened: " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }

    /** {@return whether {@code lease} belongs to a slot generation (the host had joined) and holds now} */
    static boolean joined(Lease lease) {
        return lease.generation() != 0 && holds(lease);
    }

    /** {@return whether {@code lease} holds now} */
    static boolean holds(Lease lease) {
        try {
            lease.check();
            return true;
        } catch (LeaseExpiredException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            hosts.close();
        } finally {
            volume.close();
        }
    }
}
