package io.arrowfamfs.catalog;

/**
 * What one reclamation pass of the master's agent did ({@code docs/publication.md},
 * "Reclamation"): retired ranges no host can read any more move to quarantine, and ranges whose
 * quarantine has run out on the master's clock become free for new frames.
 *
 * @param reclaiming whether this process is the master's agent (its lease tracker), so that the
 *     pass ran; false elsewhere: another process of the master host reclaims
 * @param bound the lowest catalog count any host may still read (the tracker's bound); -1 when not reclaiming
 * @param quarantinedBytes bytes this pass moved into quarantine
 * @param freedBytes bytes this pass freed
 * @param pinnedBytes retired bytes a host may still read: they wait for its readers to leave
 * @param waitingBytes quarantined bytes whose quarantine has not run out yet
 */
public record ReclaimReport(
        boolean reclaiming, long bound, long quarantinedBytes, long freedBytes, long pinnedBytes, long waitingBytes) {
    /** The report of a process that does not reclaim. */
    static final ReclaimReport NOT_RECLAIMING = new ReclaimReport(false, -1, 0, 0, 0, 0);
}
