package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.Volume.FileContents;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;

/**
 * Writes a frame's bytes into its range and writes them back: the one who writes the bytes knows
 * which went to memory already ({@link MappedRegion#putThrough}) and which are still in cache, so
 * a 1 GiB frame is not written back line by line a second time.
 */
@FunctionalInterface
interface FrameContents {
    /**
     * Writes the bytes, then writes back under {@code policy} every byte it stored in cache.
     *
     * @param region the frame's range, exactly its size; do not close or keep it
     * @param policy how the region's memory is kept coherent with other hosts
     */
    void write(MappedRegion region, CachePolicy policy);

    /** Contents that leave everything in cache, written back whole once {@code plain} returns. */
    static FrameContents writtenBack(FileContents plain) {
        return (region, policy) -> {
            plain.write(region);
            region.writeBack(0, region.length(), policy);
        };
    }
}
