package io.arrowfamfs.famfs;

import io.arrowfamfs.famfs.Volume.FileContents;
import io.arrowfamfs.famfs.omf.FileRange;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MapPiece;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeCallException;
import io.arrowfamfs.nativeio.NativeFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of famfs files on an emulated device: mapping a file's ranges as one region,
 * reserving the memory behind them, writing them and writing them back. Takes no lock: callers
 * decide (see {@link Volume}). Thread-safe.
 */
final class FileBytes {
    private static final int COPY_BUFFER = 4 << 20;

    private final NativeFile device;
    private final Path path;
    private final CachePolicy policy;
    private final boolean memoryBacked;

    FileBytes(NativeFile device, Path path, CachePolicy policy, boolean memoryBacked) {
        this.device = device;
        this.path = path;
        this.policy = policy;
        this.memoryBacked = memoryBacked;
    }

    /**
     * Maps {@code ranges} as one contiguous region of {@code size} bytes: one mapping when the file
     * is contiguous on the device, else each extent or chunk stitched into a reserved range.
     */
    MappedRegion map(List<FileRange> ranges, long size, boolean populate) {
        if (ranges.size() == 1) {
            return device.map(ranges.get(0).deviceOffset(), size, populate);
        }
        List<MapPiece> pieces = new ArrayList<>(ranges.size());
        for (FileRange range : ranges) {
            pieces.add(new MapPiece(range.fileOffset(), range.deviceOffset(), pageAligned(range.length())));
        }
        return device.mapPieces(pieces, size, populate);
    }

    /**
     * Reserves memory behind a sparse emulated device for the bytes of the file, so writing them
     * cannot fault. Only the file's bytes: the tail of its last allocation unit is never written,
     * and zero-filling it made publishing a small frame cost a whole 2 MiB of page clearing.
     */
    void reserve(List<FileRange> ranges) {
        for (FileRange range : ranges) {
            long length = pageAligned(range.length());
            try {
                device.allocate(range.deviceOffset(), length);
            } catch (NativeCallException e) {
                if (e.isNoSpace()) {
                    throw new OutOfSpaceException("storage behind the emulated device is full: device=" + path
                            + " offset=" + range.deviceOffset() + " length=" + length
                            + "; hint: free memory in the device's file system (df -h " + path.getParent() + ")");
                }
                throw e;
            }
        }
    }

    /** The parts of {@code ranges} (a file's, in file order) that hold file bytes {@code [offset, offset + length)}. */
    static List<FileRange> within(List<FileRange> ranges, long offset, long length) {
        List<FileRange> parts = new ArrayList<>();
        long end = offset + length;
        for (FileRange range : ranges) {
            long from = Math.max(offset, range.fileOffset());
            long to = Math.min(end, range.fileOffset() + range.length());
            if (from < to) {
                parts.add(new FileRange(from, range.deviceOffset() + (from - range.fileOffset()), to - from));
            }
        }
        return parts;
    }

    /** Lets {@code contents} write the file through a read-write mapping, then writes it back (msync on disk). */
    void write(List<FileRange> ranges, long size, FileContents contents) {
        try (MappedRegion region = map(ranges, size, false)) {
            contents.write(region);
            region.writeBack(0, size, policy);
            if (!memoryBacked) {
                region.sync(0, size);
            }
        }
    }

    /** Contents that copy the local file {@code local}, which must still be {@code size} bytes long. */
    static FileContents copyOf(Path local, long size) {
        return region -> {
            try (FileChannel in = FileChannel.open(local)) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(COPY_BUFFER, size));
                long offset = 0;
                while (offset < size) {
                    buffer.clear();
                    int read = in.read(buffer, offset);
                    if (read < 0) {
                        throw new SourceReadException("source shrank while copying: file=" + local + " expected=" + size
                                + " actual=" + offset);
                    }
                    region.putBytes(offset, buffer.array(), 0, (int) Math.min(read, size - offset));
                    offset += read;
                }
            } catch (IOException e) {
                throw new SourceReadException("cannot read source: file=" + local + " error=" + e, e);
            }
        };
    }

    private static long pageAligned(long length) {
        return (length + NativeFile.PAGE_SIZE - 1) & -NativeFile.PAGE_SIZE;
    }
}
