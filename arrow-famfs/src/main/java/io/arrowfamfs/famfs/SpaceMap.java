package io.arrowfamfs.famfs;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which allocation units of the device are in use, rebuilt from the log as famfs's
 * {@code famfs_build_bitmap} does: one bit per unit, {@code floor(deviceSize / unit)} bits (famfs
 * rounds up and could hand out a partial last unit; we do not), with the superblock and log
 * always in use. Not thread-safe; owned by one {@link NamespaceBuilder}.
 */
final class SpaceMap {
    private final long unit;
    private final int units;
    private final int reservedUnits;
    private final BitSet used;

    SpaceMap(long deviceSize, long unit, long dataOffset) {
        this.unit = unit;
        long count = deviceSize / unit;
        if (count > Integer.MAX_VALUE) {
            throw new UnsupportedDeviceException(
                    "device too large for the space map: units=" + count + " maximum=" + Integer.MAX_VALUE);
        }
        this.units = (int) count;
        this.reservedUnits = (int) ((dataOffset + unit - 1) / unit);
        this.used = new BitSet(units);
        used.set(0, Math.min(reservedUnits, units));
    }

    private SpaceMap(SpaceMap other) {
        this.unit = other.unit;
        this.units = other.units;
        this.reservedUnits = other.reservedUnits;
        this.used = (BitSet) other.used.clone();
    }

    SpaceMap copy() {
        return new SpaceMap(this);
    }

    long unit() {
        return unit;
    }

    int units() {
        return units;
    }

    /** Bytes usable by files: every whole unit after the metadata. */
    long dataBytes() {
        return (long) (units - reservedUnits) * unit;
    }

    long usedDataBytes() {
        return (long) (used.cardinality() - reservedUnits) * unit;
    }

    long freeBytes() {
        return dataBytes() - usedDataBytes();
    }

    /** True when {@code [offset, offset+length)} is whole units inside the data area. */
    boolean isPlaceable(long offset, long length) {
        return length > 0
                && offset % unit == 0
                && length % unit == 0
                && offset >= (long) reservedUnits * unit
                && offset <= (long) units * unit - length;
    }

    /** Marks a placeable range used; returns true if any unit of it was already in use. */
    boolean mark(long offset, long length) {
        int from = (int) (offset / unit);
        int to = (int) ((offset + length) / unit);
        boolean collision = used.nextSetBit(from) >= 0 && used.nextSetBit(from) < to;
        used.set(from, to);
        return collision;
    }

    /** First unit of the first free run of {@code count} units inside units {@code [from, to)}, or -1. */
    int findFree(int from, int to, int count) {
        int start = used.nextClearBit(Math.max(from, reservedUnits));
        while (start >= 0 && start + count <= to) {
            int nextUsed = used.nextSetBit(start);
            if (nextUsed < 0 || nextUsed >= start + count) {
                return start;
            }
            start = used.nextClearBit(nextUsed);
        }
        return -1;
    }

    /** Free runs as {unit, count} pairs, in device order. */
    List<int[]> freeRuns() {
        List<int[]> runs = new ArrayList<>();
        for (int start = used.nextClearBit(reservedUnits); start < units; ) {
            int end = used.nextSetBit(start);
            end = end < 0 || end > units ? units : end;
            runs.add(new int[] {start, end - start});
            start = used.nextClearBit(end);
        }
        return runs;
    }

    long largestFreeBytes() {
        return freeRuns().stream().mapToLong(run -> (long) run[1] * unit).max().orElse(0);
    }
}
