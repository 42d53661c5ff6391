package io.arrowfamfs.hosts;

/**
 * This host's lease in one slot generation, as its host agent last renewed it: trusted until the
 * last successful heartbeat plus half the lease on this host's own clock ({@link System#nanoTime},
 * the same monotonic clock in every process of the host). Only clock rates matter, never clock
 * readings of two hosts.
 *
 * <p>{@link #check()} is meant to run between batches: it reads the agent's published state
 * (a seqlock in host memory, no system call) and the clock. Thread-safe; immutable.
 */
public final class Lease {
    private final LocalState state;
    private final int generation;
    private final HostSettings settings;

    Lease(LocalState state, int generation, HostSettings settings) {
        this.state = state;
        this.generation = generation;
        this.settings = settings;
    }

    /** {@return the slot generation this lease belongs to; 0 when the host had not joined when it was taken} */
    public int generation() {
        return generation;
    }

    /**
     * Throws unless the lease still holds.
     *
     * @throws HostExpelledException if the master expelled the host in this generation, or the host rejoined since
     * @throws LeaseExpiredException if the last successful heartbeat is older than half the lease, or the
     *     host had not joined when the lease was taken
     */
    public void check() {
        AgentState now = state.read();
        long at = System.nanoTime();
        String host = now.identity().host().toString();
        if (generation == 0) {
            throw new LeaseExpiredException("no lease: host=" + host + " has not joined the host table"
                    + "; hint: is a host agent running, and the master's lease tracker?");
        }
        if (now.generation() != generation || now.expelledGeneration() == generation) {
            throw new HostExpelledException("host expelled: host=" + host + " generation=" + generation
                    + " current_generation=" + now.generation() + " lease="
                    + millis(settings.lease().toNanos())
                    + "; pins of this generation no longer hold reclamation back");
        }
        if (now.beatGeneration() != generation) {
            throw new LeaseExpiredException("lease expired: host=" + host + " generation=" + generation
                    + " since_heartbeat=none lease=" + millis(settings.lease().toNanos()));
        }
        long since = at - now.lastBeat();
        if (since > settings.trustNanos()) {
            throw new LeaseExpiredException("lease expired: host=" + host + " since_heartbeat=" + millis(since)
                    + " lease=" + millis(settings.lease().toNanos()) + " trusted=" + millis(settings.trustNanos()));
        }
    }

    private static String millis(long nanos) {
        return nanos / 1_000_000 + "ms";
    }

    @Override
    public String toString() {
        return "Lease[generation=" + generation + "]";
    }
}
