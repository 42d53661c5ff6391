package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.Role;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.hosts.HostAgent;
import io.arrowfamfs.hosts.HostIdentity;
import io.arrowfamfs.hosts.HostSettings;
import io.arrowfamfs.hosts.HostsFile;
import io.arrowfamfs.hosts.LeaseTracker;
import io.arrowfamfs.hosts.Pins;
import java.time.Duration;
import java.util.Optional;

/**
 * What a catalog runs so that its process's reads hold reclamation back ({@code docs/hosts.md}):
 * the volume's host table, this host's pin table, a candidate host agent (from the first pin
 * on) and, on the master, a candidate lease tracker (from the start). The elections make one
 * agent per host and one tracker per volume. Released when the catalog and every frame attached through it are
 * (reference counted: a frame outliving its catalog keeps its pins).
 */
final class HostServices {
    /** Slots of a host table this catalog creates: hosts that may read at once. */
    static final int SLOTS = 256;

    /** The longest heartbeat period: 100 ms, well under a default lease of 5 s. */
    private static final Duration MAX_PERIOD = Duration.ofMillis(100);

    private final HostsFile hosts;
    private final Pins pins;
    private final HostIdentity identity;
    private HostAgent agent;
    private final LeaseTracker tracker;
    private final HostSettings settings;
    private final CountReader count;
    private int references = 1;

    private HostServices(
            HostsFile hosts,
            Pins pins,
            HostIdentity identity,
            LeaseTracker tracker,
            HostSettings settings,
            CountReader count) {
        this.count = count;
        this.hosts = hosts;
        this.pins = pins;
        this.identity = identity;
        this.tracker = tracker;
        this.settings = settings;
    }

    /**
     * Starts them for {@code volume}: on the master, creates the host table if the volume has
     * none yet (a volume made before host tables).
     *
     * @return the services, or empty on a client of a volume with no host table yet (nothing
     *     can reclaim there until the master opens it: readers may not pin meanwhile)
     */
    static Optional<HostServices> start(Volume volume, VolumeSettings volumeSettings) {
        if (volume.role() == Role.MASTER) {
            HostsFile.createIfMissing(volume, SLOTS);
        } else if (!HostsFile.exists(volume)) {
            return Optional.empty();
        }
        HostSettings settings = hostSettings(volumeSettings);
        HostsFile hosts = HostsFile.open(volume);
        CountReader count = new CountReader(volume);
        Pins pins = null;
        try {
            pins = Pins.open(volume, settings);
            LeaseTracker tracker =
                    volume.role() == Role.MASTER ? LeaseTracker.start(volume, hosts, pins, settings) : null;
            return Optional.of(new HostServices(hosts, pins, HostIdentity.of(volume.node()), tracker, settings, count));
        } catch (RuntimeException e) {
            if (pins != null) {
                pins.close();
            }
            count.close();
            hosts.close();
            throw e;
        }
    }

    /** The timing for hosts: the volume's lease and grace, a period of a 25th of the lease, 2 to 100 ms. */
    static HostSettings hostSettings(VolumeSettings volume) {
        Duration period = volume.lease().dividedBy(25);
        if (period.compareTo(MAX_PERIOD) > 0) {
            period = MAX_PERIOD;
        }
        if (period.compareTo(Duration.ofMillis(2)) < 0) {
            period = Duration.ofMillis(2);
        }
        return new HostSettings(volume.lease(), volume.grace(), period);
    }

    /**
     * This host's pin table, with this process's agent candidate started first if it was not:
     * a process joins the host table only once it reads frames, so inspectors and writers that
     * read nothing take no slot.
     */
    synchronized Pins pinsWithAgent() {
        if (references == 0) {
            throw new IllegalStateException("host services released");
        }
        if (agent == null) {
            agent = HostAgent.start(hosts, pins, identity, count::count, settings);
        }
        return pins;
    }

    /** {@return whether this process's agent candidate heartbeats for the host now} */
    synchronized boolean isHostAgent() {
        return agent != null && agent.isAgent();
    }

    HostsFile hosts() {
        return hosts;
    }

    HostSettings settings() {
        return settings;
    }

    /** {@return the master's lease tracker candidate, empty on a client} */
    Optional<LeaseTracker> tracker() {
        return Optional.ofNullable(tracker);
    }

    /** Takes a reference: a pin rung that outlives the catalog keeps the services. */
    synchronized void retain() {
        if (references == 0) {
            throw new IllegalStateException("host services released");
        }
        references++;
    }

    /** Drops a reference; the last stops the threads and closes the tables. */
    void release() {
        synchronized (this) {
            if (--references > 0) {
                return;
            }
        }
        try {
            if (tracker != null) {
                tracker.close();
            }
            synchronized (this) {
                if (agent != null) {
                    agent.close();
                }
            }
        } finally {
            try {
                pins.close();
            } finally {
                count.close();
                hosts.close();
            }
        }
    }
}
