package io.arrowfamfs.catalog;

import io.arrowfamfs.hosts.LeaseTracker;
import io.arrowfamfs.space.RetiredExtent;
import io.arrowfamfs.space.SpaceLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The master's reclamation, run by the process whose lease tracker is elected (the master's
 * agent), every period and at each {@code gc}:
 *
 * <ol>
 *   <li>Quarantine: once the tracker's bound B (the lowest count any host may still read) is
 *       past a retired range's retirement, commit {@code Quarantine(B)}.
 *   <li>Free: a quarantine record whose quarantine Q has run out on this process's monotonic
 *       clock since it first saw the record, and whose ranges are all still at or below the
 *       bound now (a host that joined meanwhile may pin lower), is freed with {@code Free(seq)}.
 * </ol>
 *
 * <p>Time in quarantine is never carried across processes: an agent that takes over starts
 * every quarantine's clock when it first sees it. Not thread-safe on its own: {@link #pass} is
 * synchronized.
 */
final class Reclaimer {
    private final Catalog catalog;
    private final CatalogWriter writer;
    private final LeaseTracker tracker;
    private final LongSupplier clock;
    /** Quarantine record seq to when this process first saw it, on its clock. */
    private final Map<Long, Long> seen = new HashMap<>();

    Reclaimer(Catalog catalog, CatalogWriter writer, LeaseTracker tracker, LongSupplier clock) {
        this.catalog = catalog;
        this.writer = writer;
        this.tracker = tracker;
        this.clock = clock;
    }

    /**
     * Waits (a few periods at most) until this process's tracker is elected and has heard the
     * hosts; false when another process tracks.
     */
    boolean awaitAgent() {
        try {
            return tracker.awaitSettled(
                    HostServices.hostSettings(catalog.settings()).period().multipliedBy(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One pass: quarantines what no host can read, frees what has been in quarantine long enough. */
    synchronized ReclaimReport pass() {
        OptionalLong found = tracker.reclaimBound();
        if (found.isEmpty()) {
            seen.clear(); // not the agent (any more): a later term starts its clocks afresh
            return ReclaimReport.NOT_RECLAIMING;
        }
        long bound = found.getAsLong();
        catalog.refresh();
        long quarantined = 0;
        if (retired().stream().anyMatch(r -> !r.quarantined() && r.retiredAt() <= bound)) {
            quarantined = writer.quarantine(bound);
        }
        long now = clock.getAsLong();
        long quarantine = catalog.settings().quarantine().toNanos();
        TreeMap<Long, Boolean> records = new TreeMap<>(); // seq -> all its ranges still at or below the bound
        long pinned = 0;
        long waiting = 0;
        for (RetiredExtent r : retired()) {
            if (r.quarantined()) {
                seen.putIfAbsent(r.quarantinedAt(), now);
                records.merge(r.quarantinedAt(), r.retiredAt() <= bound, Boolean::logicalAnd);
                waiting += SpaceLayout.footprint(r.extent().length());
            } else {
                pinned += SpaceLayout.footprint(r.extent().length());
            }
        }
        seen.keySet().retainAll(records.keySet());
        long freeUpTo = -1;
        for (Map.Entry<Long, Boolean> record : records.entrySet()) {
            if (!record.getValue() || now - seen.get(record.getKey()) < quarantine) {
                break;
            }
            freeUpTo = record.getKey();
        }
        long freed = freeUpTo < 0 ? 0 : writer.free(freeUpTo);
        return new ReclaimReport(true, bound, quarantined, freed, pinned, waiting - freed);
    }

    private List<RetiredExtent> retired() {
        return catalog.inState(s -> s.space.retired());
    }
}
