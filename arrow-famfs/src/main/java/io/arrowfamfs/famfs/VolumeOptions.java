package io.arrowfamfs.famfs;

import io.arrowfamfs.nativeio.CachePolicy;
import java.time.Duration;

/**
 * How to open a {@link Volume}.
 *
 * @param node this node's identity: decides master or client
 * @param cachePolicy coherence of the device's memory; emulated devices default to coherent
 * @param lockTimeout how long a write waits for another writer process to release the log lock
 */
public record VolumeOptions(NodeId node, CachePolicy cachePolicy, Duration lockTimeout) {
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);

    /** Defaults for {@code node}: coherent memory, a 30 s lock timeout. */
    public static VolumeOptions of(NodeId node) {
        return new VolumeOptions(node, CachePolicy.COHERENT, DEFAULT_LOCK_TIMEOUT);
    }

    public VolumeOptions withCachePolicy(CachePolicy policy) {
        return new VolumeOptions(node, policy, lockTimeout);
    }

    public VolumeOptions withLockTimeout(Duration timeout) {
        return new VolumeOptions(node, cachePolicy, timeout);
    }
}
