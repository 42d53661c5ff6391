package io.arrowfamfs.hosts;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A reader's pin on a catalog count (see {@link Pins#pin}): while it is open, the host's bound
 * stays at or below {@link #count()}, so nothing retired after that count is reused under the
 * reader, as long as the host's lease holds. Check {@link #lease()} between batches. Closing
 * (idempotent) releases the pin.
 */
public final class Pin implements AutoCloseable {
    private final Pins pins;
    private final int entry;
    private final long count;
    private final Lease lease;
    private final AtomicBoolean closed = new AtomicBoolean();

    Pin(Pins pins, int entry, long count, Lease lease) {
        this.pins = pins;
        this.entry = entry;
        this.count = count;
        this.lease = lease;
    }

    /** {@return the catalog count to open the snapshot at: the one re-read after the pin was published} */
    public long count() {
        return count;
    }

    /** {@return the host's lease in the slot generation the pin was taken under: its check throws once that generation ends} */
    public Lease lease() {
        return lease;
    }

    /** Releases the pin; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pins.release(entry);
        }
    }

    @Override
    public String toString() {
        return "Pin[count=" + count + ", generation=" + lease.generation() + (closed.get() ? ", closed" : "") + "]";
    }
}
