package io.arrowfamfs.hosts;

import io.arrowfamfs.famfs.NotMasterException;
import io.arrowfamfs.famfs.Role;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.nativeio.NativeFile;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The master's lease tracker: polls every slot of the host table every period T, on the
 * master's own monotonic clock ({@link System#nanoTime}). It serves join requests, notes when
 * each host's heartbeat counter last moved, expels a host silent for the lease L (writing the
 * expulsion into that slot's master line, which the host reads at its next heartbeat), and
 * frees the slot a grace G later, when the host's bound stops holding reclamation back. If its
 * own polls are more than 2T apart (the master was paused), it restarts every host's silence
 * instead of expelling on evidence gathered across its pause. A join from a host whose boot id
 * changed frees that host's earlier slots at once: a reboot ended all their readers.
 *
 * <p><b>Election.</b> Several processes of the master host may start a tracker; one, holding an
 * exclusive {@code flock} on {@code tracker.lock} beside the pin table, tracks, so only it ever
 * writes master lines. The others try the lock every period and take over (starting from the
 * master lines, trusting no silence they did not observe) when it dies.
 *
 * <p><b>Reclamation.</b> {@link #reclaimBound()} is the lowest bound over the hosts that still
 * count. Space retired at catalog count R may move to quarantine once {@code R < bound}: every
 * host that counts has seen a count past R and pins nothing at or below it.
 *
 * <p><b>Threading.</b> Thread-safe. {@link #close} stops the thread and releases the lock; it
 * does not close the host table or the pin table.
 */
public final class LeaseTracker implements AutoCloseable {
    /** Polls after which every live host has heartbeat at least once: a heartbeat comes every period. */
    private static final int SETTLED_POLLS = 3;

    private final HostsFile hosts;
    private final HostSettings settings;
    private final NativeFile lock;
    private final Ticker ticker;
    private TrackerState state;
    /** Polls since this process took the tracker over. */
    private long polls;

    private LeaseTracker(HostsFile hosts, HostSettings settings, NativeFile lock) {
        this.hosts = hosts;
        this.settings = settings;
        this.lock = lock;
        this.ticker = new Ticker("arrow-famfs-lease-tracker", settings.period(), this::step);
    }

    /**
     * Starts this process's candidate tracker on the master host.
     *
     * @param volume the volume, opened on the master
     * @param hosts its host table
     * @param pins the master host's pin table, beside which the election lock lives
     * @param settings L, G and T
     * @return the running candidate; the caller closes it before the tables
     * @throws NotMasterException if {@code volume} is opened on a client
     */
    public static LeaseTracker start(Volume volume, HostsFile hosts, Pins pins, HostSettings settings) {
        if (volume.role() != Role.MASTER) {
            throw new NotMasterException("lease tracker needs the master: node=" + volume.node()
                    + " is a client of device=" + volume.path());
        }
        NativeFile lock = NativeFile.create(pins.lockFile("tracker.lock"), 0600, false);
        try {
            return new LeaseTracker(hosts, settings, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private synchronized void step() {
        if (state == null) {
            if (!lock.tryLockExclusive()) {
                return;
            }
            state = new TrackerState(hosts, settings, System::nanoTime);
            polls = 0;
        }
        state.poll();
        polls++;
        notifyAll();
    }

    /**
     * Waits until this process tracks and has polled a few times since it took over, so that
     * live hosts have been heard ({@code gc} asks this before it reclaims in a fresh process).
     *
     * @param timeout the longest to wait
     * @return whether this process tracks
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized boolean awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state == null || polls < SETTLED_POLLS) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return state != null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** {@return whether this process is the master host's tracker now} */
    public synchronized boolean isTracking() {
        return state != null;
    }

    /**
     * The lowest bound over hosts that still count: assigned ones, and expelled ones still in
     * their grace. A host that has not heartbeat since it joined (or since this tracker started)
     * holds everything back (bound 0).
     *
     * @return the bound, {@link Long#MAX_VALUE} when no host counts; empty when this process does
     *     not track (another does, or it has not started): do not reclaim on its word then
     */
    public synchronized OptionalLong reclaimBound() {
        return state == null ? OptionalLong.empty() : OptionalLong.of(state.reclaimBound());
    }

    /**
     * {@return whether {@code host} is gone: this process tracks, the host holds no slot (its
     * slot freed, L + G after its last heartbeat, or it never joined) and has no join request
     * waiting}
     *
     * @param host a host's UUID
     */
    public synchronized boolean isGone(UUID host) {
        return state != null && state.isGone(host);
    }

    /** {@return every assigned or expelled slot as this tracker sees it; empty when it does not track} */
    public synchronized List<HostStatus> hosts() {
        return state == null ? List.of() : state.hosts();
    }

    /** {@return what the last poll threw, empty when it succeeded} */
    public Optional<RuntimeException> lastFailure() {
        return Optional.ofNullable(ticker.lastFailure());
    }

    /** Stops polling and gives up the tracker lock; idempotent. */
    @Override
    public void close() {
        ticker.close();
        synchronized (this) {
            state = null;
            lock.close();
        }
    }
}
