package io.arrowfamfs.hosts;

import io.arrowfamfs.hosts.MasterLine.SlotState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the host table for a while, from any node, without writing to it: what the {@code
 * hosts} inspector prints. Heartbeat ages are measured on this host's clock, from the moment a
 * counter was seen to move; a counter that did not move during the watch is reported as silent
 * for at least the watch.
 */
public final class HostsSurvey {
    private HostsSurvey() {}

    /**
     * Reads every slot and join line every period for {@code watch}.
     *
     * @param hosts the host table
     * @param settings the lease and period, to judge leases by
     * @param watch how long to watch; a few periods tell live hosts from silent ones
     * @return assigned and expelled slots in slot order, then waiting join requests
     */
    public static List<HostView> watch(HostsFile hosts, HostSettings settings, Duration watch) {
        Map<Integer, Sample> slots = new HashMap<>();
        Map<Long, Sample> joins = new HashMap<>();
        long start = System.nanoTime();
        long end = start + watch.toNanos();
        do {
            long now = System.nanoTime();
            for (int slot = 0; slot < hosts.slots(); slot++) {
                Optional<MasterLine> master = hosts.masterLine(slot);
                if (master.isEmpty() || master.get().state() == SlotState.FREE) {
                    slots.remove(slot);
                    continue;
                }
                MasterLine line = master.get();
                Optional<HostLine> host = hosts.hostLine(slot)
                        .filter(h -> h.host().equals(line.owner())
                                && h.bootId().equals(line.ownerBoot())
                                && h.generation() == line.generation());
                Sample sample = slots.computeIfAbsent(slot, s -> new Sample());
                sample.master = line;
                host.ifPresent(h -> sample.heard(h.counter(), now, h));
            }
            for (int j = 0; j < HostsDescriptor.JOIN_LINES; j++) {
                hosts.joinRequest(j).ifPresent(r -> joins.computeIfAbsent(r.nonce(), n -> new Sample())
                        .joined(r, now));
            }
            LockSupport.parkNanos(Math.min(settings.period().toNanos(), Math.max(0, end - System.nanoTime())));
        } while (System.nanoTime() - end < 0);
        long now = System.nanoTime();
        List<HostView> views = new ArrayList<>();
        slots.keySet().stream()
                .sorted()
                .forEach(slot -> views.add(slots.get(slot).view(slot, settings, watch, now)));
        joins.values().stream()
                .filter(j -> slots.values().stream().noneMatch(s -> s.master.nonce() == j.request.nonce()))
                .forEach(j -> views.add(j.view(-1, settings, watch, now)));
        return views;
    }

    /** What one slot or join line showed during the watch. */
    private static final class Sample {
        MasterLine master;
        JoinRequest request;
        HostLine host;
        long counter = -1;
        /** When the counter was last seen to move; 0 when it never was. */
        long moved;

        void heard(long newCounter, long now, HostLine line) {
            if (counter >= 0 && newCounter > counter) {
                moved = now;
            }
            counter = Math.max(counter, newCounter);
            host = line;
        }

        void joined(JoinRequest r, long now) {
            if (request != null && r.counter() > request.counter()) {
                moved = now;
            }
            request = r;
        }

        HostView view(int slot, HostSettings settings, Duration watch, long now) {
            OptionalLong since = moved == 0 ? OptionalLong.empty() : OptionalLong.of(now - moved);
            if (master == null) {
                return new HostView(
                        -1,
                        request.host(),
                        request.bootId(),
                        "joining",
                        0,
                        request.counter(),
                        0,
                        OptionalLong.empty(),
                        since,
                        "joining");
            }
            boolean expelled = master.state() == SlotState.EXPELLED;
            String lease;
            if (expelled) {
                lease = "expelled";
            } else if (since.isPresent() && since.getAsLong() < settings.trustNanos()) {
                lease = "held";
            } else if (since.isEmpty() && watch.toNanos() < settings.trustNanos()) {
                lease = "unknown";
            } else {
                lease = "lapsing";
            }
            return new HostView(
                    slot,
                    master.owner(),
                    master.ownerBoot(),
                    expelled ? "expelled" : "assigned",
                    master.generation(),
                    host == null ? 0 : host.counter(),
                    host == null ? 0 : host.seen(),
                    host == null || host.bound() >= host.seen() ? OptionalLong.empty() : OptionalLong.of(host.bound()),
                    since,
                    lease);
        }
    }
}
