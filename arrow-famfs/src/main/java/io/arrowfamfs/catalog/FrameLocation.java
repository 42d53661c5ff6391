package io.arrowfamfs.catalog;

import io.arrowfamfs.space.Extent;

/**
 * Where a committed frame lies and who wrote it: the catalog names frames this way, never by
 * famfs path.
 *
 * @param extent the frame's bytes in its pool: a standard Arrow IPC file
 * @param generation the generation of the units it was written into (0: memory never used before)
 * @param writer the writer that wrote it
 * @param writerSeq the writer's sequence number for it (0 for a frame written through an outbox,
 *     whose commit is recognised as a retry by its frames being live already)
 * @param grant the grant it was written into
 */
public record FrameLocation(Extent extent, int generation, long writer, long writerSeq, long grant) {
    /** {@return a short stable name for messages and caches: pool, offset and generation} */
    public String name() {
        return String.format("pool%04d@%d.g%d", extent.pool(), extent.offset(), generation);
    }
}
