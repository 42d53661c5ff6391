package io.arrowfamfs.famfs;

import io.arrowfamfs.famfs.omf.LogDescriptor;

/** How the allocator lays a new file out on the device. */
public sealed interface Placement {
    /** Contiguous when a free run is large enough, else up to 16 simple extents. famfs's default. */
    Placement PACKED = new Packed();

    /** See {@link #PACKED}. */
    record Packed() implements Placement {}

    /**
     * Interleaved (striped) across {@code strips} of the device's {@code buckets} equal buckets in
     * {@code chunkSize} chunks, as famfs's strided allocator does. A file smaller than one chunk
     * falls back to {@link #PACKED}, as in famfs.
     */
    record Striped(int buckets, int strips, long chunkSize) implements Placement {
        /** Most buckets a device can be divided into. */
        public static final int MAX_BUCKETS = 64;

        /**
         * Checks the striping.
         *
         * @throws InvalidOptionException if strips or buckets are out of range or the chunk is no power of two
         */
        public Striped {
            if (strips < 1 || strips > LogDescriptor.MAX_STRIPS || strips > buckets || buckets > MAX_BUCKETS) {
                throw new InvalidOptionException("invalid striping: buckets=" + buckets + " strips=" + strips
                        + " expected=1 <= strips <= 16, strips <= buckets <= " + MAX_BUCKETS);
            }
            if (chunkSize <= 0 || Long.bitCount(chunkSize) != 1) {
                throw new InvalidOptionException("invalid striping: chunk_size=" + chunkSize
                        + " expected=a power of two and a multiple of the allocation unit");
            }
        }
    }
}
