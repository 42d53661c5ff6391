package io.arrowfamfs.hosts;

/**
 * This host's lease in one slot generation, as its host agent last renewed it: trusted until the
 * last successful heartbeat plus half the lease on this host's own clock ({@link System#nanoTime},
 * the same monotonic clock in every process of the host). Only clock rates matter, never clock
 * readings of two hosts.
 *
 * <p>A lease taken while the host was joining belongs to that join: it holds while the agent
 * keeps finding the join request in its line (the master holds all reclamation back while a
 * request is unanswered or its slot has not heartbeat yet), and becomes the lease of the
 * generation the join brings.
 *
 * <p>{@link #check()} is meant to run between batches: it reads the agent's published state
 * (a seqlock in host memory, no system call) and the clock. Thread-safe; immutable.
 */
public final class Lease {
    private final LocalState state;
    private final long tag;
    private final HostSettings settings;

    Lease(LocalState state, long tag, HostSettings settings) {
        this.state = state;
        this.tag = tag;
        this.settings = settings;
    }

    /** {@return the slot generation this lease belongs to; 0 when it was taken while the host joined} */
    public int generation() {
        return (tag & PinsDescriptor.PENDING) != 0 ? 0 : (int) tag;
    }

    /**
     * Throws unless the lease still holds.
     *
     * @throws HostExpelledException if the master expelled the host in this generation, or the host rejoined since
     * @throws LeaseExpiredException if the last successful heartbeat is older than half the lease,
     *     a join in progress has not found its request for as long, or the host had not asked to
     *     join when the lease was taken
     */
    public void check() {
        AgentState now = state.read();
        long at = System.nanoTime();
        String host = now.identity().host().toString();
        if (tag == 0) {
            throw new LeaseExpiredException("no lease: host=" + host + " had not asked to join the host table"
                    + " when the lease was taken; hint: is a host agent running, and the master's lease tracker?");
        }
        if ((tag & PinsDescriptor.PENDING) != 0) {
            long epoch = tag & ~PinsDescriptor.PENDING;
            if (now.joinEpoch() != epoch || (now.joinedEpoch() == epoch && !now.joined())) {
                throw expelled(host, 0, now);
            }
            if (now.joinedEpoch() == epoch && now.beating()) {
                checkGeneration(host, now.generation(), now, at); // the join brought a generation
                return;
            }
            long since = at - now.joinChecked(); // joining, or adopted and not heartbeat yet
            if (since > settings.trustNanos()) {
                throw new LeaseExpiredException("lease expired: host=" + host + " joining since_check="
                        + millis(since) + " lease=" + millis(settings.lease().toNanos())
                        + "; the host agent has not seen its join request lately");
            }
            return;
        }
        checkGeneration(host, (int) tag, now, at);
    }

    private void checkGeneration(String host, int generation, AgentState now, long at) {
        if (now.generation() != generation || now.expelledGeneration() == generation) {
            throw expelled(host, generation, now);
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

    private HostExpelledException expelled(String host, int generation, AgentState now) {
        return new HostExpelledException("host expelled: host=" + host + " generation=" + generation
                + " current_generation=" + now.generation() + " lease="
                + millis(settings.lease().toNanos())
                + "; pins of this generation no longer hold reclamation back");
    }

    private static String millis(long nanos) {
        return nanos / 1_000_000 + "ms";
    }

    @Override
    public String toString() {
        return (tag & PinsDescriptor.PENDING) != 0
                ? "Lease[joining, epoch=" + (tag & ~PinsDescriptor.PENDING) + "]"
                : "Lease[generation=" + tag + "]";
    }
}
