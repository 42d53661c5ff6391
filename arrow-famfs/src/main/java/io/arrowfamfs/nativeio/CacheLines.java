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

    /** The same lines seen from a slice that starts {@code by} bytes into the region. */
    default CacheLines shifted(long by) {
        CacheLines whole = this;
        return new CacheLines() {
            @Override
            public void writeBack(long offset, long count) {
                whole.writeBack(by + offset, count);
            }

            @Override
            public void invalidate(long offset, long count) {
                whole.invalidate(by + offset, count);
            }
        };
    }
}
