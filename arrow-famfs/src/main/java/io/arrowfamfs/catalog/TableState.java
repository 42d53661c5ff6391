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
     * Keeps the frame list as an immutable {@link FrameList} (copying any other list): a table
     * state never changes, and the next one shares its frames.
     *
     * @param name the table's name
     * @param version commits that touched the table (its creation is version 1)
     * @param schema the schema-only frame written when the table was created
     * @param frames the committed frames, oldest first
     */
    public TableState {
        frames = FrameList.of(frames);
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
        return new TableState(name, version + 1, schema, ((FrameList) frames).plus(frame));
    }

    TableState without(List<FrameRef> retired) {
        List<FrameRef> kept = new ArrayList<>(frames);
        kept.removeAll(retired);
        return new TableState(name, version + 1, schema, kept);
    }
}
