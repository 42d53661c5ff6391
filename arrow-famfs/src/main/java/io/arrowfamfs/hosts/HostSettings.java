package io.arrowfamfs.hosts;

import io.arrowfamfs.famfs.InvalidOptionException;
import java.time.Duration;
import java.util.Objects;

/**
 * The timing of heartbeats and leases, the same on every host of a volume.
 *
 * <p>A host trusts its lease until its last successful heartbeat plus {@code lease / 2} on its
 * own clock; the master expels a host whose heartbeat counter has not moved for {@code lease}
 * on the master's clock, and stops counting its bound {@code grace} later. The host learns of
 * its expulsion at its next heartbeat at the latest, and its lease runs out {@code lease / 2}
 * after the heartbeat before: so a grace of at least {@code lease / 2} means no reader of an
 * expelled host still trusts its pins when the master stops counting them. A period well below
 * {@code lease / 2} lets a few heartbeats go missing without the lease running out.
 *
 * @param lease L: how long a host may be silent before the master expels it
 * @param grace G: how long after the expulsion its bound still holds reclamation back
 * @param period T: how often the host agent heartbeats and the master polls
 */
public record HostSettings(Duration lease, Duration grace, Duration period) {
    /** The defaults: L = 5 s, G = 5 s, T = 100 ms. */
    public static final HostSettings DEFAULTS =
            new HostSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(100));

    /**
     * Checks the settings.
     *
     * @param lease L, more than four periods
     * @param grace G, at least half the lease
     * @param period T, positive
     * @throws InvalidOptionException if a value is out of range
     */
    public HostSettings {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new InvalidOptionException("invalid heartbeat period: period=" + period + " expected=> 0");
        }
        if (lease.compareTo(period.multipliedBy(4)) <= 0) {
            throw new InvalidOptionException(
                    "invalid lease: lease=" + lease + " period=" + period + " expected=lease > 4 * period");
        }
        if (grace.compareTo(lease.dividedBy(2)) < 0) {
            throw new InvalidOptionException(
                    "invalid grace: grace=" + grace + " lease=" + lease + " expected=grace >= lease / 2");
        }
    }

    /** {@return how long a host trusts its lease after a successful heartbeat, in nanoseconds: L / 2} */
    long trustNanos() {
        return lease.toNanos() / 2;
    }
}
