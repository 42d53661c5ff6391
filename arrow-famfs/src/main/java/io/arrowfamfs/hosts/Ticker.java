package io.arrowfamfs.hosts;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A daemon thread that runs a step every period until closed. A step that throws is remembered
 * ({@link #lastFailure}) and the next one runs on time: a heartbeat must not stop because one
 * poll failed.
 */
public final class Ticker implements AutoCloseable {
    private final Thread thread;
    private final long periodNanos;
    private final Runnable step;
    private volatile boolean stopped;
    private volatile RuntimeException lastFailure;

    /**
     * Starts the thread; its first step runs at once.
     *
     * @param name the thread's name
     * @param period the time from the start of one step to the start of the next
     * @param step what to run; what it throws is kept for {@link #lastFailure}
     */
    public Ticker(String name, Duration period, Runnable step) {
        this.periodNanos = period.toNanos();
        this.step = step;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long next = System.nanoTime();
        while (!stopped) {
            try {
                step.run();
                lastFailure = null;
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            next += periodNanos;
            long now = System.nanoTime();
            if (now - next > periodNanos) {
                next = now; // fell behind (paused): no burst of steps to catch up
            }
            while (!stopped && next - System.nanoTime() > 0) {
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }
    }

    /** {@return what the last step threw, or null when it succeeded} */
    public RuntimeException lastFailure() {
        return lastFailure;
    }

    /** Stops the thread and waits for the step in progress to finish; idempotent. */
    @Override
    public void close() {
        stopped = true;
        stop(thread);
    }

    /**
     * Wakes {@code thread} (whose loop has been told to stop) and waits until it ends, keeping an
     * interrupt for the caller.
     *
     * @param thread a thread that ends once woken
     */
    public static void stop(Thread thread) {
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
