package io.arrowfamfs.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * A table as of one catalog version.
 *
 * @param name the table's name
 * @param version commits that touched the table (its creation is version 1)
 * @param schema the schema-only frame written when the table was created
 * @param frames the committed frames, oldest first
 */
public record TableState(String name, long version, FrameLocation schema, List<FrameRef> frames) {
    /**
     * Copies the frame list: a table state never changes.
     *
     * @param name the table's name
     * @param version commits that touched the table (its creation is version 1)
     * @param schema the schema-only frame written when the table was created
     * @param frames the committed frames, oldest first
     */
    public TableState {
        frames = List.copyOf(frames);
    }

    /** {@return the rows in every frame} */
    public long rows() {
        return frames.stream().mapToLong(FrameRef::rows).sum();
    }

    /** {@return the bytes of every frame, the schema-only frame not counted} */
    public long bytes() {
        return frames.stream().mapToLong(FrameRef::bytes).sum();
    }

    TableState append(FrameRef frame) {
        List<FrameRef> more = new ArrayList<>(frames.size() + 1);
        more.addAll(frames);
        more.add(frame);
        return new TableState(name, version + 1, schema, more);
    }

    TableState without(List<FrameRef> retired) {
        List<FrameRef> kept = new ArrayList<>(frames);
        kept.removeAll(retired);
        return new TableState(name, version + 1, schema, kept);
    }
}
