package io.arrowfamfs.examples;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.nativeio.MappedRegion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Makes an emulated device, writes a file into it as the master, then reads it as a client node
 * through a zero-copy mapping. Run: {@code java <JVM flags from the README> -cp ... ShareAFile [DEVICE]}.
 */
public final class ShareAFile {
    public static void main(String[] args) throws Exception {
        Path device = Path.of(args.length > 0 ? args[0] : "/dev/shm/arrow-famfs-example.img");
        NodeId master = new NodeId(UUID.randomUUID(), "example");
        Files.deleteIfExists(device);
        Mkfs.format(device, MkfsOptions.of(256L << 20, master));
        try (Volume volume = Volume.open(device, VolumeOptions.of(master))) {
            volume.mkdir("greetings", 0755);
            byte[] text = "hello from the master node\n".repeat(1000).getBytes();
            volume.createFile(
                    "greetings/hello.txt",
                    text.length,
                    0644,
                    Placement.PACKED,
                    region -> region.putBytes(0, text, 0, text.length));
        }
        NodeId client = new NodeId(UUID.randomUUID(), "example");
        try (Volume volume = Volume.open(device, VolumeOptions.of(client))) {
            FamfsFile file = volume.namespace().file("greetings/hello.txt");
            try (MappedRegion region = volume.map(file, false)) {
                region.invalidate(0, 27, volume.cachePolicy()); // a reader invalidates what it reads
                System.out.printf(
                        "%s sees %s (%d bytes), role %s: %s",
                        client, file.relpath(), file.size(), volume.role().label(), new String(region.copyOf(0, 27)));
            }
        } finally {
            Files.deleteIfExists(device);
        }
    }
}
