package io.arrowfamfs.nativeio;

import io.arrowfamfs.nativeio.Bindings.LibC;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jnr.ffi.Pointer;

/**
 * A mapping of file bytes into this process: the one way other packages touch mapped memory.
 *
 * <p><b>Bounds.</b> Every access is checked against {@link #length()} in {@code long}
 * arithmetic, so {@code offset + size} cannot overflow past the check.
 *
 * <p><b>Ownership.</b> The region starts with one reference, owned by whoever mapped it and
 * released by {@link #close()} (idempotent). Anyone else who keeps the region, for example an
 * Arrow buffer wrapping it, takes a reference with {@link #retain()} and gives it back with
 * {@link #release()}. The memory is unmapped exactly once, when the count reaches zero; from
 * then on every access throws {@link ResourceClosedException}.
 *
 * <p><b>Ordering.</b> Plain accesses have no ordering. {@link #getLongAcquire(long)} and
 * {@link #putLongRelease(long, long)} order a published counter after the data it covers on
 * this host; across hosts use {@link #writeBack} and {@link #invalidate} with the volume's
 * {@link CachePolicy}.
 *
 * <p><b>Views.</b> Tests that run a protocol on memory without cache coherence make one view of
 * a region per simulated host ({@code view}, package-private): the same bytes, with the loads,
 * stores, write-backs and invalidations going to that host's simulated cache
 * ({@code CacheLines}). A view holds a reference on its region and gives it back when it is
 * released. A mapped region has no cache lines of its own: its accessors are the same code as
 * before, reading and writing the mapping directly.
 */
public final class MappedRegion implements AutoCloseable {
    private final String resource;
    private final long address;
    private final long length;
    private final long unmapAddress;
    private final long unmapLength;
    /** Gives the memory back when the last reference goes: munmap for a mapping, a reference on the parent for a slice or a view. */
    private final Runnable unmapper;

    private final boolean writable;
    private final Pointer memory;
    /** A view's simulated cache, null for a mapped region: where {@link #writeBack} and {@link #invalidate} go. */
    private final CacheLines lines;

    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean ownerClosed = new AtomicBoolean();
    private volatile boolean mapped = true;

    MappedRegion(String resource, long address, long length, long unmapAddress, long unmapLength, boolean writable) {
        this.resource = resource;
        this.writable = writable;
        this.address = address;
        this.length = length;
        this.unmapAddress = unmapAddress;
        this.unmapLength = unmapLength;
        this.memory = Native.pointer(address, length);
        this.unmapper = this::munmap;
        this.lines = null;
        NativeResources.INSTANCE.mapped(unmapLength);
    }

    /**
     * A slice of {@code parent}, holding one reference on it (taken by the caller) until the
     * slice's last goes; then runs {@code onRelease}.
     */
    private MappedRegion(MappedRegion parent, long offset, long length, Runnable onRelease) {
        this.resource = parent.resource + " slice=[" + offset + "," + (offset + length) + ")";
        this.writable = parent.writable;
        this.address = parent.address + offset;
        this.length = length;
        this.unmapAddress = parent.unmapAddress;
        this.unmapLength = parent.unmapLength;
        this.memory = parent.lines == null ? Native.pointer(address, length) : parent.memory.slice(offset, length);
        this.lines = parent.lines == null ? null : parent.lines.shifted(offset);
        this.unmapper = () -> {
            try {
                onRelease.run();
            } finally {
                NativeResources.INSTANCE.sliceReleased();
                parent.release();
            }
        };
        NativeResources.INSTANCE.sliced();
    }

    private MappedRegion(MappedRegion base, String host, Pointer memory, CacheLines lines, boolean writable) {
        this.resource = base.resource + "@" + host;
        this.address = base.address;
        this.length = base.length;
        this.unmapAddress = base.unmapAddress;
        this.unmapLength = base.unmapLength;
        this.writable = writable && base.writable;
        this.memory = memory;
        this.lines = lines;
        this.unmapper = base::release;
    }

