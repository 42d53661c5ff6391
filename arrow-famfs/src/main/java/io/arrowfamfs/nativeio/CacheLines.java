package io.arrowfamfs.nativeio;

/**
 * A simulated host's cache lines over a region: the seam a simulator of memory without cache
 * coherence plugs into ({@link MappedRegion#view}). A view sends its write-backs and
 * invalidations here instead of to the {@link CachePolicy} its caller passes; mapped regions have
 * none, and call the policy. Offsets are from byte 0 of the region and already bounds-checked.
 */
interface CacheLines {
    /** The simulated CLWB + SFENCE: this host's dirty lines in the range reach memory. */
    void writeBack(long offset, long count);

    /** The simulated CLFLUSHOPT: this host drops its lines in the range, writing dirty ones back first. */
    void invalidate(long offset, long count);
}
