package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.Volume.FileContents;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;

/**
 * Writes a frame's bytes into its range and writes them back: the one who writes the bytes knows
 * which went to memory already ({@link MappedRegion#putThrough}) and which are still in cache, so
 * a 1 GiB frame is not written back line by line a second time. The range is what was reserved
 * for the frame, at least its size; the frame may come out shorter (its footer's statistics are
 * known only once written).
 */
@FunctionalInterface
interface FrameContents {
    /**
     * Writes the bytes from byte 0, then writes back under {@code policy} every byte it stored in cache.
     *
     * @param region the range reserved for the frame; do not close or keep it
     * @param policy how the region's memory is kept coherent with other hosts
     * @return the frame's length, at most the region's
     */
    long write(MappedRegion region, CachePolicy policy);

    /** Contents that fill the whole range and leave it in cache, written back whole once {@code plain} returns. */
    static FrameContents writtenBack(FileContents plain) {
        return (region, policy) -> {
            plain.write(region);
            region.writeBack(0, region.length(), policy);
            return region.length();
        };
    }

    /** The frame {@code frame} builds, in the range reserved for {@link FrameBuilder#sizeBound()}. */
    static FrameContents of(FrameBuilder frame) {
        return (region, policy) -> frame.writeTo(region, policy).length();
    }
}
