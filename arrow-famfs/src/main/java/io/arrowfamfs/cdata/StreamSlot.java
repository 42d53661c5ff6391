package io.arrowfamfs.cdata;

import io.arrowfamfs.nativeio.BorrowedStreams;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A {@code struct ArrowArrayStream} at an address that never changes, for a consumer that keeps
 * the address and takes whatever stream is there each time it scans: DuckDB's view over a
 * registered stream moves the struct out at every scan. Registering the view once and moving a
 * fresh {@link BorrowedArrayStream} in before each query spares creating and dropping a view per
 * query. A slot nobody took from is cleared (its stream released), so a later scan of the view
 * fails with DuckDB's "stream has been released" instead of reading freed memory.
 *
 * <p>Lifetime: the slot must outlive every consumer that holds its address (for DuckDB: close the
 * connection, or drop the view, before closing the slot).
 */
public final class StreamSlot implements AutoCloseable {
    private final ArrowArrayStream slot;
    private boolean closed;

    private StreamSlot(ArrowArrayStream slot) {
        this.slot = slot;
        BorrowedStreams.slotAllocated();
    }

    /**
     * An empty (released) slot; its memory comes from {@code allocator}.
     *
     * @param allocator where the slot's struct is allocated
     * @return the slot, which the caller closes
     */
    public static StreamSlot allocate(BufferAllocator allocator) {
        return new StreamSlot(ArrowArrayStream.allocateNew(allocator));
    }

    /**
     * The struct to hand to the consumer once, e.g. {@code DuckDBConnection.registerArrowStream}:
     * a view of the slot's memory, which closing the view does not free.
     *
     * @return a view of the slot's struct
     */
    public ArrowArrayStream stream() {
        return ArrowArrayStream.wrap(slot.memoryAddress());
    }

    /**
     * Releases what the slot holds, then moves {@code stream} in; the stream keeps owning its arrays.
     *
     * @param stream the stream the next scan reads
     */
    public void fill(BorrowedArrayStream stream) {
        clear();
        stream.moveTo(slot);
    }

    /** Releases the stream the slot holds, if the consumer did not take it. */
    public void clear() {
        BorrowedStreams.release(slot.memoryAddress());
    }

    /** Clears the slot and frees it, once: no consumer may hold its address any more. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            BorrowedStreams.closeSlot(slot.memoryAddress());
        } finally {
            slot.close();
        }
    }
}
