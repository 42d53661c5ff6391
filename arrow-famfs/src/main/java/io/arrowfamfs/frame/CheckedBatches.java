package io.arrowfamfs.frame;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which batches of one frame were made ready for use in this process: those that passed their
 * CRC32C check, and those only invalidated (read with {@link VerifyMode#OFF}). A batch is
 * recorded only after it was done, so no thread ever skips a batch that was not; two threads may
 * both do a batch they use for the first time at once, which is harmless.
 *
 * <p><b>Lifetime.</b> The record of a frame of a volume ({@link #acquire}) is shared by every
 * attachment of its {@link FrameIdentity} in the process and lives exactly as long as one of
 * them: each attached {@link Frame} holds one reference and gives it back ({@link #release}) when
 * its mapping goes (the frame and every batch it handed out closed). So the process keeps records
 * of the frames it has attached now, never of every frame it ever used: a reclaimed frame's name
 * does not come back (see {@link FrameIdentity}), and its record goes with its last attachment.
 * A frame attached again after that is checked again. Thread-safe.
 */
final class CheckedBatches {
    /** The records of the frames attached in this process, by identity. */
    private static final Map<FrameIdentity, CheckedBatches> LIVE = new ConcurrentHashMap<>();

    /** The identity the record is shared under, or null for a record of one frame only. */
    private final FrameIdentity identity;

    private final Set<Integer> checked = ConcurrentHashMap.newKeySet();
    private final Set<Integer> invalidated = ConcurrentHashMap.newKeySet();
    /** Frames holding this record; changed only inside {@link #LIVE}'s atomic per-key updates. */
    private int holders;

    private CheckedBatches(FrameIdentity identity) {
        this.identity = identity;
    }

    /**
     * The record of the frame {@code identity} names, made if no frame of it is attached in this
     * process, with one more reference that the caller gives back with {@link #release}.
     */
    static CheckedBatches acquire(FrameIdentity identity) {
        return LIVE.compute(identity, (key, live) -> {
            CheckedBatches record = live == null ? new CheckedBatches(key) : live;
            record.holders++;
            return record;
        });
    }

    /** {@return a record of one frame only, shared with no other attachment} */
    static CheckedBatches unshared() {
        return new CheckedBatches(null);
    }

    /** {@return the number of frames this process keeps records of: those attached now} For tests. */
    static int liveFrames() {
        return LIVE.size();
    }

    /**
     * Whether batch {@code batch} is ready for a reader under {@code verify}: it passed its check,
     * or (under {@link VerifyMode#OFF}) it was invalidated.
     */
    boolean ready(int batch, VerifyMode verify) {
        return checked.contains(batch) || (verify == VerifyMode.OFF && invalidated.contains(batch));
    }

    /** Records that batch {@code batch} passed. */
    void record(int batch) {
        checked.add(batch);
    }

    /** Records that batch {@code batch} was invalidated, unchecked. */
    void recordInvalidated(int batch) {
        invalidated.add(batch);
    }

    /** Gives back a reference {@link #acquire} took; the last one drops the record from the process. */
    void release() {
        if (identity != null) {
            LIVE.computeIfPresent(identity, (key, live) -> live != this || --holders > 0 ? live : null);
        }
    }
}
