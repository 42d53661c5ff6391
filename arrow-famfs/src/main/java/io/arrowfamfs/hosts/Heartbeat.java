package io.arrowfamfs.hosts;

import java.lang.invoke.VarHandle;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * One step of the host agent: join the host table when the host has no slot, else heartbeat.
 * Runs only in the elected agent, so it alone writes the host's join line, host line and the
 * agent lines of the local pin table.
 *
 * <p><b>Join.</b> Write a request (UUID, boot id, a new nonce) into the join line its UUID hashes
 * to; each later step scans the master lines for an assignment carrying that nonce. When found,
 * adopt slot and generation, clear the join line if it still holds the request, and heartbeat
 * at once. When the join line holds another host's request (two joining hosts hashed to one
 * line), move to the next line of the probe sequence and write the request there.
 *
 * <p>Every join step that finds the request still in its line renews it (its counter one higher)
 * and records the time it looked: pins taken while the host joins hold on that ({@link Lease}),
 * since the master holds all reclamation back while a renewed request is unanswered or its slot
 * has not heartbeat yet.
 *
 * <p><b>Heartbeat.</b> Take the time t; read the slot's master line (invalidated): if it no
 * longer assigns the slot to this host, boot and generation, the host is expelled: publish that
 * locally (every lease of the generation fails from then on) and join again next step. Else read
 * the catalog count (seen), fence, scan the pins of the generation (and those taken while joining it); write the host line (counter
 * + 1, seen, bound = min(seen, lowest pin)), write it back and fence; publish t as the last
 * successful heartbeat.
 */
final class Heartbeat {
    private final HostsFile hosts;
    private final Pins pins;
    private final HostIdentity identity;
    private final LongSupplier catalogCount;

    Heartbeat(HostsFile hosts, Pins pins, HostIdentity identity, LongSupplier catalogCount) {
        this.hosts = hosts;
        this.pins = pins;
        this.identity = identity;
        this.catalogCount = catalogCount;
    }

    /** One step: joins or heartbeats. */
    void step() {
        LocalState local = pins.state();
        AgentState state = local.readAsWriter();
        if (!state.identity().equals(identity)) {
            state = AgentState.unjoined(identity); // a table never written, or left by another node id
        }
        if (!state.joined()) {
            state = join(state);
            local.write(state);
            if (!state.joined()) {
                return;
            }
        }
        local.write(beat(state));
    }

    private AgentState join(AgentState state) {
        long at = System.nanoTime();
        if (state.joinNonce() == 0) {
            return request(state, 0, at);
        }
        for (int slot = 0; slot < hosts.slots(); slot++) {
            Optional<MasterLine> master = hosts.masterLine(slot);
            if (master.isPresent()
                    && master.get().nonce() == state.joinNonce()
                    && master.get()
                            .assigns(
                                    identity.host(),
                                    identity.bootId(),
                                    master.get().generation())) {
                clearRequest(state);
                return state.adopted(slot, master.get().generation());
            }
        }
        int line = JoinRequest.line(identity.host(), state.joinAttempt());
        Optional<JoinRequest> there = hosts.joinRequest(line);
        if (there.isEmpty() || there.get().nonce() != state.joinNonce()) {
            return request(state, state.joinAttempt() + 1, at); // another host wrote over it: probe on
        }
        hosts.writeJoinRequest(line, there.get().renewed()); // still asking: readers here may pin
        return state.requestSeen(at);
    }

    private AgentState request(AgentState state, int attempt, long at) {
        long nonce = ThreadLocalRandom.current().nextLong();
        while (nonce == 0) {
            nonce = ThreadLocalRandom.current().nextLong();
        }
        hosts.writeJoinRequest(
                JoinRequest.line(identity.host(), attempt),
                new JoinRequest(identity.host(), identity.bootId(), nonce, 0));
        return state.joining(nonce, attempt, at);
    }

    private void clearRequest(AgentState state) {
        int line = JoinRequest.line(identity.host(), state.joinAttempt());
        Optional<JoinRequest> there = hosts.joinRequest(line);
        if (there.isPresent() && there.get().nonce() == state.joinNonce()) {
            hosts.clearJoinLine(line);
        }
    }

    private AgentState beat(AgentState state) {
        long at = System.nanoTime();
        Optional<MasterLine> master = hosts.masterLine(state.slot());
        if (master.isEmpty()) {
            return state; // torn or not yet written back: not there yet, the lease is not renewed
        }
        if (!master.get().assigns(identity.host(), identity.bootId(), state.generation())) {
            return state.expelled();
        }
        long seen = catalogCount.getAsLong();
        VarHandle.fullFence(); // the count is read before any pin
        OptionalLong lowest = pins.lowestPinned(state.generation(), PinsDescriptor.PENDING | state.joinedEpoch());
        long bound = Math.min(seen, lowest.orElse(seen));
        long counter = state.counter() + 1;
        hosts.writeHostLine(
                state.slot(),
                new HostLine(identity.host(), identity.bootId(), counter, seen, bound, state.generation()));
        long wants = pins.wants();
        if (wants != 0) {
            hosts.writeWants(state.slot(), identity, state.generation(), (int) wants);
        }
        return state.beat(at, counter);
    }
}
