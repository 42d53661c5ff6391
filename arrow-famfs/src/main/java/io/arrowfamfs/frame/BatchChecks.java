package io.arrowfamfs.frame;

import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.apache.arrow.memory.ArrowBuf;

/**
 * The process-wide record of batches made ready for use, keyed by {@link FrameIdentity} and batch
 * index: those that passed their CRC32C check, and those only invalidated (read with
 * {@link VerifyMode#OFF}); and the two steps themselves: invalidate the body's cache lines under
 * the volume's {@link CachePolicy}, hash it. A batch is recorded only after it was done, so no
 * thread ever skips a batch that was not; two threads may both do a batch they use for the first
 * time at once, which is harmless. Entries are never removed: one per batch of every frame this
 * process has used (famfs bounds the frames of a device by its log), and a published frame never
 * changes (see {@link FrameIdentity}). Thread-safe.
 */
final class BatchChecks {
    private static final Set<Checked> CHECKED = ConcurrentHashMap.newKeySet();
    private static final Set<Checked> INVALIDATED = ConcurrentHashMap.newKeySet();
    /** Bodies hashed by this process, for tests: a second use must not add to it. */
    static final AtomicLong HASHES = new AtomicLong();

    private record Checked(FrameIdentity frame, int batch) {}

    private BatchChecks() {}

    /**
     * Whether batch {@code batch} of {@code frame} is ready for a reader under {@code verify}:
     * it passed its check, or (under {@link VerifyMode#OFF}) it was invalidated.
     */
    static boolean ready(FrameIdentity frame, int batch, VerifyMode verify) {
        Checked key = new Checked(frame, batch);
        return CHECKED.contains(key) || (verify == VerifyMode.OFF && INVALIDATED.contains(key));
    }

    /** Records that batch {@code batch} of {@code frame} passed. */
    static void record(FrameIdentity frame, int batch) {
        CHECKED.add(new Checked(frame, batch));
    }

    /** Records that batch {@code batch} of {@code frame} was invalidated, unchecked. */
    static void recordInvalidated(FrameIdentity frame, int batch) {
        INVALIDATED.add(new Checked(frame, batch));
    }

    /**
     * Drops this host's cached lines of the body at {@code [start, start + length)} of the frame
     * under {@code policy} (a fence on coherent memory). The caller holds a reference that keeps
     * the region mapped meanwhile.
     */
    static void invalidate(MappedRegion region, CachePolicy policy, long start, long length) {
        region.invalidate(start, length, policy);
        observer.invalidated(policy, start, length);
    }

    /**
     * The CRC32C of the body at {@code [start, start + length)} of {@code mapping}, read in place.
     * The caller holds a reference on {@code mapping}.
     */
    static int hash(ArrowBuf mapping, long start, long length) {
        CRC32C crc = new CRC32C();
        for (long done = 0; done < length; ) {
            int chunk = (int) Math.min(length - done, 1 << 30);
            crc.update(mapping.nioBuffer(start + done, chunk));
            done += chunk;
        }
        HASHES.incrementAndGet();
        observer.hashed(start, length);
        return (int) crc.getValue();
    }

    /** What a test watches: each invalidation and each hash, in the order they happen. */
    interface Observer {
        Observer NONE = new Observer() {};

        default void invalidated(CachePolicy policy, long start, long length) {}

        default void hashed(long start, long length) {}
    }

    /** The observer of this process's checks; tests set it and put {@link Observer#NONE} back. */
    static volatile Observer observer = Observer.NONE;
}
