package io.arrowfamfs.space;

/**
 * A range no new snapshot names: retired at catalog count {@code retiredAt}, quarantined by the
 * record at {@code quarantinedAt} once no host could still read it, and freed after the quarantine.
 *
 * @param extent the retired bytes
 * @param retiredAt the commit count at which the range left the catalog (snapshots older than it may still read it)
 * @param quarantinedAt the sequence number of the record that quarantined it, or {@link #NOT_YET}
 */
public record RetiredExtent(Extent extent, long retiredAt, long quarantinedAt) {
    /** {@link #quarantinedAt} of a range still waiting for its readers. */
    public static final long NOT_YET = -1;

    /** {@return true once the range is in quarantine} */
    public boolean quarantined() {
        return quarantinedAt != NOT_YET;
    }

    RetiredExtent quarantine(long seq) {
        return new RetiredExtent(extent, retiredAt, seq);
    }
}
