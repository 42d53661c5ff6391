package io.arrowfamfs.famfs.omf;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code famfs_interleaved_ext}: the file is cut into {@code chunkSize} chunks dealt
 * round-robin across {@code strips} in array order (famfs's interleave math): chunk {@code c}
 * lives in strip {@code c % nstrips} at {@code (c / nstrips) * chunkSize}. The number of bytes is
 * not stored; it is the file's size.
 *
 * @param chunkSize bytes of the file in one strip before the next strip
 * @param strips the strips, one device extent each
 */
public record InterleavedFileMap(long chunkSize, List<Extent> strips) implements FileMap {
    /**
     * Copies {@code strips} and checks their count and the chunk size.
     *
     * @param chunkSize bytes of the file in one strip before the next strip
     * @param strips the strips, one device extent each
     */
    public InterleavedFileMap {
        strips = List.copyOf(strips);
        if (strips.isEmpty() || strips.size() > LogDescriptor.MAX_STRIPS) {
            throw new InvalidEntryException(
                    "strip count out of range: nstrips=" + strips.size() + " expected=1.." + LogDescriptor.MAX_STRIPS);
        }
        if (chunkSize <= 0) {
            throw new InvalidEntryException("interleave chunk size invalid: chunk_size=" + chunkSize);
        }
    }

    @Override
    public List<Extent> deviceExtents() {
        return strips;
    }

    /** Requires {@code 0 < fileSize <= device size}, so no product below can overflow. */
    @Override
    public boolean covers(long fileSize) {
        long chunks = (fileSize + chunkSize - 1) / chunkSize;
        int n = strips.size();
        for (int strip = 0; strip < n && strip < chunks; strip++) {
            long chunksInStrip = (chunks - strip + n - 1) / n;
            // The last chunk of the file may be partial; checking whole chunks is famfs's rule too.
            if (chunksInStrip * chunkSize > strips.get(strip).length()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<FileRange> ranges(long fileSize) {
        List<FileRange> ranges = new ArrayList<>();
        int n = strips.size();
        for (long chunk = 0, fileOffset = 0; fileOffset < fileSize; chunk++, fileOffset += chunkSize) {
            Extent strip = strips.get((int) (chunk % n));
            long deviceOffset = strip.offset() + (chunk / n) * chunkSize;
            Ranges.append(ranges, new FileRange(fileOffset, deviceOffset, Math.min(chunkSize, fileSize - fileOffset)));
        }
        return ranges;
    }
}
