package io.arrowfamfs.famfs.omf;

import java.util.ArrayList;
import java.util.List;

/** Simple extents, concatenated in array order (at most {@link LogDescriptor#MAX_SIMPLE_EXTENTS}). */
public record SimpleFileMap(List<Extent> extents) implements FileMap {
    /**
     * Copies {@code extents} and checks their count.
     *
     * @param extents the extents, at least one
     */
    public SimpleFileMap {
        extents = List.copyOf(extents);
        if (extents.isEmpty() || extents.size() > LogDescriptor.MAX_SIMPLE_EXTENTS) {
            throw new InvalidEntryException("simple extent count out of range: nextents=" + extents.size()
                    + " expected=1.." + LogDescriptor.MAX_SIMPLE_EXTENTS);
        }
    }

    @Override
    public List<Extent> deviceExtents() {
        return extents;
    }

    @Override
    public boolean covers(long fileSize) {
        long total = 0;
        for (Extent extent : extents) {
            total += extent.length();
            if (total >= fileSize) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<FileRange> ranges(long fileSize) {
        List<FileRange> ranges = new ArrayList<>();
        long fileOffset = 0;
        for (Extent extent : extents) {
            if (fileOffset >= fileSize) {
                break;
            }
            long length = Math.min(extent.length(), fileSize - fileOffset);
            Ranges.append(ranges, new FileRange(fileOffset, extent.offset(), length));
            fileOffset += length;
        }
        return ranges;
    }
}
