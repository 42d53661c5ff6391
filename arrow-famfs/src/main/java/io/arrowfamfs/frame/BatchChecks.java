package io.arrowfamfs.frame;

import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.apache.arrow.memory.ArrowBuf;

/**
 * The two steps that make a batch ready for use the first time this process uses it: invalidate
 * the body's cache lines under the volume's {@link CachePolicy}, hash it. Which batches were done
 * is recorded per frame by {@link CheckedBatches}. Thread-safe.
 */
final class BatchChecks {
    /** Bodies hashed by this process, for tests: a second use must not add to it. */
    static final AtomicLong HASHES = new AtomicLong();

    private BatchChecks() {}

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
