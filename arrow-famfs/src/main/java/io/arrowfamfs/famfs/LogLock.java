package io.arrowfamfs.famfs;

import io.arrowfamfs.nativeio.NativeFile;
import java.nio.file.Path;
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

    /**
     * Takes the flock, waiting up to {@code left}; the message of the {@link LockTimeoutException}
     * says {@code timeout}, the whole wait the caller allowed.
     */
    static LogLock acquire(NativeFile file, Duration left, Duration timeout) {
        long deadline = System.nanoTime() + left.toNanos();
        long pause = 100_000;
        while (!file.tryLockExclusive()) {
            if (System.nanoTime() - deadline > 0) {
                throw new LockTimeoutException(busy(file.path(), timeout, "another writer process"));
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 10_000_000);
        }
        return new LogLock(file);
    }

    /** The message of a log lock wait that timed out: {@code holder} holds the lock. */
    static String busy(Path device, Duration timeout, String holder) {
        return "log lock busy: device=" + device + " waited=" + timeout.toMillis() + "ms; " + holder
                + " holds it; hint: wait for it or raise the lock timeout";
    }

    @Override
    public void close() {
        file.unlock();
    }
}
