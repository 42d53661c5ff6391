package io.arrowfamfs.catalog;

import io.arrowfamfs.frame.FrameGuard;
import io.arrowfamfs.hosts.LeaseExpiredException;
import io.arrowfamfs.hosts.Pin;
import io.arrowfamfs.hosts.Pins;
import io.arrowfamfs.nativeio.ResourceClosedException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The pins of one catalog's attached frames, as a ladder of rungs: each rung is one pin on a
 * catalog count, holding the frames attached under it. A frame may be read while a rung at or
 * below the count that retired it holds it, and the host's lease holds ({@link Hold#check},
 * asked before each batch).
 *
 * <p>Attaching a frame live in the catalog's state uses the top rung if its count is at or
 * below that state's version; else the catalog pins a new top ({@link #pinTop}), refreshes, and
 * asks again. A frame retired since goes on the oldest rung below its retirement, if one is
 * left; else it is refused ({@link FrameRetiredException}). At each refresh that moves the
 * version while frames are held, a new top is pinned before the records are read, and every
 * frame still live moves up to it ({@link #moveUp}), so old rungs, and the host's bound, do not
 * stay behind while frames stay attached. A rung with no frames left, other than the top, is
 * released at once.
 *
 * <p>Thread-safe: frames are released from whichever thread drops the last reference.
 */
final class ReaderPins {
    /** How long a first pin waits for this process's agent to join or heartbeat: a busy host's JVM start. */
    private static final Duration AGENT_PATIENCE = Duration.ofSeconds(10);

    private final Supplier<Optional<HostServices>> start;
    private final String volume;
    private HostServices services;
    /** Oldest first; the last is the top. */
    private final Deque<Rung> rungs = new ArrayDeque<>();

    private boolean agentSeen;
    private boolean closed;

    /**
     * @param start the catalog's host services, started if they were not; empty on a client of
     *     a volume with no host table yet
     * @param volume the device path, for messages
     */
    ReaderPins(Supplier<Optional<HostServices>> start, String volume) {
        this.start = start;
        this.volume = volume;
    }

    /**
     * A hold for the frame at {@code location} as {@code state} (the catalog's, under its lock)
     * has it; null when the top rung is missing or newer than {@code state}: pin a new top,
     * refresh and ask again.
     *
     * @throws FrameRetiredException if the frame was retired and no rung covers it
     * @throws LeaseExpiredException if the volume has no host table to pin against yet
     */
    synchronized Hold hold(FrameLocation location, CatalogState state) {
        requireServices();
        if (state.isLive(location)) {
            Rung top = rungs.peekLast();
            return top == null || top.pin.count() > state.version ? null : top.add(location);
        }
        OptionalLong retiredAt = state.space.retiredAt(location.extent(), location.generation());
        for (Rung rung : rungs) {
            if (retiredAt.isPresent() && rung.pin.count() < retiredAt.getAsLong()) {
                return rung.add(location);
            }
        }
        throw new FrameRetiredException("frame retired since its snapshot: frame=" + location.name() + " volume="
                + volume + (retiredAt.isPresent() ? " retired_at=" + retiredAt.getAsLong() : " space_reused=true")
                + " version=" + state.version + "; hint: refresh the snapshot and attach its frames again");
    }

    /**
     * Pins the current count as the new top rung (the order rule: the pin is published before
     * the count is read again); the caller then refreshes past it.
     */
    void pinTop(LongSupplier count) {
        Pin pin = pin(count);
        synchronized (this) {
            push(pin);
        }
    }

    /**
     * Before a refresh reads new records: a pin for the new top if frames are held, else null.
     */
    Pin pinIfHolding(LongSupplier count) {
        synchronized (this) {
            if (rungs.stream().allMatch(r -> r.holds.isEmpty())) {
                return null;
            }
        }
        return pin(count);
    }

    /**
     * After a refresh to {@code state}: {@code fresh} (from {@link #pinIfHolding}, or null)
     * becomes the top, and every held frame still live in {@code state} moves up to it. Rungs
     * left empty, other than the top, are released; with no frames held at all, every rung is.
     */
    synchronized void moveUp(Pin fresh, CatalogState state) {
        if (fresh != null) {
            push(fresh);
            Rung top = rungs.peekLast();
            for (Rung rung : rungs) {
                if (rung == top) {
                    continue;
                }
                for (Iterator<Hold> it = rung.holds.iterator(); it.hasNext(); ) {
                    Hold hold = it.next();
                    if (state.isLive(hold.location)) {
                        it.remove();
                        hold.rung = top;
                        top.holds.add(hold);
                    }
                }
            }
        }
        dropEmpty(fresh == null && rungs.stream().allMatch(r -> r.holds.isEmpty()));
    }

    /**
     * The catalog closed: releases every empty rung, the top too; rungs still holding frames go
     * when their last frame does.
     */
    synchronized void close() {
        closed = true;
        dropEmpty(true);
    }

    /** {@return how many rungs (pins) this catalog holds, for tests} */
    synchronized int rungs() {
        return rungs.size();
    }

    /** {@return how many frames are held, for tests} */
    synchronized int held() {
        return rungs.stream().mapToInt(r -> r.holds.size()).sum();
    }

    private Pin pin(LongSupplier count) {
        HostServices services = requireServices();
        Pins pins = services.pinsWithAgent();
        if (!agentSeen) {
            pins.awaitAgent(
                    AGENT_PATIENCE.compareTo(services.settings().lease()) > 0
                            ? AGENT_PATIENCE
                            : services.settings().lease());
            agentSeen = true;
        }
        return pins.pin(count);
    }

    private void push(Pin pin) {
        if (closed) {
            pin.close();
            throw new ResourceClosedException("catalog of " + volume);
        }
        services.retain();
        rungs.addLast(new Rung(pin));
    }

    private synchronized void release(Hold hold) {
        hold.rung.holds.remove(hold);
        dropEmpty(closed);
    }

    /** Releases empty rungs: all of them if {@code all}, else all but the top. */
    private void dropEmpty(boolean all) {
        Rung top = rungs.peekLast();
        for (Iterator<Rung> it = rungs.iterator(); it.hasNext(); ) {
            Rung rung = it.next();
            if (rung.holds.isEmpty() && (all || rung != top)) {
                it.remove();
                rung.pin.close();
                services.release();
            }
        }
    }

    private synchronized HostServices requireServices() {
        if (services == null) {
            services = start.get().orElse(null);
        }
        if (services == null) {
            throw new LeaseExpiredException("cannot pin: volume=" + volume + " has no host table yet"
                    + "; hint: open the volume once on the master (any arrow-famfs command there creates it)");
        }
        return services;
    }

    /** One pin and the frames attached under it. */
    private final class Rung {
        final Pin pin;
        final Set<Hold> holds = new HashSet<>();

        Rung(Pin pin) {
            this.pin = pin;
        }

        Hold add(FrameLocation location) {
            Hold hold = new Hold(location, this);
            holds.add(hold);
            return hold;
        }
    }

    /**
     * One attached frame's claim on a rung: its guard (the rung's lease) and its release, run
     * when the frame's mapping slice is released for the last time.
     */
    final class Hold implements FrameGuard, Runnable {
        final FrameLocation location;
        private volatile Rung rung;
        private boolean released;

        private Hold(FrameLocation location, Rung rung) {
            this.location = location;
            this.rung = rung;
        }

        /** Throws once the lease of the pin holding the frame ran out. */
        @Override
        public void check() {
            rung.pin.lease().check();
        }

        /** Releases the hold; later calls do nothing. */
        @Override
        public void run() {
            synchronized (ReaderPins.this) {
                if (released) {
                    return;
                }
                released = true;
                release(this);
            }
        }
    }
}
