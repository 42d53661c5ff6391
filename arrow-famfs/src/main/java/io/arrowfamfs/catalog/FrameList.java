package io.arrowfamfs.catalog;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A table's frames as one snapshot sees them: an immutable prefix of an append-only array that
 * later snapshots of the same table share. Appending to the newest list stores into the array
 * past every older list's end, so a commit costs O(1), not a copy of every frame the table has;
 * appending to an older list (never done by replay) copies. Readers of any list see only indexes
 * below its size, which were written before the list was published.
 */
final class FrameList extends AbstractList<FrameRef> implements RandomAccess {
    private static final FrameList EMPTY = new FrameList(new Backing(new FrameRef[0]), 0);

    private final Backing backing;
    private final int size;

    private FrameList(Backing backing, int size) {
        this.backing = backing;
        this.size = size;
    }

    /** {@code frames} as a frame list: itself if it is one, else a copy. */
    static FrameList of(List<FrameRef> frames) {
        if (frames instanceof FrameList list) {
            return list;
        }
        FrameList list = EMPTY;
        for (FrameRef frame : frames) {
            list = list.plus(frame);
        }
        return list;
    }

    /** This list with {@code frame} at its end. */
    FrameList plus(FrameRef frame) {
        synchronized (backing) {
            if (backing.used == size && size < backing.items.length) {
                backing.items[size] = frame;
                backing.used++;
                return new FrameList(backing, size + 1);
            }
        }
        Backing grown = new Backing(Arrays.copyOf(backing.items, Math.max(8, size * 2)));
        grown.items[size] = frame;
        grown.used = size + 1;
        return new FrameList(grown, size + 1);
    }

    @Override
    public FrameRef get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("frame index out of range: index=" + index + " size=" + size);
        }
        return backing.items[index];
    }

    @Override
    public int size() {
        return size;
    }

    /** The array lists share, and how much of it the newest list uses. */
    private static final class Backing {
        final FrameRef[] items;
        int used;

        Backing(FrameRef[] items) {
            this.items = items;
        }
    }
}
