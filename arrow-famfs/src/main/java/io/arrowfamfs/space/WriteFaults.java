package io.arrowfamfs.space;

import io.arrowfamfs.nativeio.MappedRegion;
import java.util.BitSet;

/**
 * Which units of one writable pool mapping this process has prefaulted for writing, so that each
 * is prefaulted once: asking the kernel to populate pages already mapped costs as much as a
 * copy's worth of page-table walks (50 ms for 1 GiB of 4 KiB pages on tmpfs), and a pool's
 * mapping lives as long as the process. A hint only: a page not prefaulted faults on first write.
 * Thread-safe.
 */
public final class WriteFaults {
    private final BitSet units = new BitSet();

    /**
     * Prefaults for writing the units of {@code mapping} (a whole pool, from its byte 0) that
     * {@code [offset, offset + length)} touches and that were not prefaulted before.
     *
     * @param mapping the pool's writable mapping
     * @param offset the range's first byte in the pool
     * @param length the range's length
     */
    public void prefault(MappedRegion mapping, long offset, long length) {
        int first = (int) (offset / SpaceLayout.UNIT_SIZE);
        int end = (int) (SpaceLayout.alignUp(offset + length, SpaceLayout.UNIT_SIZE) / SpaceLayout.UNIT_SIZE);
        BitSet todo = new BitSet();
        synchronized (units) {
            todo.set(first, end);
            todo.andNot(units);
            units.or(todo); // taken now: a concurrent writer skips them, and at worst takes page faults
        }
        for (int unit = todo.nextSetBit(0); unit >= 0; unit = todo.nextSetBit(unit)) {
            int runEnd = todo.nextClearBit(unit);
            long from = (long) unit * SpaceLayout.UNIT_SIZE;
            long to = Math.min(mapping.length(), (long) runEnd * SpaceLayout.UNIT_SIZE);
            mapping.prefaultForWrite(from, to - from);
            unit = runEnd;
        }
    }
}
