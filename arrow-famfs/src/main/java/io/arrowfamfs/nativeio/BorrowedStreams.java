package io.arrowfamfs.nativeio;

import io.arrowfamfs.ArrowFamfsException;

/**
 * The native half of an Arrow C stream whose arrays are borrowed from Java
 * ({@code src/main/c/stream.c}): the consumer's {@code get_next} is a struct copy in native code,
 * with no call back into the JVM. The caller lays the {@code struct ArrowArray}s out itself and
 * keeps them, the schema and every buffer alive until the stream is released and the consumer
 * holds nothing from it.
 */
public final class BorrowedStreams {
    private BorrowedStreams() {}

    /** {@return the release callback for every borrowed {@code struct ArrowArray}} It only marks it released. */
    public static long releaseCallback() {
        return Helper.LIB.aff_borrowed_release();
    }

    /**
     * Makes the {@code struct ArrowArrayStream} at {@code stream} hand out, in order, the
     * {@code count} contiguous {@code struct ArrowArray}s at {@code batches}, with deep copies of the
     * {@code struct ArrowSchema} at {@code schema}.
     *
     * @param stream address of the {@code struct ArrowArrayStream} to fill
     * @param schema address of the {@code struct ArrowSchema} the stream hands out copies of
     * @param batches address of the first of the {@code struct ArrowArray}s
     * @param count how many {@code struct ArrowArray}s
     */
    public static void initialize(long stream, long schema, long batches, long count) {
        int error = Helper.LIB.aff_stream_init(stream, schema, batches, count);
        if (error != 0) {
            throw new ArrowFamfsException("aff_stream_init failed: errno=" + error + " batches=" + count);
        }
    }

    /**
     * Calls the release callback of the {@code struct ArrowArrayStream} at {@code stream}, unless it
     * is already released (its callback null: consumed, moved elsewhere, or never initialized).
     *
     * @param stream address of the {@code struct ArrowArrayStream}
     */
    public static void release(long stream) {
        Helper.LIB.aff_stream_release(stream);
    }
}