    /**
     * A view of {@code base} as simulated host {@code host} sees it: every access goes through
     * {@code memory}, every write-back and invalidation to {@code lines}, whatever
     * {@link CachePolicy} the caller passes. The view takes a reference on {@code base} and gives
     * it back when its own last reference is released. For simulators in tests only.
     *
     * @param base the mapped region the view shows
     * @param host the simulated host's name, appended to the resource for messages
     * @param memory where the view's loads and stores go, over {@code base}'s {@link #length()} bytes
     * @param lines what the view's write-backs and invalidations do
     * @param writable false for a view whose every write method throws {@link ReadOnlyRegionException}
     * @return the view, which the caller closes
     */
    static MappedRegion view(MappedRegion base, String host, Pointer memory, CacheLines lines, boolean writable) {
        base.retain();
        return new MappedRegion(base, host, memory, lines, writable);
    }

    /** {@return the number of regions mapped and not yet unmapped in this JVM} Tests check it returns to zero. */
    public static long liveMappings() {
        return NativeResources.INSTANCE.getLiveMappings();
    }

    /** {@return the number of slices ({@link #slice}) not yet released in this JVM} Tests check it returns to zero. */
    public static long liveSlices() {
        return NativeResources.INSTANCE.getLiveSlices();
    }

    /** {@return the bytes of address space held by live regions in this JVM} */
    public static long liveBytes() {
        return NativeResources.INSTANCE.getLiveMappedBytes();
    }

    /**
     * {@return the bytes this JVM invalidated on non-coherent memory so far} See
     * {@link NativeResourcesMXBean#getInvalidatedBytes()}.
     */
    public static long invalidatedBytes() {
        return NativeResources.INSTANCE.getInvalidatedBytes();
    }

    /** {@return what this region maps, for messages: the file and the range} */
    public String resource() {
        return resource;
    }

    /** {@return the bytes accessible through this region} */
    public long length() {
        return length;
    }

    /**
     * The virtual address of byte 0, for zero-copy wrappers (Arrow buffers) that must hold a
     * reference ({@link #retain()}) for as long as they use it.
     *
     * @return the address of byte 0
     */
    public long address() {
        checkMapped();
        return address;
    }

    /** {@return false for read-only mappings} Every write method then throws {@link ReadOnlyRegionException}. */
    public boolean isWritable() {
        return writable;
    }

    /** {@return whether the memory is still mapped: false once the last reference is released} */
    public boolean isMapped() {
        return mapped;
    }

    /**
     * Reads one byte.
     *
     * @param offset where, from byte 0 of the region
     * @return the byte at {@code offset}
     */
    public byte getByte(long offset) {
        check(offset, 1);
        return memory.getByte(offset);
    }

    /**
     * Reads a native-order (little-endian) int.
     *
     * @param offset where, from byte 0 of the region
     * @return the int at {@code offset}
     */
    public int getInt(long offset) {
        check(offset, 4);
        return memory.getInt(offset);
    }

    /**
     * Reads a native-order (little-endian) long.
     *
     * @param offset where, from byte 0 of the region
     * @return the long at {@code offset}
     */
    public long getLong(long offset) {
        check(offset, 8);
        return memory.getLongLong(offset);
    }

    /**
     * Reads a long after every load before it (acquire): pairs with {@link #putLongRelease}.
     *
     * @param offset where, from byte 0 of the region
     * @return the long at {@code offset}
     */
    public long getLongAcquire(long offset) {
        check(offset, 8);
        long value = memory.getLongLong(offset);
        VarHandle.acquireFence();
        return value;
    }

    /**
     * Writes one byte.
     *
     * @param offset where, from byte 0 of the region
     * @param value the byte
     */
    public void putByte(long offset, byte value) {
        checkWritable(offset, 1);
        memory.putByte(offset, value);
    }

    /**
     * Writes a native-order (little-endian) int.
     *
     * @param offset where, from byte 0 of the region
     * @param value the int
     */
    public void putInt(long offset, int value) {
        checkWritable(offset, 4);
        memory.putInt(offset, value);
    }

    /**
     * Writes a native-order (little-endian) long.
     *
     * @param offset where, from byte 0 of the region
     * @param value the long
     */
    public void putLong(long offset, long value) {
        checkWritable(offset, 8);
        memory.putLongLong(offset, value);
    }

    /**
     * Writes a long after every store before it (release): readers that see it see them too.
     *
     * @param offset where, from byte 0 of the region
     * @param value the long
     */
    public void putLongRelease(long offset, long value) {
        checkWritable(offset, 8);
        VarHandle.releaseFence();
        memory.putLongLong(offset, value);
    }

