package io.arrowfamfs.famfs;

import io.arrowfamfs.nativeio.CachePolicy;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The contract on an emulated device in a disk file system, with the non-coherent cache policy:
 * every write-back and invalidation goes through the native helper, and data is msync'ed.
 */
class DiskNonCoherentVolumeTest extends VolumeContract {
    @Override
    Path newDirectory() throws Exception {
        Path base = Path.of("target");
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "arrowfamfs-test-");
    }

    @Override
    CachePolicy policy() {
        return CachePolicy.NON_COHERENT;
    }
}
