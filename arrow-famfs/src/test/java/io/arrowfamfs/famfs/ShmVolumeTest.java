package io.arrowfamfs.famfs;

import io.arrowfamfs.nativeio.CachePolicy;
import java.nio.file.Files;
import java.nio.file.Path;

/** The contract on an emulated device in /dev/shm, coherent memory: the default set-up. */
class ShmVolumeTest extends VolumeContract {
    @Override
    Path newDirectory() throws Exception {
        return Files.createTempDirectory(Path.of("/dev/shm"), "arrowfamfs-test-");
    }

    @Override
    CachePolicy policy() {
        return CachePolicy.COHERENT;
    }
}