    /**
     * Copies bytes out of the region.
     *
     * @param offset where to start reading, from byte 0 of the region
     * @param dst the array to copy into
     * @param dstIndex where in {@code dst} the first byte goes
     * @param count how many bytes
     */
    public void getBytes(long offset, byte[] dst, int dstIndex, int count) {
        Objects.checkFromIndexSize(dstIndex, count, dst.length);
        check(offset, count);
        memory.get(offset, dst, dstIndex, count);
    }

    /**
     * A copy of {@code count} bytes at {@code offset}: validate copies, never live memory.
     *
     * @param offset where to start reading, from byte 0 of the region
     * @param count how many bytes
     * @return a new array with the bytes
     */
    public byte[] copyOf(long offset, int count) {
        byte[] bytes = new byte[count];
        getBytes(offset, bytes, 0, count);
        return bytes;
    }

    /**
     * Copies bytes into the region.
     *
     * @param offset where to start writing, from byte 0 of the region
     * @param src the array to copy from
     * @param srcIndex where in {@code src} the first byte is
     * @param count how many bytes
     */
    public void putBytes(long offset, byte[] src, int srcIndex, int count) {
        Objects.checkFromIndexSize(srcIndex, count, src.length);
        checkWritable(offset, count);
        memory.put(offset, src, srcIndex, count);
    }

    /**
     * Copies the remaining bytes of {@code src} (direct or heap) to {@code offset}; src's position is unchanged.
     *
     * @param offset where to start writing, from byte 0 of the region
     * @param src the bytes, from its position to its limit
     */
    public void putBytes(long offset, ByteBuffer src) {
        int count = src.remaining();
        checkWritable(offset, count);
        if (src.isDirect()) {
            memory.transferFrom(offset, Native.pointer(src), 0, count);
        } else {
            memory.put(offset, src.array(), src.arrayOffset() + src.position(), count);
        }
    }

    /**
     * Copies the remaining bytes of the direct buffer {@code src} to {@code offset} and writes
     * them back under {@code policy}, as {@link #putBytes(long, ByteBuffer)} followed by {@link
     * #writeBack} would, but faster for bulk data: on memory without coherence the whole cache
     * lines go straight to memory with non-temporal stores. src's position is unchanged.
     *
     * @param offset where to start writing, from byte 0 of the region
     * @param src the bytes, from its position to its limit; a direct buffer
     * @param policy how this region's memory is kept coherent with other hosts
     */
    public void putThrough(long offset, ByteBuffer src, CachePolicy policy) {
        if (!src.isDirect()) {
            throw new IllegalArgumentException("putThrough needs a direct buffer: " + src);
        }
        int count = src.remaining();
        checkWritable(offset, count);
        if (lines == null) {
            policy.copyThrough(address + offset, Native.pointer(src).address(), count);
        } else {
            memory.transferFrom(offset, Native.pointer(src), 0, count);
            lines.writeBack(offset, count);
        }
    }

    /**
     * {@return whether {@link #putThroughCrc32c} and {@link #fillThroughCrc32c} work here under
     * {@code policy}: its copy checksums as it copies (not on the non-coherence simulator)}
     *
     * @param policy how this region's memory is kept coherent with other hosts
     */
    public boolean copiesWithCrc32c(CachePolicy policy) {
        return lines == null && policy.copiesWithCrc32c();
    }

    /**
     * {@link #putThrough}, reading the source once for the copy and its checksum: returns the
     * CRC32C of the bytes continued from {@code crc}. With {@code minMax} (a direct buffer of
     * two native-order signed longs, the least and greatest so far), also folds every whole
     * 64-bit value copied into it. Only when {@link #copiesWithCrc32c}.
     *
     * @param offset where to start writing, from byte 0 of the region
     * @param src the bytes, from its position to its limit; a direct buffer; unchanged
     * @param policy how this region's memory is kept coherent with other hosts
     * @param crc a {@link java.util.zip.CRC32C#getValue()} value of the bytes before, 0 for none
     * @param minMax null, or the running least and greatest 64-bit value
     * @return the CRC32C continued over the bytes copied
     */
    public int putThroughCrc32c(long offset, ByteBuffer src, CachePolicy policy, int crc, ByteBuffer minMax) {
        if (!src.isDirect() || (minMax != null && (!minMax.isDirect() || minMax.capacity() < 2 * Long.BYTES))) {
            throw new IllegalArgumentException("putThroughCrc32c needs direct buffers: " + src + " " + minMax);
        }
        requireCrc32c(policy);
        int count = src.remaining();
        checkWritable(offset, count);
        long range = minMax == null ? 0 : Native.pointer(minMax).address();
        return policy.copyThroughCrc32c(address + offset, Native.pointer(src).address(), count, crc, range);
    }

