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

    @Override
    public void close() {
        try {
            hosts.close();
        } finally {
            volume.close();
        }
    }
}
