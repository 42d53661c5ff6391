package io.arrowfamfs.famfs;

import io.arrowfamfs.famfs.omf.Extent;
import io.arrowfamfs.famfs.omf.FileMap;
import io.arrowfamfs.famfs.omf.InterleavedFileMap;
import io.arrowfamfs.famfs.omf.LogDescriptor;
import io.arrowfamfs.famfs.omf.SimpleFileMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses where a new file goes, from a {@link SpaceMap} of the replayed log. Never returns a
 * range that overlaps the metadata or another file; it does not mark what it returns (the log
 * append that records the file does).
 *
 * <ul>
 *   <li>Packed: first fit of one contiguous run (famfs's contiguous allocator). When no run is
 *       large enough, the largest free runs, at most 16 extents, in device order.
 *   <li>Striped: famfs's strided allocator: {@code stripes = ceil(units / (strips * chunk))},
 *       every strip {@code stripes * chunk} long, one strip from each of the first buckets (the
 *       device cut into {@code buckets} equal parts, in order) that has room.
 * </ul>
 */
final class ExtentAllocator {
    private final SpaceMap space;
    private final String device;

    ExtentAllocator(SpaceMap space, String device) {
        this.space = space;
        this.device = device;
    }

    FileMap allocate(long size, Placement placement) {
        if (size <= 0) {
            throw new IllegalArgumentException("file size must be positive: size=" + size);
        }
        if (placement instanceof Placement.Striped striped && size >= striped.chunkSize()) {
            return striped(size, striped);
        }
        return packed(size);
    }

    private FileMap packed(long size) {
        long unit = space.unit();
        long needed = (size + unit - 1) / unit;
        if (needed > space.units()) {
            throw outOfSpace(size);
        }
        int start = space.findFree(0, space.units(), (int) needed);
        if (start >= 0) {
            return new SimpleFileMap(List.of(new Extent(start * unit, needed * unit)));
        }
        List<int[]> runs = space.freeRuns();
        runs.sort(Comparator.comparingInt((int[] run) -> run[1]).reversed());
        List<Extent> extents = new ArrayList<>();
        long remaining = needed;
        for (int[] run : runs) {
            if (remaining == 0 || extents.size() == LogDescriptor.MAX_SIMPLE_EXTENTS) {
                break;
            }
            long take = Math.min(run[1], remaining);
            extents.add(new Extent(run[0] * unit, take * unit));
            remaining -= take;
        }
        if (remaining > 0) {
            throw outOfSpace(size);
        }
        extents.sort(Comparator.comparingLong(Extent::offset));
        return new SimpleFileMap(extents);
    }

    private FileMap striped(long size, Placement.Striped striped) {
        long unit = space.unit();
        if (striped.chunkSize() % unit != 0) {
            throw new InvalidOptionException("invalid striping: chunk_size=" + striped.chunkSize()
                    + " expected=a multiple of the allocation unit " + unit);
        }
        long chunkUnits = striped.chunkSize() / unit;
        long units = (size + unit - 1) / unit;
        long stripe = striped.strips() * chunkUnits;
        long stripUnits = (units + stripe - 1) / stripe * chunkUnits;
        int bucketUnits = space.units() / striped.buckets();
        List<Extent> strips = new ArrayList<>();
        for (int bucket = 0; bucket < striped.buckets() && strips.size() < striped.strips(); bucket++) {
            if (stripUnits > bucketUnits) {
                break;
            }
            int start = space.findFree(bucket * bucketUnits, (bucket + 1) * bucketUnits, (int) stripUnits);
            if (start >= 0) {
                strips.add(new Extent(start * unit, stripUnits * unit));
            }
        }
        if (strips.size() < striped.strips()) {
            throw new OutOfSpaceException("no room to stripe: device=" + device + " requested=" + size
                    + " strips=" + striped.strips() + " strip_bytes=" + stripUnits * unit + " buckets="
                    + striped.buckets() + " bucket_bytes=" + (long) bucketUnits * unit + " buckets_with_room="
                    + strips.size());
        }
        return new InterleavedFileMap(striped.chunkSize(), strips);
    }

    private OutOfSpaceException outOfSpace(long size) {
        return new OutOfSpaceException("device full: device=" + device + " requested=" + size + " free="
                + space.freeBytes() + " largest_free_extent=" + space.largestFreeBytes()
                + " max_extents=" + LogDescriptor.MAX_SIMPLE_EXTENTS);
    }
}
