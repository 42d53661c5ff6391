package io.arrowfamfs.famfs.omf;

import java.util.List;

/** Builds file-range lists with neighbours that are contiguous on the device merged. */
final class Ranges {
    private Ranges() {}

    static void append(List<FileRange> ranges, FileRange next) {
        if (!ranges.isEmpty()) {
            FileRange last = ranges.get(ranges.size() - 1);
            if (last.fileOffset() + last.length() == next.fileOffset()
                    && last.deviceOffset() + last.length() == next.deviceOffset()) {
                ranges.set(
                        ranges.size() - 1,
                        new FileRange(last.fileOffset(), last.deviceOffset(), last.length() + next.length()));
                return;
            }
        }
        ranges.add(next);
    }
}
