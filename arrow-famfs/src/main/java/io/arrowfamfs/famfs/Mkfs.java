package io.arrowfamfs.famfs;

import io.arrowfamfs.ArrowFamfsException;
import io.arrowfamfs.famfs.omf.Superblock;
import io.arrowfamfs.famfs.omf.SuperblockDescriptor;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeFile;
import io.arrowfamfs.nativeio.Protection;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Creates an emulated famfs device: a sparse file of the requested size with famfs's superblock
 * and an empty log, byte for byte as {@code mkfs.famfs} writes them. Order: the zeroed log and
 * its header are written back first, then the superblock, with its magic last, so a crash leaves
 * either no famfs device or a complete one.
 */
public final class Mkfs {
    /** Smallest device we make (famfs's own mkfs wants 4 GiB; its library has no minimum). */
    public static final long MIN_SIZE = 64L << 20;
    /** famfs's {@code mkfs.famfs} minimum; smaller devices work here but not with famfs's tools. */
    public static final long FAMFS_MIN_SIZE = 4L << 30;

    private Mkfs() {}

    /** Formats {@code path}; returns the new superblock. Refuses an existing file without force. */
    public static Superblock format(Path path, MkfsOptions options) {
        Superblock superblock = Superblock.create(
                options.version(),
                options.logLength(),
                options.size(),
                options.node().uuid(),
                path.toString());
        if (Files.exists(path) && !options.force()) {
            throw new PathExistsException(
                    "device exists: path=" + path + " holds " + describe(path) + "; pass --force to overwrite it");
        }
        try (NativeFile device = NativeFile.create(path, 0644, false)) {
            DeviceGeometry.requireRegularFile(device, "mkfs makes emulated devices only");
            device.truncate(0);
            device.truncate(options.size());
            device.allocate(0, superblock.dataOffset());
            try (MappedRegion log = device.map(SuperblockDescriptor.LOG_OFFSET, options.logLength(), false)) {
                DeviceLog.format(log, options.logLength(), CachePolicy.COHERENT);
                if (!device.isOnTmpfs()) {
                    log.sync(0, options.logLength());
                }
            }
            try (MappedRegion region = device.map(0, SuperblockDescriptor.SIZE, false)) {
                byte[] bytes = superblock.encode();
                region.putBytes(8, bytes, 8, bytes.length - 8);
                region.writeBack(0, bytes.length, CachePolicy.COHERENT);
                region.putBytes(0, bytes, 0, 8);
                region.writeBack(0, bytes.length, CachePolicy.COHERENT);
                if (!device.isOnTmpfs()) {
                    region.sync(0, bytes.length);
                }
            }
        }
        return superblock;
    }

    private static String describe(Path path) {
        try (NativeFile file = NativeFile.open(path, Protection.READ_ONLY)) {
            Superblock existing = DeviceGeometry.readSuperblock(file, CachePolicy.COHERENT);
            return "a famfs device (fs uuid " + existing.fsUuid() + ", master " + existing.systemUuid() + ")";
        } catch (ArrowFamfsException e) {
            return "data that is not a valid famfs device (" + e.getMessage() + ")";
        }
    }
}
