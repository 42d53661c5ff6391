package io.arrowfamfs.catalog;

import static io.arrowfamfs.testkit.FamfsSpecImage.MIB;

import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each test gets a fresh 256 MiB device mastered by {@link CatalogTest#MASTER} and an allocator, released after it. */
abstract class ScratchDeviceTest {
    @RegisterExtension
    final ShmDir shm = new ShmDir();

    BufferAllocator allocator;
    Path device;

    @BeforeEach
    void formatDevice() {
        allocator = new RootAllocator();
        device = shm.device("dev.img");
        Mkfs.format(device, MkfsOptions.of(256 * MIB, CatalogTest.MASTER));
    }

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    /** Waits (a minute at most) until {@code condition} holds; fails naming {@code what} if it never does. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("never happened: " + what);
            }
            LockSupport.parkNanos(10_000_000);
        }
    }
}
