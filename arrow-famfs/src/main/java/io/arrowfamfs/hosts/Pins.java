package io.arrowfamfs.hosts;

import static io.arrowfamfs.hosts.PinsDescriptor.*;

import io.arrowfamfs.ArrowFamfsException;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeFile;
import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * This process's view of its host's local pin table (layout in {@link PinsDescriptor}): the
 * catalog counts that readers of this host still use. One table per host and volume, in host
 * memory at {@code <directory>/arrow-famfs-pins-<fs uuid>-<node uuid>/pins} ({@code /dev/shm} by default),
 * with its lock files beside it.
 *
 * <p><b>Process slots.</b> Opening claims one of {@value PinsDescriptor#PROCESS_SLOTS} process
 * slots by taking an exclusive {@code flock} on its lock file, held until {@link #close}. The
 * kernel drops the lock when the process dies, however it dies: whoever scans the pins then
 * takes the lock itself, finds the owner gone, and clears the slot. A dead process's pins never
 * hold the bound back past the next scan, and a recycled pid cannot fake a live owner.
 *
 * <p><b>Order rule.</b> A reader pins, then re-reads the catalog count, and opens its snapshot at
 * the count it re-read; {@link #pin(LongSupplier)} does exactly that and returns the count to
 * use. The agent reads the catalog count before it scans the pins ({@link HostAgent}). Together
 * they make the agent's bound, the lower of the two, safe: a pin published after the scan
 * re-read a count at least as new as the one the agent read before it.
 *
 * <p><b>Threading.</b> Thread-safe. {@link #close} releases this process's slot and every pin
 * still held in it, unmaps the table and closes the lock files; pins closed later do nothing.
 */
public final class Pins implements AutoCloseable {
    /** Where pin tables live unless told otherwise: host memory, cleared at boot. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/dev/shm");

    /** The environment variable naming another directory for pin tables (tests give each run its own). */
    public static final String DIRECTORY_ENV = "ARROW_FAMFS_PINS_DIR";

    /** The system property naming another directory, over {@link #DIRECTORY_ENV}: how a test makes a JVM another host. */
    public static final String DIRECTORY_PROPERTY = "arrowfamfs.pins.dir";

    private static final long INIT_LOCK_TIMEOUT_NANOS = 10_000_000_000L;

    private final Path dir;
    private final MappedRegion region;
    private final LocalState state;
    private final HostSettings settings;
    private final int own;
    private final NativeFile ownLock;
    private final NativeFile[] lockFiles = new NativeFile[PROCESS_SLOTS];
    private final BitSet used = new BitSet(PINS_PER_SLOT);
    private boolean closed;

    private Pins(Path dir, MappedRegion region, HostSettings settings, int own, NativeFile ownLock) {
        this.dir = dir;
        this.region = region;
        this.state = new LocalState(region, dir.resolve("pins").toString(), settings.trustNanos());
        this.settings = settings;
        this.own = own;
        this.ownLock = ownLock;
    }

    /**
     * {@return the directory pin tables of this process live under: {@link #DIRECTORY_PROPERTY} if
     * set, else {@link #DIRECTORY_ENV} if set, else {@link #DEFAULT_DIRECTORY}} Processes of one
     * host must agree on it: a process with another directory counts as another host.
     */
    public static Path directory() {
        String property = System.getProperty(DIRECTORY_PROPERTY);
        if (property != null && !property.isEmpty()) {
            return Path.of(property);
        }
        String env = System.getenv(DIRECTORY_ENV);
        return env != null && !env.isEmpty() ? Path.of(env) : DEFAULT_DIRECTORY;
    }

    /**
     * Opens the pin table of {@code volume} in {@link #directory()}, named by the volume's
     * filesystem UUID and the node's: one host is one node, and processes that open the volume
     * as other nodes on one machine stand for other hosts, each with its own table.
     *
     * @param volume the volume whose filesystem UUID names the table
     * @param settings the lease timing, for the leases this table hands out
     * @return the table with a process slot claimed; the caller closes it
     */
    public static Pins open(Volume volume, HostSettings settings) {
        return open(directory(), volume.filesystemUuid() + "-" + volume.node().uuid(), settings);
    }

    /**
     * Opens (creating if needed) the pin table of the filesystem {@code filesystemUuid} under
     * {@code directory}, and claims a process slot.
     *
     * @param directory where the table's directory is made: host memory, such as {@code /dev/shm}
     * @param filesystemUuid the famfs filesystem UUID of the volume ({@link Volume#filesystemUuid})
     * @param settings the lease timing, for the leases this table hands out
     * @return the table with a process slot claimed; the caller closes it
     * @throws PinTableFullException if every process slot is held by a live process
     * @throws CorruptHostsFileException if the existing table fails its checks
     */
    public static Pins open(Path directory, UUID filesystemUuid, HostSettings settings) {
        return open(directory, filesystemUuid.toString(), settings);
    }

    private static Pins open(Path directory, String name, HostSettings settings) {
        Path dir = directory.resolve("arrow-famfs-pins-" + name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ArrowFamfsException("cannot create pin table directory: dir=" + dir + " error=" + e, e);
        }
        MappedRegion region = mapTable(dir.resolve("pins"));
        NativeFile lock = null;
        try {
            for (int p = 0; p < PROCESS_SLOTS; p++) {
                NativeFile candidate = NativeFile.create(dir.resolve("process-" + p + ".lock"), 0600, false);
                if (candidate.tryLockExclusive()) {
                    lock = candidate;
                    Pins pins = new Pins(dir, region, settings, p, candidate);
                    pins.claim();
                    return pins;
                }
                candidate.close();
            }
            throw new PinTableFullException("pin table full: dir=" + dir + " process_slots=" + PROCESS_SLOTS
                    + "; every slot is held by a live arrow-famfs process of this host");
        } catch (RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            region.close();
            throw e;
        }
    }

    /** Maps the table, creating and formatting it under an flock on the file when it is new. */
    private static MappedRegion mapTable(Path path) {
        try (NativeFile file = NativeFile.create(path, 0600, false)) {
            long deadline = System.nanoTime() + INIT_LOCK_TIMEOUT_NANOS;
            while (!file.tryLockExclusive()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new ArrowFamfsException(
                            "pin table locked for too long: path=" + path + "; hint: a process is stuck creating it");
                }
                LockSupport.parkNanos(1_000_000);
            }
            try {
                boolean fresh = file.size() == 0;
                if (fresh) {
                    file.truncate(FILE_SIZE);
                }
                MappedRegion region = file.map(0, Math.max(file.size(), 1), false);
                try {
                    byte[] header = region.copyOf(0, 64);
                    if (fresh || region.getLong(0) == 0) { // new, or its creator died before the header
                        region.putBytes(0, PinsDescriptor.header(), 0, 64);
                    } else {
                        PinsDescriptor.check(header, file.size(), path.toString());
                    }
                    return region;
                } catch (RuntimeException e) {
                    region.close();
                    throw e;
                }
            } finally {
                file.unlock();
            }
        }
    }

    private void claim() {
        long slot = slotOffset(own);
        region.fill(slot + PINS, (long) PIN_SIZE * PINS_PER_SLOT, (byte) 0);
        region.putLong(slot + OWNER_PID, ProcessHandle.current().pid());
        region.putLongRelease(slot + IN_USE, 1);
        VarHandle.fullFence();
    }

    /**
     * Pins the catalog count for a reader, following the order rule: reads the count, publishes
     * it as a pin, fences, re-reads the count and, if it moved, moves the pin up to it. Open the
     * snapshot at {@link Pin#count()}, and check {@link Pin#lease()} between batches.
     *
     * @param catalogCount reads the catalog's current commit count (after invalidating it)
     * @return the pin, which the reader closes when it releases its snapshot
     * @throws PinTableFullException if this process holds {@value PinsDescriptor#PINS_PER_SLOT} pins already
     * @throws LeaseExpiredException if the host agent's state cannot be read consistently
     * @throws io.arrowfamfs.nativeio.ResourceClosedException if the table is closed
     */
    public Pin pin(LongSupplier catalogCount) {
        long tag = state.read().pinTag();
        int entry = allocate();
        long offset = pinOffset(own, entry);
        try {
            long count = checkCount(catalogCount.getAsLong());
            region.putLong(offset + 8, tag);
            region.putLongRelease(offset, count + 1);
            VarHandle.fullFence(); // the pin is visible before the count is read again
            long again = checkCount(catalogCount.getAsLong());
            if (again != count) {
                region.putLongRelease(offset, again + 1);
            }
            return new Pin(this, entry, again, new Lease(state, tag, settings));
        } catch (RuntimeException e) {
            release(entry);
            throw e;
        }
    }

    private static long checkCount(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("catalog count negative: count=" + count);
        }
        return count;
    }

    /**
     * The lowest count pinned on this host in the host's current slot generation, by live
     * processes only: a slot whose process died is cleared on the way.
     *
     * @return the lowest pinned count, or empty when no live reader pins one
     */
    public OptionalLong lowestPinned() {
        AgentState now = state.read();
        return lowestPinned(now.generation(), PinsDescriptor.PENDING | now.joinedEpoch());
    }

    /**
     * Asks, through the host agent's next heartbeat, for the master to make this node an outbox
     * ({@code .af/outboxes/<node uuid>}): what a process about to publish from a client does.
     */
    public void wantOutbox() {
        checkOpen();
        region.putLongRelease(WANTS, region.getLongAcquire(WANTS) | HostsDescriptor.WANTS_OUTBOX);
    }

    /** {@return what processes of this host want of the master, for the agent} */
    long wants() {
        return region.getLongAcquire(WANTS);
    }

    /**
     * {@return a lease in the host's current slot generation, for work that is not a snapshot read}
     */
    public Lease lease() {
        return new Lease(state, state.read().pinTag(), settings);
    }

    /**
     * Waits until pins taken on this host count and their lease holds: the host agent has joined
     * the host table and heartbeat lately, or has written its join request back (the master holds
     * reclamation back until that host heartbeats). A process that just started its agent calls
     * this before its first pin; it also waits out the state a dead agent left, until the next
     * agent heartbeats.
     *
     * @param timeout how long to wait, a lease or so
     * @throws LeaseExpiredException if no agent asked to join, or none heartbeat, within {@code timeout}
     */
    public void awaitAgent(Duration timeout) {
        long start = System.nanoTime();
        while (true) {
            AgentState now = state.read();
            LeaseExpiredException why = null;
            if (now.pinTag() != 0) {
                try {
                    new Lease(state, now.pinTag(), settings).check();
                    return;
                } catch (LeaseExpiredException e) {
                    why = e; // a dead agent's state, say, until this host's next agent heartbeats
                }
            }
            if (System.nanoTime() - start > timeout.toNanos()) {
                throw why != null
                        ? why
                        : new LeaseExpiredException(
                                "no lease: host=" + now.identity().host()
                                        + " has not asked to join the host table within " + timeout.toMillis() + "ms"
                                        + "; hint: is a host agent running on this host, and can it write the host table?");
            }
            LockSupport.parkNanos(settings.period().toNanos() / 10);
        }
    }

    /**
     * The lowest count pinned by live processes under {@code generation} or taken while joining
     * it ({@code pendingTag}); clears dead processes' slots.
     */
    synchronized OptionalLong lowestPinned(int generation, long pendingTag) {
        checkOpen();
        long lowest = Long.MAX_VALUE;
        boolean any = false;
        for (int p = 0; p < PROCESS_SLOTS; p++) {
            if (region.getLongAcquire(slotOffset(p) + IN_USE) == 0 || (p != own && !alive(p))) {
                continue;
            }
            for (int k = 0; k < PINS_PER_SLOT; k++) {
                long pinned = region.getLongAcquire(pinOffset(p, k));
                long tag = region.getLong(pinOffset(p, k) + 8);
                if (pinned != 0 && (tag == generation || tag == pendingTag)) {
                    lowest = Math.min(lowest, pinned - 1);
                    any = true;
                }
            }
        }
        return any ? OptionalLong.of(lowest) : OptionalLong.empty();
    }

    /** Whether process slot {@code p}'s owner holds its lock; if it is gone, clears the slot (holding the lock). */
    private boolean alive(int p) {
        if (lockFiles[p] == null) {
            lockFiles[p] = NativeFile.create(dir.resolve("process-" + p + ".lock"), 0600, false);
        }
        if (!lockFiles[p].tryLockExclusive()) {
            return true;
        }
        try {
            region.putLongRelease(slotOffset(p) + IN_USE, 0);
            region.fill(slotOffset(p) + PINS, (long) PIN_SIZE * PINS_PER_SLOT, (byte) 0);
        } finally {
            lockFiles[p].unlock();
        }
        return false;
    }

    private synchronized int allocate() {
        checkOpen();
        int entry = used.nextClearBit(0);
        if (entry >= PINS_PER_SLOT) {
            throw new PinTableFullException("too many pins in one process: dir=" + dir + " pins=" + PINS_PER_SLOT
                    + "; hint: close snapshots that are no longer read");
        }
        used.set(entry);
        return entry;
    }

    /** Clears a pin and frees its entry; does nothing once the table is closed. */
    synchronized void release(int entry) {
        if (!closed) {
            region.putLongRelease(pinOffset(own, entry), 0);
            used.clear(entry);
        }
    }

    /** {@return the agent state of this host, for the agent} */
    LocalState state() {
        return state;
    }

    /**
     * {@return the path of the host-local lock file {@code name}, beside the table}
     *
     * @param name the file's name
     */
    public Path lockFile(String name) {
        return dir.resolve(name);
    }

    private void checkOpen() {
        if (closed) {
            throw new io.arrowfamfs.nativeio.ResourceClosedException(
                    dir.resolve("pins").toString());
        }
    }

    /** Releases this process's slot and its pins, closes the lock files and unmaps; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            long slot = slotOffset(own);
            region.putLongRelease(slot + IN_USE, 0);
            region.fill(slot + PINS, (long) PIN_SIZE * PINS_PER_SLOT, (byte) 0);
        } finally {
            try {
                ownLock.close(); // drops the flock
                for (NativeFile file : lockFiles) {
                    if (file != null) {
                        file.close();
                    }
                }
            } finally {
                region.close();
            }
        }
    }
}
