package io.arrowfamfs.catalog;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The volume's reclamation settings, kept in the catalog (a set-config record changes one) so
 * that every host reads the same ones.
 *
 * @param lease how long a host may stay silent before the master expels it
 * @param grace how long after an expulsion the host's pins still hold reclamation back
 * @param quarantine how long retired space waits, after no host can read it, before it is reused
 */
public record VolumeSettings(Duration lease, Duration grace, Duration quarantine) {
    /** The setting names, as {@code config set} takes them. */
    public static final String LEASE = "lease";
    /** The grace's name. */
    public static final String GRACE = "grace";
    /** The quarantine's name. */
    public static final String QUARANTINE = "quarantine";
    /** The defaults of a new volume: 5 s, 5 s, 30 s. */
    public static final VolumeSettings DEFAULTS =
            new VolumeSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30));

    /**
     * The settings a catalog's set-config records leave, the defaults where none was set.
     *
     * @param millis each setting's value in milliseconds, by name
     * @return the settings
     */
    static VolumeSettings from(Map<String, Long> millis) {
        return new VolumeSettings(
                Duration.ofMillis(millis.getOrDefault(LEASE, DEFAULTS.lease.toMillis())),
                Duration.ofMillis(millis.getOrDefault(GRACE, DEFAULTS.grace.toMillis())),
                Duration.ofMillis(millis.getOrDefault(QUARANTINE, DEFAULTS.quarantine.toMillis())));
    }

    /**
     * Checks a setting's name and value.
     *
     * @param name {@link #LEASE}, {@link #GRACE} or {@link #QUARANTINE}, any case
     * @param value a duration of at least 1 ms and at most a day
     * @return the name, lower case
     * @throws InvalidSettingException if the name or the value is not valid
     */
    public static String check(String name, Duration value) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.equals(LEASE) && !lower.equals(GRACE) && !lower.equals(QUARANTINE)) {
            throw new InvalidSettingException(
                    "unknown setting: name=" + name + " expected=" + LEASE + "," + GRACE + "," + QUARANTINE);
        }
        if (value.toMillis() < 1 || value.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidSettingException(
                    "setting out of range: name=" + lower + " value=" + value + " expected=1ms..1d");
        }
        return lower;
    }

    /**
     * This set with {@code values} (each checked by {@link #check}) changed, checked as a whole:
     * a lease of at least {@value #MIN_LEASE_MS} ms (several heartbeats fit in it) and a grace of
     * at least half the lease (so no reader of an expelled host still trusts its pins when the
     * master stops counting them).
     *
     * @param values new values by setting name
     * @return the new settings
     * @throws InvalidSettingException if a name or value is not valid, or the settings do not fit together
     */
    public VolumeSettings with(Map<String, Duration> values) {
        VolumeSettings next = this;
        for (Map.Entry<String, Duration> value : values.entrySet()) {
            Duration d = value.getValue();
            next = switch (check(value.getKey(), d)) {
                case LEASE -> new VolumeSettings(d, next.grace, next.quarantine);
                case GRACE -> new VolumeSettings(next.lease, d, next.quarantine);
                default -> new VolumeSettings(next.lease, next.grace, d);
            };
        }
        next.checkTogether();
        return next;
    }

    /** Throws unless the lease is long enough and the grace at least half of it. */
    private void checkTogether() {
        if (lease.toMillis() < MIN_LEASE_MS) {
            throw new InvalidSettingException(
                    "lease too short: lease=" + lease + " expected=at least " + MIN_LEASE_MS + "ms");
        }
        if (grace.compareTo(lease.dividedBy(2)) < 0) {
            throw new InvalidSettingException("grace too short: grace=" + grace + " lease=" + lease
                    + " expected=grace >= lease / 2; hint: raise the grace before the lease, or set both at once");
        }
    }

    /** The shortest lease: a few heartbeat periods of at least 2 ms. */
    public static final long MIN_LEASE_MS = 10;
}
