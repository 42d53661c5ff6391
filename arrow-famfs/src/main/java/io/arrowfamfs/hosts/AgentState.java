package io.arrowfamfs.hosts;

/**
 * What the host agent publishes in the local pin table for every process of its host: where
 * the host stands in the host table, and when it last heartbeat. Written only by the elected
 * agent (a successor continues from it); read by every {@link Lease}.
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
        int joinAttempt) {
    /** {@return the state of a host that has never joined} */
    static AgentState unjoined(HostIdentity identity) {
        return new AgentState(identity, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** {@return whether the host holds a slot it was not expelled from} */
    boolean joined() {
        return generation != 0 && expelledGeneration != generation;
    }

    AgentState joining(long nonce, int attempt) {
        return new AgentState(
                identity, slot, generation, expelledGeneration, beatGeneration, lastBeat, counter, nonce, attempt);
    }

    AgentState adopted(int newSlot, int newGeneration) {
        return new AgentState(
                identity, newSlot, newGeneration, expelledGeneration, beatGeneration, lastBeat, counter, 0, 0);
    }

    AgentState expelled() {
        return new AgentState(identity, slot, generation, generation, beatGeneration, lastBeat, counter, 0, 0);
    }

    AgentState beat(long at, long newCounter) {
        return new AgentState(identity, slot, generation, expelledGeneration, generation, at, newCounter, 0, 0);
    }
}
