package io.arrowfamfs.hosts;

import io.arrowfamfs.hosts.MasterLine.SlotState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The master's view of every slot, on its own monotonic clock (given, so tests move it): joins
 * served, heartbeats noticed, expulsions and frees written to the master lines. Only the elected
 * tracker of the master host holds one, so only it writes master lines. Not thread-safe: {@link
 * LeaseTracker} serialises it.
 *
 * <p>Loading (a tracker starting, or taking over from a dead one) trusts nothing it did not
 * observe: every assigned slot is silent from now, every expelled slot's grace starts now, and a
 * slot with no valid master line but a valid host line (a master killed while writing the
 * master line) is expelled now with that line's bound.
 */
final class TrackerState {
    private final HostsFile hosts;
    private final LongSupplier clock;
    private final long lease;
    private final long grace;
    private final long pause;
    private final Watch[] watches;
    /** Nonces this tracker answered, while their requests are still in a join line. */
    private final Set<Long> answered = new HashSet<>();

    private long lastPoll;
    /**
     * Join requests that wait for a free slot, by nonce: their hosts may be reading already, so
     * each holds reclamation back while its renewal counter moves (for a lease after it stops).
     */
    private final Map<Long, Waiting> waiting = new HashMap<>();

    TrackerState(HostsFile hosts, HostSettings settings, LongSupplier clock) {
        this.hosts = hosts;
        this.clock = clock;
        this.lease = settings.lease().toNanos();
        this.grace = settings.grace().toNanos();
        this.pause = 2 * settings.period().toNanos();
        this.watches = new Watch[hosts.slots()];
        this.lastPoll = clock.getAsLong();
        for (int slot = 0; slot < watches.length; slot++) {
            watches[slot] = load(slot, lastPoll);
        }
    }

    private Watch load(int slot, long now) {
        Optional<MasterLine> master = hosts.masterLine(slot);
        Optional<HostLine> host = hosts.hostLine(slot);
        Watch watch;
        if (master.isPresent()) {
            watch = new Watch(master.get(), now);
        } else if (host.isPresent()) {
            HostLine h = host.get();
            watch = new Watch(new MasterLine(h.host(), h.bootId(), h.generation(), SlotState.EXPELLED, 0, 0), now);
            hosts.writeMasterLine(slot, watch.line);
        } else {
            return new Watch(new MasterLine(MasterLine.NIL, MasterLine.NIL, 0, SlotState.FREE, 0, 0), now);
        }
        host.filter(watch::writtenBy).ifPresent(h -> watch.heard(h, now));
        return watch;
    }

    /** One poll: serve joins, notice heartbeats, expel the silent, free slots whose grace is over. */
    void poll() {
        long now = clock.getAsLong();
        if (now - lastPoll > pause) {
            for (Watch watch : watches) {
                if (watch.line.state() == SlotState.ASSIGNED) {
                    watch.since = now; // silence measured across our own pause proves nothing
                }
            }
        }
        lastPoll = now;
        serveJoins(now);
        for (int slot = 0; slot < watches.length; slot++) {
            Watch watch = watches[slot];
            if (watch.line.state() == SlotState.ASSIGNED) {
                hosts.hostLine(slot).filter(watch::writtenBy).ifPresent(h -> watch.heard(h, now));
                if (now - watch.since >= lease) {
                    write(slot, watch.line.with(SlotState.EXPELLED), now);
                }
            } else if (watch.line.state() == SlotState.EXPELLED && now - watch.since >= grace) {
                write(slot, watch.line.with(SlotState.FREE), now);
            }
        }
    }

    private void serveJoins(long now) {
        Set<Long> requested = new HashSet<>();
        for (int j = 0; j < HostsDescriptor.JOIN_LINES; j++) {
            Optional<JoinRequest> found = hosts.joinRequest(j);
            if (found.isEmpty()) {
                continue;
            }
            JoinRequest request = found.get();
            requested.add(request.nonce());
            if (!answered.contains(request.nonce()) && !answeredInFile(request.nonce())) {
                if (serve(request, now)) {
                    answered.add(request.nonce());
                    waiting.remove(request.nonce());
                } else {
                    waiting.computeIfAbsent(request.nonce(), n -> new Waiting(request.counter(), now))
                            .heard(request.counter(), now);
                }
            }
        }
        answered.retainAll(requested);
        waiting.keySet().retainAll(requested);
    }

    private boolean answeredInFile(long nonce) {
        for (Watch watch : watches) {
            if (watch.line.nonce() == nonce) {
                return true;
            }
        }
        return false;
    }

