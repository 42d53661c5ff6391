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
    };

    abstract void writeBack(long address, long length);

    abstract void invalidate(long address, long length);

    /** Copies {@code length} bytes so that they are written back, as {@link #writeBack} would leave them, on return. */
    abstract void copyThrough(long destination, long source, long length);
}
