package io.arrowfamfs.hosts;

/**
 * What the host agent publishes in the local pin table for every process of its host: where
 * the host stands in the host table, and when it last heartbeat. Written only by the elected
 * agent (a successor continues from it); read by every {@link Lease}.
 *
 * <p>A <em>join epoch</em> numbers the host's joins: it grows when the agent starts a join (the
 * first, or after an expulsion) and stays while the request moves between join lines. Readers
 * may pin while the host joins: such a pin is tagged with the epoch, and counts in the
 * generation that join brings ({@code joinedEpoch}).
 *
 * @param identity the host (and boot) the state belongs to
 * @param slot the host table slot assigned to the host, meaningful when {@code generation} is not 0
 * @param generation the slot generation the host heartbeats under; 0 before its first join
 * @param expelledGeneration the last generation the host found expelled (equal to {@code generation} until it rejoins)
 * @param beatGeneration the generation of the last successful heartbeat
 * @param lastBeat {@link System#nanoTime} taken before the last successful heartbeat
 * @param counter the heartbeat counter last written
 * @param joinNonce the nonce of the join request in flight, 0 when none
 * @param joinAttempt how many join lines the request moved past because another host took them
 * @param joinEpoch the epoch of the join in flight, or of the join that brought {@code generation}
 * @param joinedEpoch the epoch of the join that brought {@code generation}, 0 before the first
 * @param joinChecked {@link System#nanoTime} taken before the agent last found the request in its line
 */
record AgentState(
        HostIdentity identity,
        int slot,
        int generation,
        int expelledGeneration,
        int beatGeneration,
        long lastBeat,
        long counter,
        long joinNonce,
        int joinAttempt,
        long joinEpoch,
        long joinedEpoch,
        long joinChecked) {
    /** {@return the state of a host that has never joined} */
    static AgentState unjoined(HostIdentity identity) {
        return new AgentState(identity, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** {@return whether the host holds a slot it was not expelled from} */
    boolean joined() {
        return generation != 0 && expelledGeneration != generation;
    }

    /** {@return whether a join request of the current epoch is in flight, written back} */
    boolean joining() {
        return !joined() && joinNonce != 0;
    }

    /** {@return whether the host heartbeat in its current generation, which it was not expelled from} */
    boolean beating() {
        return joined() && beatGeneration == generation;
    }

    /**
     * {@return the tag pins taken now carry: the generation once the host heartbeat in it; the
     * join epoch while it joins, or adopted a slot and has not heartbeat yet; else 0}
     */
    long pinTag() {
        if (beating()) {
            return generation;
        }
        return joining() || (joined() && joinedEpoch == joinEpoch) ? PinsDescriptor.PENDING | joinEpoch : 0;
    }

    /** A request written at {@code attempt} at time {@code at}; a first attempt starts a new epoch. */
    AgentState joining(long nonce, int attempt, long at) {
        long epoch = attempt == 0 ? joinEpoch + 1 : joinEpoch;
        return new AgentState(
                identity,
                slot,
                generation,
                expelledGeneration,
                beatGeneration,
                lastBeat,
                counter,
                nonce,
                attempt,
                epoch,
                joinedEpoch,
                at);
    }

    /** The request found in its line at time {@code at}. */
    AgentState requestSeen(long at) {
        return new AgentState(
                identity,
                slot,
                generation,
                expelledGeneration,
                beatGeneration,
                lastBeat,
                counter,
                joinNonce,
                joinAttempt,
                joinEpoch,
                joinedEpoch,
                at);
    }

    AgentState adopted(int newSlot, int newGeneration) {
        return new AgentState(
                identity,
                newSlot,
                newGeneration,
                expelledGeneration,
                beatGeneration,
                lastBeat,
                counter,
                0,
                0,
                joinEpoch,
                joinEpoch,
                joinChecked);
    }

    AgentState expelled() {
        return new AgentState(
                identity,
                slot,
                generation,
                generation,
                beatGeneration,
                lastBeat,
                counter,
                0,
                0,
                joinEpoch,
                joinedEpoch,
                joinChecked);
    }

    AgentState beat(long at, long newCounter) {
        return new AgentState(
                identity,
                slot,
                generation,
                expelledGeneration,
                generation,
                at,
                newCounter,
                0,
                0,
                joinEpoch,
                joinedEpoch,
                joinChecked);
    }
}
