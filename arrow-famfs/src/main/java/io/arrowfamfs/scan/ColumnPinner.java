package io.arrowfamfs.scan;

import org.apache.arrow.vector.FieldVector;

/**
 * Turns one validated column of one batch into what an engine reads it through (for a native
 * consumer, a pinned {@code io.arrowfamfs.cdata.ColumnChunk}). {@link FrameCache} calls it once
 * per column of each batch and closes the result when it closes the frame.
 *
 * @param <C> the engine's handle of a column
 */
@FunctionalInterface
public interface ColumnPinner<C extends AutoCloseable> {
    /**
     * A handle of {@code vector}, whose buffers point into the frame's mapping. The vector is
     * valid only during the call: the handle retains the buffers it needs.
     *
     * @param vector a validated column of one batch
     * @return the handle, which the cache closes with the frame
     */
    C pin(FieldVector vector);
}
