package io.arrowfamfs.hosts;

import java.util.UUID;

/**
 * One assigned or expelled slot of the host table as the master's lease tracker sees it.
 *
 * @param slot the slot index
 * @param host the owner's UUID
 * @param bootId the boot id the owner joined with
 * @param generation the slot generation
 * @param expelled true once the master expelled the owner in this generation
 * @param counter the last heartbeat counter seen, 0 before the first heartbeat
 * @param bound the bound this slot holds reclamation at: the last one heartbeat, or 0 before the first
 * @param silentNanos how long, on the master's clock, since the counter last moved (or the
 *     tracker started or resumed); for an expelled slot, since the expulsion
 */
public record HostStatus(
        int slot,
        UUID host,
        UUID bootId,
        int generation,
        boolean expelled,
        long counter,
        long bound,
        long silentNanos) {}
