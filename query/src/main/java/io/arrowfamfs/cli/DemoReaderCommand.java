package io.arrowfamfs.cli;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.NotMasterException;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.nativeio.MappedRegion;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.CRC32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One demo reader process: opens the device as its own node, maps the file, checksums it, tries
 * a write. Prints one line: {@code node role map_ms scan_ms crc write}.
 */
@Command(name = "demo-reader", hidden = true)
final class DemoReaderCommand implements Callable<Integer> {
    @Mixin DeviceOptions device;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "PATH")
    String path;

    @Override
    public Integer call() {
        try (Volume volume = device.open()) {
            FamfsFile file = volume.namespace().file(path);
            long start = System.nanoTime();
            CRC32 crc = new CRC32();
            try (MappedRegion region = volume.map(file, false)) {
                long mapped = System.nanoTime();
                byte[] buffer = new byte[1 << 20];
                for (long offset = 0; offset < file.size(); offset += buffer.length) {
                    int n = (int) Math.min(buffer.length, file.size() - offset);
                    region.getBytes(offset, buffer, 0, n);
                    crc.update(buffer, 0, n);
                }
                long scanned = System.nanoTime();
                String write;
                try {
                    volume.mkdir("demo/written-by-" + volume.node(), 0755);
                    write = "ALLOWED";
                } catch (NotMasterException e) {
                    write = "refused";
                }
                spec.commandLine().getOut().println(String.format(Locale.ROOT, "%s %s %.2f %.1f %x %s", volume.node(),
                        volume.role().label(), (mapped - start) / 1e6, (scanned - mapped) / 1e6, crc.getValue(), write));
            }
        }
        return 0;
    }
}
