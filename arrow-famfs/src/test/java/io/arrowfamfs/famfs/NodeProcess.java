package io.arrowfamfs.famfs;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.nativeio.MappedRegion;
import java.nio.file.Path;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * A second "host" for multi-process tests, run in its own JVM:
 * {@code read DEVICE NODE PATH} prints the role, the file's size and CRC and whether an append
 * was refused; {@code append DEVICE NODE PREFIX COUNT} makes COUNT directories.
 */
public final class NodeProcess {
    public static void main(String[] args) {
        Path device = Path.of(args[1]);
        NodeId node = new NodeId(UUID.fromString(args[2]), "test");
        try (Volume volume = Volume.open(device, VolumeOptions.of(node))) {
            if (args[0].equals("read")) {
                FamfsFile file = volume.namespace().file(args[3]);
                CRC32 crc = new CRC32();
                try (MappedRegion region = volume.map(file, false)) {
                    crc.update(region.copyOf(0, (int) file.size()));
                }
                String refused;
                try {
                    volume.mkdir("from-" + node.uuid(), 0755);
                    refused = "no";
                } catch (NotMasterException e) {
                    refused = e.getClass().getSimpleName();
                }
                System.out.println(volume.role().label() + " " + file.size() + " " + Long.toHexString(crc.getValue())
                        + " " + refused);
            } else {
                for (int i = 0; i < Integer.parseInt(args[4]); i++) {
                    volume.mkdir(args[3] + i, 0755);
                }
                System.out.println("appended " + args[4]);
            }
        }
    }
}
