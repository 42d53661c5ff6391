package io.arrowfamfs.cli;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.nativeio.MappedRegion;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "cat",
        description = "Write a famfs file's bytes to stdout, read through its extent map.",
        footer = "  arrow-famfs cat data/raw/some.file > copy")
final class CatCommand implements Callable<Integer> {
    private static final int CHUNK = 1 << 20;

    @Mixin
    DeviceOptions device;

    @Parameters(paramLabel = "PATH", description = "the famfs file, relative to the root")
    String path;

    /** Where the bytes go; stdout unless a test sets it. */
    OutputStream sink = System.out;

    @Override
    public Integer call() {
        try (Volume volume = device.open()) {
            FamfsFile file = volume.namespace().file(path);
            try (MappedRegion region = volume.map(file, false)) {
                region.adviseSequential();
                byte[] buffer = new byte[(int) Math.min(CHUNK, file.size())];
                for (long offset = 0; offset < file.size(); offset += buffer.length) {
                    int n = (int) Math.min(buffer.length, file.size() - offset);
                    region.invalidate(offset, n, volume.cachePolicy());
                    region.getBytes(offset, buffer, 0, n);
                    sink.write(buffer, 0, n);
                }
                sink.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return 0;
    }
}