    /**
     * Sets {@code count} bytes to zero and writes them back, as {@link #fill} and {@link
     * #writeBack}; returns the CRC32C continued over them from {@code crc}. Only when {@link
     * #copiesWithCrc32c}.
     *
     * @param offset the first byte, from byte 0 of the region
     * @param count how many bytes
     * @param policy how this region's memory is kept coherent with other hosts
     * @param crc a {@link java.util.zip.CRC32C#getValue()} value of the bytes before
     * @return the CRC32C continued over the zeros
     */
    public int fillThroughCrc32c(long offset, long count, CachePolicy policy, int crc) {
        requireCrc32c(policy);
        fill(offset, count, (byte) 0);
        writeBack(offset, count, policy);
        return policy.crc32c(crc, address + offset, count);
    }

    private void requireCrc32c(CachePolicy policy) {
        if (!copiesWithCrc32c(policy)) {
            throw new IllegalStateException("no checksumming copy here: policy=" + policy
                    + (lines == null ? "" : " (non-coherence simulator)"));
        }
    }

    /**
     * Sets {@code count} bytes to {@code value}.
     *
     * @param offset the first byte, from byte 0 of the region
     * @param count how many bytes
     * @param value the byte they all get
     */
    public void fill(long offset, long count, byte value) {
        checkWritable(offset, count);
        memory.setMemory(offset, count, value);
    }

    /**
     * Makes stores to the range visible to other hosts under {@code policy}, then fences.
     *
     * @param offset the range's first byte, from byte 0 of the region
     * @param count the range's length in bytes
     * @param policy how this volume's memory is kept coherent
     */
    public void writeBack(long offset, long count, CachePolicy policy) {
        check(offset, count);
        if (lines == null) {
            policy.writeBack(address + offset, count);
        } else {
            lines.writeBack(offset, count);
        }
    }

    /**
     * Drops this host's cached copy of the range under {@code policy} before reading it.
     *
     * @param offset the range's first byte, from byte 0 of the region
     * @param count the range's length in bytes
     * @param policy how this volume's memory is kept coherent
     */
    public void invalidate(long offset, long count, CachePolicy policy) {
        check(offset, count);
        if (lines == null) {
            policy.invalidate(address + offset, count);
        } else {
            lines.invalidate(offset, count);
        }
    }

    /**
     * Faults the pages of a range in now, so that first reads take no page fault: what
     * MAP_POPULATE does for a whole mapping, for a slice of one (madvise POPULATE_READ, or one
     * read per page on kernels before 5.14).
     *
     * @param offset the range's first byte, from byte 0 of the region
     * @param count the range's length in bytes
     */
    public void prefault(long offset, long count) {
        check(offset, count);
        long start = (address + offset) & -NativeFile.PAGE_SIZE;
        long end = address + offset + count;
        if (Native.LIBC.madvise(start, end - start, LibC.MADV_POPULATE_READ) != 0) {
            for (long page = start; page < end; page += NativeFile.PAGE_SIZE) {
                memory.getByte(Math.max(page, address + offset) - address);
            }
        }
    }

    /**
     * Faults the pages of a range in now, writable, so that a writer's first stores take no page
     * fault each (madvise POPULATE_WRITE); a hint, skipped where the kernel (before 5.14) has no
     * such advice: the stores then fault as usual.
     *
     * @param offset the range's first byte, from byte 0 of the region
     * @param count the range's length in bytes
     * @throws ReadOnlyRegionException if the region is read-only
     */
    public void prefaultForWrite(long offset, long count) {
        checkWritable(offset, count);
        long start = (address + offset) & -NativeFile.PAGE_SIZE;
        long end = address + offset + count;
        Native.LIBC.madvise(start, end - start, LibC.MADV_POPULATE_WRITE);
    }

