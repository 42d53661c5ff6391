package io.arrowfamfs.nativeio;

import java.lang.invoke.VarHandle;

/**
 * How a volume keeps CPU caches and shared memory in step.
 *
 * <ul>
 *   <li>{@link #COHERENT}: the memory is cache coherent with every reader (one host, as with
 *       /dev/shm, or coherent CXL). Publishing needs only ordering, so both operations are
 *       fences. The default for emulated devices.
 *   <li>{@link #NON_COHERENT}: hosts share memory without hardware coherence. Writers write
 *       their dirty lines back (CLWB, else CLFLUSHOPT, else CLFLUSH, then SFENCE) before they
 *       publish; readers drop their cached lines (CLFLUSHOPT, else CLFLUSH) before they read
 *       what was published. Needs the native helper ({@link CpuCache}).
 * </ul>
 */
public enum CachePolicy {
    /** Cache-coherent memory: publishing and reading need only fences. */
    COHERENT {
        @Override
        void writeBack(long address, long length) {
            VarHandle.fullFence();
        }

        @Override
        void copyThrough(long destination, long source, long length) {
            com.kenai.jffi.MemoryIO.getInstance().copyMemory(source, destination, length);
            VarHandle.fullFence();
        }

        @Override
        void invalidate(long address, long length) {
            VarHandle.fullFence();
        }

        @Override
        boolean copiesWithCrc32c() {
            return false;
        }
    },
    /** Memory without hardware coherence: cache lines are written back and invalidated. */
    NON_COHERENT {
        @Override
        void writeBack(long address, long length) {
            CpuCache.writeBack(address, length);
        }

        @Override
        void copyThrough(long destination, long source, long length) {
            CpuCache.copyThrough(destination, source, length);
        }

        @Override
        void invalidate(long address, long length) {
            CpuCache.invalidate(address, length);
        }

        @Override
        boolean copiesWithCrc32c() {
            return CpuCache.hasCrc32c();
        }

        @Override
        int copyThroughCrc32c(long destination, long source, long length, int crc, long minMax) {
            return CpuCache.copyThroughCrc32c(destination, source, length, crc, minMax);
        }

        @Override
        int crc32c(int crc, long address, long length) {
            return CpuCache.crc32c(crc, address, length);
        }
    };

    abstract void writeBack(long address, long length);

    abstract void invalidate(long address, long length);

    /** Copies {@code length} bytes so that they are written back, as {@link #writeBack} would leave them, on return. */
    abstract void copyThrough(long destination, long source, long length);

    /**
     * {@return whether {@link #copyThroughCrc32c} and {@link #crc32c} work: the copy that
     * checksums what it copies in the same read of the source}
     */
    abstract boolean copiesWithCrc32c();

    /**
     * As {@link #copyThrough}, also checksumming the bytes as they are read: returns their
     * CRC32C continued from {@code crc} (a {@link java.util.zip.CRC32C#getValue()} value, 0 for
     * none yet). When {@code minMax} is not 0 it is the address of two signed 64-bit values, the
     * least and greatest so far, into which every whole little-endian 64-bit value copied is folded.
     * Only when {@link #copiesWithCrc32c()}.
     */
    int copyThroughCrc32c(long destination, long source, long length, int crc, long minMax) {
        throw new UnsupportedOperationException(this + " copies without a checksum");
    }

    /** {@return the CRC32C of {@code length} bytes at {@code address} continued from {@code crc}} Only when {@link #copiesWithCrc32c()}. */
    int crc32c(int crc, long address, long length) {
        throw new UnsupportedOperationException(this + " has no native checksum");
    }
}