    /** Ends the requester's earlier slots, then assigns it a free slot; false when none is free. */
    private boolean serve(JoinRequest request, long now) {
        for (int slot = 0; slot < watches.length; slot++) {
            MasterLine line = watches[slot].line;
            if (line.state() != SlotState.FREE && line.owner().equals(request.host())) {
                if (!line.ownerBoot().equals(request.bootId())) {
                    write(slot, line.with(SlotState.FREE), now); // rebooted: no reader of that boot is left
                } else if (line.state() == SlotState.ASSIGNED) {
                    write(slot, line.with(SlotState.EXPELLED), now); // it gave that generation up
                }
            }
        }
        for (int slot = 0; slot < watches.length; slot++) {
            MasterLine line = watches[slot].line;
            if (line.state() == SlotState.FREE) {
                write(
                        slot,
                        new MasterLine(
                                request.host(),
                                request.bootId(),
                                line.generation() + 1,
                                SlotState.ASSIGNED,
                                line.seq() + 1,
                                request.nonce()),
                        now);
                return true;
            }
        }
        return false;
    }

    /** Writes a slot's master line; an expulsion keeps the bound last heard, which holds until the grace ends. */
    private void write(int slot, MasterLine line, long now) {
        hosts.writeMasterLine(slot, line);
        Watch before = watches[slot];
        Watch after = new Watch(line, now);
        if (line.state() == SlotState.EXPELLED && line.generation() == before.line.generation()) {
            after.counter = before.counter;
            after.bound = before.bound;
        }
        watches[slot] = after;
    }

    /**
     * {@return whether {@code host} is gone: it holds no slot, not even an expelled one in its
     * grace (so it has been silent for L + G at least), and no join request of it is in a join
     * line (a host that asked to join may already be working on a joining lease)}
     */
    boolean isGone(UUID host) {
        for (Watch watch : watches) {
            if (watch.line.state() != SlotState.FREE && watch.line.owner().equals(host)) {
                return false;
            }
        }
        for (int j = 0; j < HostsDescriptor.JOIN_LINES; j++) {
            if (hosts.joinRequest(j).filter(r -> r.host().equals(host)).isPresent()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The lowest bound over assigned slots and expelled ones still in their grace; 0 while a join
     * request waits for a slot and its host still renews it (its readers may pin meanwhile);
     * {@link Long#MAX_VALUE} if none counts.
     */
    long reclaimBound() {
        long now = clock.getAsLong();
        for (Waiting w : waiting.values()) {
            if (now - w.since < lease) {
                return 0;
            }
        }
        long lowest = Long.MAX_VALUE;
        for (Watch watch : watches) {
            if (watch.line.state() != SlotState.FREE) {
                lowest = Math.min(lowest, watch.bound);
            }
        }
        return lowest;
    }

    List<HostStatus> hosts() {
        long now = clock.getAsLong();
        List<HostStatus> list = new ArrayList<>();
        for (int slot = 0; slot < watches.length; slot++) {
            Watch w = watches[slot];
            if (w.line.state() != SlotState.FREE) {
                list.add(new HostStatus(
                        slot,
                        w.line.owner(),
                        w.line.ownerBoot(),
                        w.line.generation(),
                        w.line.state() == SlotState.EXPELLED,
                        w.counter,
                        w.bound,
                        now - w.since));
            }
        }
        return list;
    }

    /** A join request waiting for a slot: its renewal counter, and when it last moved on the master's clock. */
    private static final class Waiting {
        long counter;
        long since;

        Waiting(long counter, long since) {
            this.counter = counter;
            this.since = since;
        }

        void heard(long newCounter, long now) {
            if (newCounter > counter) {
                counter = newCounter;
                since = now;
            }
        }
    }

    /** One slot: its master line as last written, and what its host line showed. */
    private static final class Watch {
        final MasterLine line;
        long counter;
        /** The host's bound; 0 (holding everything back) until a heartbeat of this generation says otherwise. */
        long bound;
        /** When the counter last moved, or the slot last changed state, on the master's clock. */
        long since;

        Watch(MasterLine line, long now) {
            this.line = line;
            this.since = now;
        }

        boolean writtenBy(HostLine host) {
            return host.host().equals(line.owner())
                    && host.bootId().equals(line.ownerBoot())
                    && host.generation() == line.generation();
        }

        void heard(HostLine host, long now) {
            if (host.counter() > counter) {
                counter = host.counter();
                bound = host.bound();
                since = now;
            }
        }
    }
}
