package io.arrowfamfs.catalog;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How a client node waits for the master's agent: polls what the agent writes in shared memory,
 * spinning briefly, then parking 100 microseconds between polls, for at most its patience. A
 * wait that runs out is an {@link AgentUnavailableException} naming what it waited for, or
 * (through {@link #within}) the caller's own typed error.
 */
final class AgentWait {
    /** How long a client waits for the master's agent, unless a test says otherwise. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final UUID node;
    private final Duration patience;

    /**
     * Waits of node {@code node}, each lasting at most {@code patience}.
     *
     * @param node the waiting node, for messages
     * @param patience how long one wait lasts: {@link #PATIENCE}, but in tests
     */
    AgentWait(UUID node, Duration patience) {
        this.node = node;
        this.patience = patience;
    }

    /** {@return how long one wait lasts} */
    Duration patience() {
        return patience;
    }

    /** Waits until {@code done} holds; {@code what} names it when the wait runs out. */
    void until(String what, BooleanSupplier done) {
        if (!within(done)) {
            throw unavailable(what);
        }
    }

    /** Waits until {@code poll} gives a value, and returns it; {@code what} names it when the wait runs out. */
    <T> T value(String what, Supplier<Optional<T>> poll) {
        return poll(poll).orElseThrow(() -> unavailable(what));
    }

    /** {@return whether {@code done} held within the patience} */
    boolean within(BooleanSupplier done) {
        return poll(() -> done.getAsBoolean() ? Optional.of(true) : Optional.empty())
                .isPresent();
    }

    private <T> Optional<T> poll(Supplier<Optional<T>> poll) {
        long deadline = System.nanoTime() + patience.toNanos();
        int polls = 0;
        for (Optional<T> value = poll.get(); ; value = poll.get()) {
            if (value.isPresent() || System.nanoTime() - deadline > 0) {
                return value;
            }
            if (++polls < 20) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(100_000);
            }
        }
    }

    private AgentUnavailableException unavailable(String what) {
        return new AgentUnavailableException("the master's agent did not answer: waiting_for=" + what + " node=" + node
                + " waited=" + patience.toSeconds() + "s"
                + "; hint: run arrow-famfs agent (or any arrow-famfs process) on the master");
    }
}
