package io.arrowfamfs.nativeio;

import io.arrowfamfs.nativeio.Bindings.CacheLib;

import io.arrowfamfs.ArrowFamfsException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * CPU cache write-back and invalidation through the project's native helper
 * ({@code src/main/c/cache.c}), loaded from the class path on first use. The instruction is
 * chosen once: CLWB, else CLFLUSHOPT, else CLFLUSH for write-back; CLFLUSHOPT, else CLFLUSH for
 * invalidation (the same policy as famfs's fcc-x86_64.c).
 */
public final class CpuCache {
    private static final String RESOURCE = "linux-x86_64/libarrowfamfs-cache.so";

    private CpuCache() {}

    /** The write-back instruction this CPU uses, e.g. {@code "clwb"}; throws if the helper is missing. */
    public static String writeBackInstruction() {
        return name(Helper.WRITE_BACK);
    }

    /** The invalidation instruction this CPU uses, e.g. {@code "clflushopt"}. */
    public static String invalidateInstruction() {
        return name(Helper.INVALIDATE);
    }

    static void writeBack(long address, long length) {
        Helper.LIB.aff_write_back(address, length, Helper.WRITE_BACK);
    }

    static void invalidate(long address, long length) {
        Helper.LIB.aff_invalidate(address, length, Helper.INVALIDATE);
    }

    private static String name(int instruction) {
        return switch (instruction) {
            case CacheLib.CPU_CLWB -> "clwb";
            case CacheLib.CPU_CLFLUSHOPT -> "clflushopt";
            default -> "clflush";
        };
    }

    /** Loaded on first use so that coherent volumes never need the helper. */
    private static final class Helper {
        static final CacheLib LIB = load();
        static final int FEATURES = LIB.aff_cpu_features();
        static final int WRITE_BACK = pick(FEATURES, CacheLib.CPU_CLWB, CacheLib.CPU_CLFLUSHOPT);
        static final int INVALIDATE = pick(FEATURES, CacheLib.CPU_CLFLUSHOPT);

        private static int pick(int features, int... preferred) {
            for (int instruction : preferred) {
                if ((features & instruction) != 0) {
                    return instruction;
                }
            }
            if ((features & CacheLib.CPU_CLFLUSH) == 0) {
                throw new ArrowFamfsException("cpu has no cache flush instruction: features=" + features);
            }
            return CacheLib.CPU_CLFLUSH;
        }

        private static CacheLib load() {
            URL url = CpuCache.class.getResource(RESOURCE);
            if (url == null) {
                throw new ArrowFamfsException("cache helper missing: resource=" + RESOURCE + " arch="
                        + System.getProperty("os.arch")
                        + "; hint: the non-coherent cache policy needs x86_64 and a build with gcc");
            }
            try {
                Path library;
                if (url.getProtocol().equals("file")) {
                    library = Path.of(url.toURI());
                } else {
                    library = Files.createTempFile("arrowfamfs-cache", ".so");
                    try (InputStream in = url.openStream()) {
                        Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                CacheLib lib = Native.load(CacheLib.class, library.toAbsolutePath().toString());
                if (!url.getProtocol().equals("file")) {
                    Files.delete(library); // dlopen keeps it mapped; nothing to clean up later
                }
                return lib;
            } catch (IOException | URISyntaxException e) {
                throw new ArrowFamfsException("cannot load cache helper: resource=" + url + " error=" + e, e);
            }
        }
    }
}
