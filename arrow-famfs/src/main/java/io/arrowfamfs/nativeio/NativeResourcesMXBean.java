package io.arrowfamfs.nativeio;

/**
 * Native resources this JVM holds through arrow-famfs, published as the platform MBean
 * {@value NativeResources#OBJECT_NAME}: for operators (JConsole, any JMX client) and for the
 * test kit's leak check, which reads it without a compile-time dependency on this library.
 */
public interface NativeResourcesMXBean {
    /** {@return the regions mapped and not yet unmapped} */
    long getLiveMappings();

    /** {@return the bytes of address space the live regions hold} */
    long getLiveMappedBytes();

    /**
     * Slices of mappings ({@code MappedRegion.slice}) not yet released: one per frame attached
     * from a pool, each holding its pool's mapping.
     *
     * @return the number of live slices
     */
    long getLiveSlices();

    /**
     * Bytes whose cache lines this JVM invalidated on memory without cache coherence
     * ({@link CachePolicy#NON_COHERENT}: CLFLUSHOPT or CLFLUSH), since it started: what reading
     * published data cost in flushes. Readers invalidate only what they read, so it grows with
     * the bytes read, never with the bytes mapped.
     *
     * @return the bytes invalidated so far
     */
    long getInvalidatedBytes();

    /**
     * Arrow C streams over borrowed batches ({@code io.arrowfamfs.cdata.BorrowedArrayStream})
     * created and not yet closed: each holds native stream state and the block of arrays.
     *
     * @return the number of live streams
     */
    long getLiveStreams();

    /**
     * Stream slots ({@code io.arrowfamfs.cdata.StreamSlot}) allocated and not yet closed: each
     * may hold a stream moved in that no consumer took.
     *
     * @return the number of live stream slots
     */
    long getLiveStreamSlots();
}
