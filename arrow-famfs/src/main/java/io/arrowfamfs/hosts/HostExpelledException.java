package io.arrowfamfs.hosts;

/**
 * Thrown by {@link Lease#check()} when the lease's generation is over: the master expelled the
 * host, or the host rejoined with a new slot generation since. Pins of that generation no longer
 * hold reclamation back, so nothing read under them may be trusted; take a new pin.
 */
public final class HostExpelledException extends LeaseExpiredException {
    /**
     * An exception with {@code message} in the form {@code what failed: key=value ...}.
     *
     * @param message what failed: the host, the generation expelled, the current one
     */
    public HostExpelledException(String message) {
        super(message);
    }
}
