package io.arrowfamfs.frame;

/**
 * Asked before every use of a batch of a frame: whether the frame's bytes may still be read.
 * Frames of a volume are guarded by their reader's lease: once it runs out, the space may be
 * reused, and {@link #check()} throws instead of letting the reader see someone else's bytes.
 * Must be cheap (it runs per batch) and thread-safe.
 */
@FunctionalInterface
public interface FrameGuard {
    /** A guard that always lets the frame be read: for frames no one can reclaim (a private file, a test). */
    FrameGuard NONE = () -> {};

    /**
     * Throws unless the frame may still be read.
     *
     * @throws RuntimeException a typed error saying why not, for the reader to see
     */
    void check();
}
