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

    /** {@return the write-back instruction this CPU uses, e.g. {@code "clwb"}} Throws if the helper is missing. */
    public static String writeBackInstruction() {
        return name(Instructions.WRITE_BACK);
    }

    /** {@return the invalidation instruction this CPU uses, e.g. {@code "clflushopt"}} */
    public static String invalidateInstruction() {
        return name(Instructions.INVALIDATE);
    }

    static void writeBack(long address, long length) {
        Helper.LIB.aff_write_back(address, length, Instructions.WRITE_BACK);
    }

    static void invalidate(long address, long length) {
        Helper.LIB.aff_invalidate(address, length, Instructions.INVALIDATE);
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
        static final int FEATURES = Helper.LIB.aff_cpu_features();
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