    /** Asks the kernel to read ahead the whole region (madvise WILLNEED) and treat it sequentially. */
    public void adviseSequential() {
        checkMapped();
        Native.check(
                Native.LIBC.madvise(unmapAddress, unmapLength, LibC.MADV_SEQUENTIAL),
                "madvise",
                resource,
                "advice=sequential");
    }

    /**
     * Writes dirty pages of a file-backed region to its storage (msync MS_SYNC).
     *
     * @param offset the range's first byte, from byte 0 of the region
     * @param count the range's length in bytes
     */
    public void sync(long offset, long count) {
        check(offset, count);
        long start = (address + offset) & -NativeFile.PAGE_SIZE;
        long end = address + offset + count;
        Native.check(
                Native.LIBC.msync(start, end - start, LibC.MS_SYNC),
                "msync",
                resource,
                "offset=" + offset,
                "length=" + count);
    }

    /**
     * A region over {@code [offset, offset + length)} of this one, sharing its memory: what a frame
     * inside a pool is attached through. The slice has its own references, starting with one
     * owned by the caller, and holds one reference on this region until its last is released; so
     * this region's owner may close its reference first, and the memory stays mapped until every
     * slice is released too. {@link #adviseSequential} on a slice advises the whole mapping.
     *
     * @param offset the slice's first byte, from byte 0 of this region
     * @param length the slice's length in bytes
     * @return the slice, which the caller closes
     * @throws IndexOutOfBoundsException if the range lies outside this region
     * @throws ResourceClosedException if this region is unmapped
     */
    public MappedRegion slice(long offset, long length) {
        return slice(offset, length, () -> {});
    }

    /**
     * A slice, as {@link #slice(long, long)}, that runs {@code onRelease} once, when its last
     * reference is released: how a reader's pin on the bytes lasts exactly as long as anything
     * (a frame, a vector, an engine's copy of a buffer address) still holds the slice.
     *
     * @param offset the slice's first byte, from byte 0 of this region
     * @param length the slice's length in bytes
     * @param onRelease run on the thread that releases the last reference; it must not throw
     * @return the slice, which the caller closes
     * @throws IndexOutOfBoundsException if the range lies outside this region
     * @throws ResourceClosedException if this region is unmapped
     */
    public MappedRegion slice(long offset, long length, Runnable onRelease) {
        check(offset, length);
        retain();
        return new MappedRegion(this, offset, length, onRelease);
    }

    /**
     * Takes a reference; the region stays mapped until every reference is released.
     *
     * @return this region
     */
    public MappedRegion retain() {
        int before;
        do {
            before = references.get();
            if (before == 0) {
                throw new ResourceClosedException(resource);
            }
        } while (!references.compareAndSet(before, before + 1));
        return this;
    }

    /** Gives back a reference taken with {@link #retain()}; unmaps when it was the last. */
    public void release() {
        int after = references.decrementAndGet();
        if (after == 0) {
            unmap();
        } else if (after < 0) {
            references.incrementAndGet();
            throw new IllegalStateException("region released more often than retained: resource=" + resource);
        }
    }

    /** Releases the owner's reference, once; later calls do nothing. */
    @Override
    public void close() {
        if (ownerClosed.compareAndSet(false, true)) {
            release();
        }
    }

    private void unmap() {
        mapped = false;
        unmapper.run();
    }

    private void munmap() {
        NativeResources.INSTANCE.unmapped(unmapLength);
        Native.check(Native.LIBC.munmap(unmapAddress, unmapLength), "munmap", resource, "length=" + unmapLength);
    }

    private void checkMapped() {
        if (!mapped) {
            throw new ResourceClosedException(resource);
        }
    }

    private void checkWritable(long offset, long count) {
        check(offset, count);
        if (!writable) {
            throw new ReadOnlyRegionException(resource);
        }
    }

    private void check(long offset, long count) {
        checkMapped();
        if (offset < 0 || count < 0 || offset > length - count) {
            throw new IndexOutOfBoundsException("access outside mapping: resource=" + resource + " offset=" + offset
                    + " count=" + count + " length=" + length);
        }
    }

    @Override
    public String toString() {
        return "MappedRegion[" + resource + ", length=" + length + (mapped ? "" : ", unmapped") + "]";
    }
}
