package io.arrowfamfs.hosts;

import io.arrowfamfs.ArrowFamfsException;

/**
 * Thrown by {@link Lease#check()} when this host may no longer trust what it reads: its last
 * successful heartbeat is older than half the lease on its own clock, or it has not joined the
 * host table yet. Readers refuse the next batch; writers stop. {@link HostExpelledException}, a
 * subclass, says the master expelled the host (or the host rejoined since the lease was taken).
 */
public class LeaseExpiredException extends ArrowFamfsException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed: the host, how long since its last heartbeat, the lease
     */
    public LeaseExpiredException(String message) {
        super(message);
    }
}
