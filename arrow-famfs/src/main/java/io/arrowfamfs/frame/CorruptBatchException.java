package io.arrowfamfs.frame;

/**
 * A batch's body does not match the CRC32C its frame's footer stores for it: the bytes changed
 * after they were published (a hostile or broken writer, a torn or stale cache line on
 * non-coherent memory). Thrown by the first use of the batch in a process
 * ({@link VerifyMode#FIRST_USE}) and by {@link Frame#verify()}; nothing of the batch was handed out.
 */
public final class CorruptBatchException extends CorruptFrameException {
    /** The frame's name. */
    private final String frame;
    /** The batch's index. */
    private final int batch;
    /** The CRC32C the footer stores. */
    private final int stored;
    /** The CRC32C of the body as read. */
    private final int computed;

    /**
     * A mismatch found by hashing a batch's body.
     *
     * @param frame the frame's name (its famfs path for catalog frames)
     * @param batch the batch's index, from 0
     * @param stored the CRC32C the footer holds
     * @param computed the CRC32C of the body as read
     */
    public CorruptBatchException(String frame, int batch, int stored, int computed) {
        super(String.format(
                "frame %s: batch %d checksum mismatch: stored=%08x computed=%08x", frame, batch, stored, computed));
        this.frame = frame;
        this.batch = batch;
        this.stored = stored;
        this.computed = computed;
    }

    /** {@return the frame's name (its famfs path for catalog frames)} */
    public String frame() {
        return frame;
    }

    /** {@return the batch's index, from 0} */
    public int batch() {
        return batch;
    }

    /** {@return the CRC32C the footer stores for the batch} */
    public int stored() {
        return stored;
    }

    /** {@return the CRC32C of the batch's body as this process read it} */
    public int computed() {
        return computed;
    }
}
