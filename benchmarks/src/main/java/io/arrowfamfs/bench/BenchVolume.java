package io.arrowfamfs.bench;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.famfs.omf.Extent;
import io.arrowfamfs.nativeio.CachePolicy;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** A scratch directory with a fresh emulated device, its master volume, catalog and allocator. */
final class BenchVolume implements AutoCloseable {
    final Path dir;
    final Path device;
    final NodeId master = new NodeId(UUID.randomUUID(), "bench");
    final Volume volume;
    final Catalog catalog;
    final BufferAllocator allocator = new RootAllocator();

    BenchVolume(Path scratch, long size, CachePolicy policy) throws IOException {
        this.dir = Files.createTempDirectory(scratch, "arrow-famfs-bench-");
        this.device = dir.resolve("bench.img");
        Mkfs.format(device, MkfsOptions.of(size, master));
        this.volume = Volume.open(device, VolumeOptions.of(master).withCachePolicy(policy));
        this.catalog = Catalog.open(volume);
    }

    /** A committed frame's bytes, copied out of the device into a plain file {@code name} in the scratch directory. */
    Path copyOut(FrameRef frame, String name) throws IOException {
        FamfsFile file = volume.namespace().file(frame.path());
        Path copy = dir.resolve(name);
        try (FileChannel in = FileChannel.open(device);
                FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long at = 0;
            for (Extent extent : file.map().deviceExtents()) {
                long n = Math.min(extent.length(), file.size() - at);
                for (long done = 0; done < n; ) {
                    done += in.transferTo(extent.offset() + done, n - done, out);
                }
                at += n;
            }
        }
        return copy;
    }

    @Override
    public void close() throws IOException {
        try {
            allocator.close();
        } finally {
            catalog.close();
            volume.close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
