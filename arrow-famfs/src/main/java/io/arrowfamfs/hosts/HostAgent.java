package io.arrowfamfs.hosts;

import io.arrowfamfs.nativeio.NativeFile;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The host agent: one per host, elected among the arrow-famfs processes of the host that start
 * one, with an exclusive {@code flock} on {@code agent.lock} beside the pin table. Every process
 * that opts in runs a daemon thread that, every period T, tries to take the lock unless it holds
 * it, and while it holds it runs one heartbeat step ({@link Heartbeat}: join, or heartbeat with
 * the bound, written back and fenced). When the agent process dies the kernel drops its lock and
 * another process's thread takes it over within T, continuing from the agent state the dead
 * agent left in the pin table (same slot, same generation, counter going on).
 *
 * <p><b>Lifecycle.</b> {@link #close} stops the thread, waits for the step in progress, and
 * releases the lock; it closes neither the host table nor the pin table, which the caller owns
 * and must close after this.
 */
public final class HostAgent implements AutoCloseable {
    private final NativeFile lock;
    private final Heartbeat heartbeat;
    private final Ticker ticker;
    private volatile boolean elected;

    private HostAgent(NativeFile lock, Heartbeat heartbeat, HostSettings settings) {
        this.lock = lock;
        this.heartbeat = heartbeat;
        this.ticker = new Ticker("arrow-famfs-host-agent", settings.period(), this::step);
    }

    /**
     * Starts this process's candidate for host agent: its thread heartbeats while this process is
     * elected, and waits to take over while another is.
     *
     * @param hosts the volume's host table, mapped read-write
     * @param pins this host's local pin table for the volume
     * @param identity this host: its node UUID and boot id
     * @param catalogCount reads the catalog count this host has seen (after invalidating it)
     * @param settings the period T and lease
     * @return the running candidate; the caller closes it before the tables
     */
    public static HostAgent start(
            HostsFile hosts, Pins pins, HostIdentity identity, LongSupplier catalogCount, HostSettings settings) {
        NativeFile lock = NativeFile.create(pins.lockFile("agent.lock"), 0600, false);
        try {
            return new HostAgent(lock, new Heartbeat(hosts, pins, identity, catalogCount), settings);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private void step() {
        if (!elected) {
            elected = lock.tryLockExclusive();
        }
        if (elected) {
            heartbeat.step();
        }
    }

    /** {@return whether this process is its host's agent now} */
    public boolean isAgent() {
        return elected;
    }

    /** {@return what the last step threw (the host table closed under it, say), empty when it succeeded} */
    public Optional<RuntimeException> lastFailure() {
        return Optional.ofNullable(ticker.lastFailure());
    }

    /**
     * Stops the thread; if this process is the agent, heartbeats once more (the bound then no
     * longer counts this process's released pins, nor a catalog count older than now); then
     * gives up the agent lock so another process takes over. Idempotent.
     */
    @Override
    public void close() {
        ticker.close();
        if (elected) {
            try {
                heartbeat.step();
            } catch (RuntimeException e) {
                // the last word is a courtesy: a host that says nothing more is expelled after the lease
            }
        }
        lock.close(); // closing the descriptor drops the flock
        elected = false;
    }
}
