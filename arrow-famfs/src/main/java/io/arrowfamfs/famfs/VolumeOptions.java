package io.arrowfamfs.famfs;

import io.arrowfamfs.nativeio.CachePolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How to open a {@link Volume}.
 *
 * @param node this node's identity: decides master or client
 * @param cachePolicy coherence of the device's memory; emulated devices default to coherent
 * @param lockTimeout how long a write waits for another writer process to release the log lock
 */
public record VolumeOptions(NodeId node, CachePolicy cachePolicy, Duration lockTimeout) {
    /** How long a write waits for the log lock unless told otherwise. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Checks the options before the device is opened.
     *
     * @param node this node's identity; not null
     * @param cachePolicy coherence of the device's memory; not null
     * @param lockTimeout how long a write waits for the log lock; zero tries once, never negative
     * @throws InvalidOptionException if the lock timeout is negative
     */
    public VolumeOptions {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(cachePolicy, "cachePolicy");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        if (lockTimeout.isNegative()) {
            throw new InvalidOptionException("invalid lock timeout: lock_timeout=" + lockTimeout + " expected=>= 0");
        }
    }

    /**
     * Defaults for {@code node}: coherent memory, a 30 s lock timeout.
     *
     * @param node this node's identity: decides master or client
     * @return the options with the defaults
     */
    public static VolumeOptions of(NodeId node) {
        return new VolumeOptions(node, CachePolicy.COHERENT, DEFAULT_LOCK_TIMEOUT);
    }

    /**
     * The same options with the memory's coherence {@code policy}.
     *
     * @param policy coherence of the device's memory, e.g. non-coherent for memory that needs cache flushes
     * @return a copy with only the cache policy changed
     */
    public VolumeOptions withCachePolicy(CachePolicy policy) {
        return new VolumeOptions(node, policy, lockTimeout);
    }

    /**
     * The same options waiting at most {@code timeout} for the log lock.
     *
     * @param timeout the longest a write waits for another writer to release the log lock; not negative
     * @return a copy with only the lock timeout changed
     * @throws InvalidOptionException if {@code timeout} is negative
     */
    public VolumeOptions withLockTimeout(Duration timeout) {
        return new VolumeOptions(node, cachePolicy, timeout);
    }
}
