package io.arrowfamfs.nativeio;

/**
 * The native half of an Arrow C stream whose arrays are borrowed from Java
 * ({@code src/main/c/stream.c}): the consumer's {@code get_next} is a struct copy in native code,
 * with no call back into the JVM. The caller lays the {@code struct ArrowArray}s out itself and
 * keeps them, the schema and every buffer alive until the stream is released and the consumer
 * holds nothing from it.
 *
 * <p><b>Counting.</b> Every stream made with {@link #initialize} stays counted as live in
 * {@link NativeResourcesMXBean#getLiveStreams()} until its owner calls {@link #close(long)}, and
 * every slot announced with {@link #slotAllocated()} until {@link #closeSlot(long)}: the test
 * kit's leak check reads both after every test.
 */
public final class BorrowedStreams {
    private BorrowedStreams() {}

    /** {@return the release callback for every borrowed {@code struct ArrowArray}} It only marks it released. */
    public static long releaseCallback() {
        return Helper.lib().aff_borrowed_release();
    }

    /**
     * Makes the {@code struct ArrowArrayStream} at {@code stream} hand out, in order, the
     * {@code count} contiguous {@code struct ArrowArray}s at {@code batches}, with deep copies of the
     * {@code struct ArrowSchema} at {@code schema}. The stream counts as live until {@link #close(long)}.
     *
     * @param stream address of the {@code struct ArrowArrayStream} to fill
     * @param schema address of the {@code struct ArrowSchema} the stream hands out copies of
     * @param batches address of the first of the {@code struct ArrowArray}s
     * @param count how many {@code struct ArrowArray}s
     */
    public static void initialize(long stream, long schema, long batches, long count) {
        int error = Helper.lib().aff_stream_init(stream, schema, batches, count);
        if (error != 0) {
            throw Native.failure("aff_stream_init", "arrow stream", error, "batches=" + count);
        }
        NativeResources.INSTANCE.streamOpened();
    }

    /**
     * Calls the release callback of the {@code struct ArrowArrayStream} at {@code stream}, unless it
     * is already released (its callback null: consumed, moved elsewhere, or never initialized).
     *
     * @param stream address of the {@code struct ArrowArrayStream}
     */
    public static void release(long stream) {
        Helper.lib().aff_stream_release(stream);
    }

    /**
     * Releases the stream made by {@link #initialize} at {@code stream}, and stops counting it: call once.
     *
     * @param stream address of the {@code struct ArrowArrayStream} that {@link #initialize} filled
     */
    public static void close(long stream) {
        NativeResources.INSTANCE.streamClosed();
        release(stream);
    }

    /** Counts a newly allocated stream slot (a struct that streams are moved into) as live. */
    public static void slotAllocated() {
        NativeResources.INSTANCE.slotOpened();
    }

    /**
     * Releases what the slot at {@code slot} holds and stops counting it: call once, before freeing it.
     *
     * @param slot address of the slot's {@code struct ArrowArrayStream}; an empty (released) slot is fine
     */
    public static void closeSlot(long slot) {
        NativeResources.INSTANCE.slotClosed();
        release(slot);
    }
}
