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
     * @param vector a validated column of one batch, or a frame's dictionary
     * @param dictionary for a dictionary-encoded column (its indexes), the handle of its frame's
     *     dictionary, pinned once per frame through this pinner; else null
     * @return the handle, which the cache closes with the frame (a dictionary's after its columns')
     */
    C pin(FieldVector vector, C dictionary);
}
