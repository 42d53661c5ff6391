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
}
