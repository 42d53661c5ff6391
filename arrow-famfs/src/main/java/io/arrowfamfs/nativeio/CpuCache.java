package io.arrowfamfs.nativeio;

import io.arrowfamfs.ArrowFamfsException;
import io.arrowfamfs.nativeio.Bindings.HelperLib;

/**
 * CPU cache write-back and invalidation through the project's native helper
 * ({@code src/main/c/cache.c}). The instruction is
 * chosen once: CLWB, else CLFLUSHOPT, else CLFLUSH for write-back; CLFLUSHOPT, else CLFLUSH for
 * invalidation (the same policy as famfs's fcc-x86_64.c).
 */
public final class CpuCache {
    private CpuCache() {}

    /**
     * {@return the write-back instruction this CPU uses, e.g. {@code "clwb"}}
     *
     * @throws NativeHelperUnavailableException if the helper cannot be loaded
     */
    public static String writeBackInstruction() {
        Helper.lib(); // fails with the typed exception before Instructions could fail to initialise
        return name(Instructions.WRITE_BACK);
    }

    /**
     * {@return the invalidation instruction this CPU uses, e.g. {@code "clflushopt"}}
     *
     * @throws NativeHelperUnavailableException if the helper cannot be loaded
     */
    public static String invalidateInstruction() {
        Helper.lib();
        return name(Instructions.INVALIDATE);
    }

    // Helper.lib() is evaluated before the argument that initialises Instructions.
    static void writeBack(long address, long length) {
        Helper.lib().aff_write_back(address, length, Instructions.WRITE_BACK);
    }

    static void copyThrough(long destination, long source, long length) {
        Helper.lib().aff_copy_through(destination, source, length, Instructions.WRITE_BACK);
    }

    /** {@return whether this CPU has the CRC32C instruction (SSE4.2) the checksumming copy needs} */
    static boolean hasCrc32c() {
        return (Instructions.FEATURES & HelperLib.CPU_CRC32) != 0;
    }

    /** As {@link #copyThrough}, returning the CRC32C of the bytes continued from {@code crc}; see {@link CachePolicy#copyThroughCrc32c}. */
    static int copyThroughCrc32c(long destination, long source, long length, int crc, long minMax) {
        return Helper.lib().aff_copy_through_crc(destination, source, length, Instructions.WRITE_BACK, crc, minMax);
    }

    /** The CRC32C of {@code length} bytes at {@code address} continued from {@code crc}. */
    static int crc32c(int crc, long address, long length) {
        return Helper.lib().aff_crc32c(crc, address, length);
    }

    static void invalidate(long address, long length) {
        Helper.lib().aff_invalidate(address, length, Instructions.INVALIDATE);
        NativeResources.INSTANCE.invalidated(length);
    }

    private static String name(int instruction) {
        return switch (instruction) {
            case HelperLib.CPU_CLWB -> "clwb";
            case HelperLib.CPU_CLFLUSHOPT -> "clflushopt";
            default -> "clflush";
        };
    }

    /** Loaded on first use so that coherent volumes never need the helper. */
    private static final class Instructions {
        static final int FEATURES = Helper.lib().aff_cpu_features();
        static final int WRITE_BACK = pick(FEATURES, HelperLib.CPU_CLWB, HelperLib.CPU_CLFLUSHOPT);
        static final int INVALIDATE = pick(FEATURES, HelperLib.CPU_CLFLUSHOPT);

        private static int pick(int features, int... preferred) {
            for (int instruction : preferred) {
                if ((features & instruction) != 0) {
                    return instruction;
                }
            }
            if ((features & HelperLib.CPU_CLFLUSH) == 0) {
                throw new ArrowFamfsException("cpu has no cache flush instruction: features=" + features);
            }
            return HelperLib.CPU_CLFLUSH;
        }
    }
}
