package io.arrowfamfs.bench;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.cli.ChildJvm;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.space.Pool;
import io.arrowfamfs.space.PoolMappings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A scratch directory and a freshly formatted device (the site's, else one in the scratch
 * directory), its master volume, catalog and allocator. Closing removes the scratch directory,
 * and the device if this benchmark created it; a device that existed (overwritten with force) stays.
 */
final class BenchVolume implements AutoCloseable {
    final Path dir;
    final Path device;
    final NodeId master;
    final Volume volume;
    Catalog catalog;
    final BufferAllocator allocator = new RootAllocator();
    private final boolean created;

    BenchVolume(BenchSite site, long size, CachePolicy policy) throws IOException {
        this.dir = Files.createTempDirectory(site.scratch(), "arrow-famfs-bench-");
        this.device = site.device().orElse(dir.resolve("bench.img"));
        this.master = site.master();
        this.created = !Files.exists(device);
        try {
            Mkfs.format(device, MkfsOptions.of(size, master).withForce(site.force()));
            this.volume = Volume.open(device, VolumeOptions.of(master).withCachePolicy(policy));
        } catch (RuntimeException e) {
            allocator.close();
            removeScratch();
            throw e;
        }
        try {
            this.catalog = Catalog.open(volume);
        } catch (RuntimeException e) {
            allocator.close();
            volume.close();
            removeScratch();
            throw e;
        }
    }

    /** A bench-reader process on this device in {@code mode}, as a node of its own; {@code args} follow the device. */
    ChildJvm reader(String mode, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "bench-reader",
                mode,
                "-d",
                device.toString(),
                "--node-id",
                UUID.randomUUID().toString()));
        command.addAll(List.of(args));
        return ChildJvm.start(BenchMain.class.getName(), List.of(), command.toArray(String[]::new));
    }

    /**
     * Changes volume settings (the lease, grace and quarantine) and reopens the catalog, so that
     * this process's host services run with them.
     */
    void configure(Map<String, Duration> settings) {
        catalog.configure(settings);
        catalog.close();
        catalog = Catalog.open(volume);
    }

    /** A committed frame's bytes, copied out of the device into a plain file {@code name} in the scratch directory. */
    Path copyOut(FrameRef frame, String name) throws IOException {
        Path copy = dir.resolve(name);
        Pool pool = catalog.pools().get(frame.location().extent().pool());
        try (PoolMappings pools = new PoolMappings(volume);
                MappedRegion region = pools.slice(pool, frame.location().extent());
                FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] chunk = new byte[1 << 20];
            for (long at = 0; at < region.length(); at += chunk.length) {
                int n = (int) Math.min(chunk.length, region.length() - at);
                region.getBytes(at, chunk, 0, n);
                out.write(ByteBuffer.wrap(chunk, 0, n));
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
            removeScratch();
        }
    }

    /** Deletes the scratch directory, and the device if this benchmark created it. */
    private void removeScratch() throws IOException {
        if (created) {
            Files.deleteIfExists(device);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
