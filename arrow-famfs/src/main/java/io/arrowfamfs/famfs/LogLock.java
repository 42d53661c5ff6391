package io.arrowfamfs.famfs;

import io.arrowfamfs.nativeio.NativeFile;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The log lock: an exclusive {@code flock} on the device file, held for one append. It
 * serialises writer processes on the master host (famfs has no cross-host lock: only the master
 * writes). Waits up to a timeout, then throws {@link LockTimeoutException}.
 */
final class LogLock implements AutoCloseable {
    private final NativeFile file;

    private LogLock(NativeFile file) {
        this.file = file;
    }

    static LogLock acquire(NativeFile file, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 100_000;
        while (!file.tryLockExclusive()) {
            if (System.nanoTime() - deadline > 0) {
                throw new LockTimeoutException("log lock busy: device=" + file.path() + " waited=" + timeout.toMillis()
                        + "ms; another writer process holds it; hint: wait for it or raise the lock timeout");
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 10_000_000);
        }
        return new LogLock(file);
    }

    @Override
    public void close() {
        file.unlock();
    }
}
