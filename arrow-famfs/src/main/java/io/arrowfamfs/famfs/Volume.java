package io.arrowfamfs.famfs;

import io.arrowfamfs.famfs.FamfsNode.FamfsDirectory;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.omf.CorruptMetadataException;
import io.arrowfamfs.famfs.omf.FileMap;
import io.arrowfamfs.famfs.omf.FileRange;
import io.arrowfamfs.famfs.omf.LogDescriptor;
import io.arrowfamfs.famfs.omf.LogEntry;
import io.arrowfamfs.famfs.omf.LogHeader;
import io.arrowfamfs.famfs.omf.Relpath;
import io.arrowfamfs.famfs.omf.Superblock;
import io.arrowfamfs.famfs.omf.SuperblockDescriptor;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeFile;
import io.arrowfamfs.nativeio.Posix;
import io.arrowfamfs.nativeio.Protection;
import io.arrowfamfs.nativeio.ResourceClosedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A famfs volume on an emulated device: a regular file laid out exactly like a famfs DAX device.
 *
 * <p><b>Roles.</b> The node whose UUID is the superblock's system UUID is the master: it opens
 * the device read-write and alone appends to the log. Every other node is a client: the device
 * is opened read-only, so its mappings cannot write, and every write method throws {@link
 * NotMasterException}.
 *
 * <p><b>Replay.</b> Opening replays the log ({@link NamespaceBuilder} has the rules); {@link
 * #refresh()} replays only entries appended since. Replay stops at the first entry with a bad
 * CRC or seqnum, as famfs does; {@link Namespace#stoppedAt()} says where, and the master then
 * refuses to append until the log is repaired.
 *
 * <p><b>Writes.</b> Each write takes the log lock (a lock among this JVM's writer threads, then
 * an exclusive {@code flock} on the device file, which serialises writer processes on the master
 * host as famfs's lock on {@code .meta/.log} does), catches up with the log, allocates, and
 * appends the entry ({@link DeviceLog} has the protocol). {@link #createFileAtomically} writes
 * and writes back the file's data before its entry, inside the lock: a writer killed before the
 * append leaves nothing visible. {@link #createFile}, {@link #copyIn} and {@link #allocateFile}
 * with {@link #writeContents} log the file first and write its data afterwards with no lock
 * held, as famfs's own {@code cp} creates a file before copying into it: the entry is what
 * reserves the space against every other writer, famfs's tools included, and a writer killed
 * before it finished copying leaves the file under its name with partial bytes (for the catalog,
 * an orphan no commit names).
 *
 * <p><b>Threading.</b> Thread-safe. The namespace is read and replaced under this object's
 * monitor, which is held only for replay, allocation and the append itself: never while file
 * data is copied nor while waiting for the log lock, so readers in this JVM ({@link #namespace},
 * {@link #refresh}, {@link #map}) never wait for a copy or for another process's lock. Regions returned by
 * {@link #map} are owned by the caller and outlive the volume. {@link #close} waits for the
 * writes in flight (log lock sections and copies), up to the lock timeout.
 */
public final class Volume implements AutoCloseable {
    private final Path path;
    private final NativeFile device;
    private final Superblock superblock;
    private final Role role;
    private final VolumeOptions options;
    private final boolean memoryBacked;
    private final MappedRegion logRegion;
    private final DeviceLog log;
    private final NamespaceBuilder builder;
    private final FileBytes bytes;
    /** This JVM's writer threads queue here before the flock, which does not exclude them from each other. */
    private final ReentrantLock writers = new ReentrantLock();
    /** Shared by every operation that uses the device (writes, copies, maps); {@link #close} takes it exclusively. */
    private final ReentrantReadWriteLock inFlight = new ReentrantReadWriteLock();

    private Namespace namespace;
    private volatile boolean closed;

    private Volume(
            Path path,
            NativeFile device,
            Superblock superblock,
            Role role,
            VolumeOptions options,
            MappedRegion logRegion) {
        this.path = path;
        this.device = device;
        this.superblock = superblock;
        this.role = role;
        this.options = options;
        this.memoryBacked = device.isOnTmpfs();
        this.logRegion = logRegion;
        this.log = new DeviceLog(
                logRegion, superblock.logLength(), options.cachePolicy(), !memoryBacked, "famfs log of device=" + path);
        this.builder = new NamespaceBuilder(superblock, false);
        this.bytes = new FileBytes(device, path, options.cachePolicy(), memoryBacked);
    }

    /**
     * Opens the device at {@code path}: validates the superblock and the device's size, decides
     * this node's role, maps the log and replays it.
     *
     * @param path the famfs device, or an emulated device file made by {@link Mkfs}
     * @param options this node's identity (master when it is the superblock's system UUID, else
     *     client), the memory's coherence and the log lock timeout
     * @return the open volume, replayed; the caller closes it
     * @throws UnsupportedDeviceException if {@code path} is not a regular file (DAX devices are not supported yet)
     * @throws CorruptMetadataException if {@code path} holds no valid famfs superblock, or is shorter than it says
     */
    public static Volume open(Path path, VolumeOptions options) {
        NativeFile probe = NativeFile.open(path, Protection.READ_ONLY);
        NativeFile device = probe;
        MappedRegion logRegion = null;
        try {
            Superblock superblock = DeviceGeometry.readSuperblock(probe, options.cachePolicy());
            Role role = superblock.systemUuid().equals(options.node().uuid()) ? Role.MASTER : Role.CLIENT;
            if (role == Role.MASTER) {
                device = NativeFile.open(path, Protection.READ_WRITE);
                probe.close();
            }
            logRegion = device.map(SuperblockDescriptor.LOG_OFFSET, superblock.logLength(), false);
            Volume volume = new Volume(path, device, superblock, role, options, logRegion);
            volume.refresh();
            return volume;
        } catch (RuntimeException e) {
            if (logRegion != null) {
                logRegion.close();
            }
            device.close();
            probe.close();
            throw e;
        }
    }

    /** {@return the device file, as given at open} */
    public Path path() {
        return path;
    }

    /** {@return the famfs filesystem UUID of the superblock: new at every mkfs, so it tells one formatting of a device from the next} */
    public UUID filesystemUuid() {
        return superblock.fsUuid();
    }

    /** {@return the validated superblock read at open} */
    public Superblock superblock() {
        return superblock;
    }

    /** {@return master or client, decided at open} */
    public Role role() {
        return role;
    }

    /** {@return this node's identity, as given at open} */
    public NodeId node() {
        return options.node();
    }

    /** {@return the memory's coherence, as opened} */
    public CachePolicy cachePolicy() {
        return options.cachePolicy();
    }

    /** {@return true when the device's memory is this host's RAM (tmpfs): nothing needs msync} */
    public boolean isMemoryBacked() {
        return memoryBacked;
    }

    /**
     * The namespace as of the last replay, without reading the log: see {@link #refresh()}.
     *
     * @return the immutable snapshot of the last replay
     * @throws ResourceClosedException if the volume is closed
     */
    public synchronized Namespace namespace() {
        checkOpen();
        return namespace;
    }

    /**
     * Replays entries appended since the last replay and returns the new snapshot. Cheap when
     * nothing changed: one validated 48-byte header read.
     *
     * @return the immutable snapshot including every entry logged so far; the same instance when nothing changed
     * @throws ResourceClosedException if the volume is closed
     */
    public synchronized Namespace refresh() {
        checkOpen();
        LogHeader header = log.readHeader();
        if (namespace == null || header.nextIndex() != builder.nextIndex()) {
            while (builder.stoppedAt() == null && builder.nextIndex() < header.nextIndex()) {
                builder.apply(builder.nextIndex(), log.readEntry(builder.nextIndex()));
            }
            namespace = builder.snapshot(header);
        }
        return namespace;
    }

    /**
     * famfs's {@code mkdir}: appends a MKDIR entry. The parent must exist. Master only.
     *
     * @param relpath the new directory's path relative to the famfs root; leading and trailing slashes are ignored
     * @param mode permission bits, e.g. {@code 0755}; bits outside {@code 07777} are dropped
     * @return the directory as logged
     * @throws PathExistsException if something is already at {@code relpath}
     * @throws NoSuchPathException if the parent directory does not exist
     * @throws LogFullException if the log has no free entry
     * @throws NotMasterException if this node is a client
     * @throws LockTimeoutException if another writer holds the log lock past the lock timeout
     */
    public FamfsDirectory mkdir(String relpath, int mode) {
        String checked = Relpath.check(Namespace.normalize(relpath));
        return (FamfsDirectory) write(
                checked,
                header -> new LogEntry.MkdirEntry(header.nextIndex(), Posix.uid(), Posix.gid(), mode & 07777, checked));
    }

    /**
     * famfs's {@code cp} order: allocates and logs a file of {@code size} bytes under the log lock
     * (see {@link #allocateFile}), then lets {@code contents} write its bytes through a read-write
     * mapping and writes them back with no lock held, so other writers proceed meanwhile. The
     * file exists under its name before its bytes are written: if {@code contents} throws, or the
     * writer is killed while copying, the file stays logged with partial bytes (famfs has no
     * delete). Use {@link #createFileAtomically} for a file no reader may ever see incomplete.
     * Master only.
     *
     * @param relpath the new file's path relative to the famfs root; leading and trailing slashes are ignored
     * @param size the file's size in bytes; famfs files are never empty
     * @param mode permission bits, e.g. {@code 0644}; bits outside {@code 07777} are dropped
     * @param placement how the allocator lays the file out, e.g. {@link Placement#PACKED}
     * @param contents writes the file's bytes into a read-write mapping of exactly {@code size} bytes
     * @return the file as logged
     * @throws EmptyFileException if {@code size} is not positive
     * @throws PathExistsException if something is already at {@code relpath}
     * @throws NoSuchPathException if the parent directory does not exist
     * @throws OutOfSpaceException if the device has no room for {@code size} bytes laid out that way
     * @throws LogFullException if the log has no free entry
     * @throws NotMasterException if this node is a client
     * @throws LockTimeoutException if another writer holds the log lock past the lock timeout
     */
    public FamfsFile createFile(String relpath, long size, int mode, Placement placement, FileContents contents) {
        AllocatedFile file = allocateFile(relpath, size, mode, placement);
        writeContents(file, contents);
        return file.file();
    }

    /**
     * Creates a file of {@code size} bytes that no reader ever sees incomplete: allocates it, lets
     * {@code contents} write its bytes through a read-write mapping, writes them back, and only
     * then logs the file, all inside the log lock (so other writers wait for the copy: for small
     * files, like the catalog). If {@code contents} throws, nothing is logged and the space stays
     * free. Master only.
     *
     * @param relpath the new file's path relative to the famfs root; leading and trailing slashes are ignored
     * @param size the file's size in bytes; famfs files are never empty
     * @param mode permission bits, e.g. {@code 0644}; bits outside {@code 07777} are dropped
     * @param placement how the allocator lays the file out, e.g. {@link Placement#PACKED}
     * @param contents writes the file's bytes into a read-write mapping of exactly {@code size} bytes
     * @return the file as logged
     * @throws EmptyFileException if {@code size} is not positive
     * @throws PathExistsException if something is already at {@code relpath}
     * @throws NoSuchPathException if the parent directory does not exist
     * @throws OutOfSpaceException if the device has no room for {@code size} bytes laid out that way
     * @throws LogFullException if the log has no free entry
     * @throws NotMasterException if this node is a client
     * @throws LockTimeoutException if another writer holds the log lock past the lock timeout
     */
    public FamfsFile createFileAtomically(
            String relpath, long size, int mode, Placement placement, FileContents contents) {
        String checked = checkNewFile(relpath, size);
        return (FamfsFile) write(checked, header -> {
            FileMap map = allocate(size, placement);
            List<FileRange> ranges = map.ranges(size);
            bytes.reserve(ranges);
            bytes.write(ranges, size, contents);
            return fileEntry(header, checked, size, mode, map);
        });
    }

    /**
     * Creates a file of {@code size} bytes whose contents are written later, by {@link
     * #writeContents}, outside the log lock: allocates it, reserves the memory behind an emulated
     * device (so a full device fails here, with nothing logged) and logs it. The file exists in
     * famfs from now on with whatever bytes its memory holds; famfs has no delete, so if its
     * writer never finishes it stays allocated. Master only.
     *
     * @param relpath the new file's path relative to the famfs root; leading and trailing slashes are ignored
     * @param size the file's size in bytes; famfs files are never empty
     * @param mode permission bits, e.g. {@code 0644}; bits outside {@code 07777} are dropped
     * @param placement how the allocator lays the file out, e.g. {@link Placement#PACKED}
     * @return the file as logged, with the single-use permission to write it with {@link #writeContents}
     * @throws EmptyFileException if {@code size} is not positive
     * @throws PathExistsException if something is already at {@code relpath}
     * @throws NoSuchPathException if the parent directory does not exist
     * @throws OutOfSpaceException if the device (or the memory behind an emulated one) has no room
     * @throws LogFullException if the log has no free entry
     * @throws NotMasterException if this node is a client
     * @throws LockTimeoutException if another writer holds the log lock past the lock timeout
     */
    public AllocatedFile allocateFile(String relpath, long size, int mode, Placement placement) {
        String checked = checkNewFile(relpath, size);
        FamfsFile file = (FamfsFile) write(checked, header -> {
            FileMap map = allocate(size, placement);
            bytes.reserve(map.ranges(size));
            return fileEntry(header, checked, size, mode, map);
        });
        return new AllocatedFile(this, file);
    }

    /**
     * Logs a large file whose memory is reserved later, range by range ({@link #reserve}), as its
     * owner hands parts of it out: a pool, which arrow-famfs fills over its whole life. Nothing is
     * written; the file holds whatever its memory holds. Master only.
     *
     * @param relpath the new file's path relative to the famfs root; leading and trailing slashes are ignored
     * @param size the file's size in bytes; positive
     * @param mode permission bits, e.g. {@code 0644}; bits outside {@code 07777} are dropped
     * @param placement how the allocator lays the file out, e.g. {@link Placement#PACKED}
     * @return the file as logged
     * @throws EmptyFileException if {@code size} is not positive
     * @throws PathExistsException if something is already at {@code relpath}
     * @throws NoSuchPathException if the parent directory does not exist
     * @throws OutOfSpaceException if the device has no room for {@code size} bytes laid out that way
     * @throws LogFullException if the log has no free entry
     * @throws NotMasterException if this node is a client
     * @throws LockTimeoutException if another writer holds the log lock past the lock timeout
     */
    public FamfsFile createReservableFile(String relpath, long size, int mode, Placement placement) {
        String checked = checkNewFile(relpath, size);
        return (FamfsFile) write(checked, header -> fileEntry(header, checked, size, mode, allocate(size, placement)));
    }

    /**
     * Reserves the memory behind bytes {@code [offset, offset + length)} of {@code file} on an
     * emulated device, so that writing them cannot fault (a no-op where the device is real
     * memory). Master only.
     *
     * @param file a file of this volume's namespace
     * @param offset the range's first byte in the file
     * @param length the range's length in bytes
     * @throws OutOfSpaceException if the memory behind the emulated device is full
     * @throws IndexOutOfBoundsException if the range lies outside the file
     * @throws NotMasterException if this node is a client
     */
    public void reserve(FamfsFile file, long offset, long length) {
        requireMaster();
        if (offset < 0 || length < 0 || offset > file.size() - length) {
            throw new IndexOutOfBoundsException("reserve outside file: path=" + file.relpath() + " offset=" + offset
                    + " length=" + length + " size=" + file.size());
        }
        inFlight(() -> {
            bytes.reserve(FileBytes.within(file.map().ranges(file.size()), offset, length));
            return null;
        });
    }

    /**
     * Lets {@code contents} write the bytes of {@code allocated} (made by {@link #allocateFile})
     * through a read-write mapping, then writes them back (and {@code msync}s them on a disk
     * device). Once per allocated file: the token is used up even if {@code contents} throws.
     * Takes no log lock and no monitor: several files can be written at once, by several
     * threads, while other writers append; {@link #close} waits for it. Master only.
     *
     * @param allocated a file this volume's {@link #allocateFile} returned, not yet written
     * @param contents writes the file's bytes into a read-write mapping of exactly the file's size
     * @throws IllegalArgumentException if {@code allocated} was allocated by another volume
     * @throws IllegalStateException if {@code allocated} was written already
     * @throws NotMasterException if this node is a client
     * @throws ResourceClosedException if the volume is closed
     */
    public void writeContents(AllocatedFile allocated, FileContents contents) {
        requireMaster();
        allocated.claim(this);
        FamfsFile file = allocated.file();
        inFlight(() -> {
            bytes.write(file.map().ranges(file.size()), file.size(), contents);
            return null;
        });
    }

    private static String checkNewFile(String relpath, long size) {
        String checked = Relpath.check(Namespace.normalize(relpath));
        if (size <= 0) {
            throw new EmptyFileException("famfs files must not be empty: path=" + checked + " size=" + size);
        }
        return checked;
    }

    private synchronized FileMap allocate(long size, Placement placement) {
        return new ExtentAllocator(builder.space(), path.toString()).allocate(size, placement);
    }

    private static LogEntry fileEntry(LogHeader header, String relpath, long size, int mode, FileMap map) {
        return new LogEntry.FileEntry(
                header.nextIndex(),
                size,
                LogDescriptor.FM_ALL_HOSTS_RW,
                Posix.uid(),
                Posix.gid(),
                mode & 07777,
                relpath,
                map);
    }

    /**
     * famfs's {@code cp}: creates {@code relpath} with the local file's size and bytes, as {@link
     * #createFile} does: the file is logged under the log lock, then copied with no lock held. A
     * {@code cp} killed (or failing to read its source) while copying leaves the file under its
     * name, full size, with partial bytes; famfs has no delete. Master only.
     *
     * @param local the file to copy in, on any local filesystem; not empty
     * @param relpath the new file's path relative to the famfs root; leading and trailing slashes are ignored
     * @param mode permission bits, e.g. {@code 0644}; bits outside {@code 07777} are dropped
     * @param placement how the allocator lays the file out, e.g. {@link Placement#PACKED}
     * @return the file as logged
     * @throws SourceReadException if {@code local} cannot be read, or shrinks while it is copied
     * @throws EmptyFileException if {@code local} is empty
     * @throws PathExistsException if something is already at {@code relpath}
     * @throws OutOfSpaceException if the device has no room for the file
     * @throws NotMasterException if this node is a client
     * @throws LockTimeoutException if another writer holds the log lock past the lock timeout
     */
    public FamfsFile copyIn(Path local, String relpath, int mode, Placement placement) {
        long size;
        try {
            size = Files.size(local);
        } catch (IOException e) {
            throw new SourceReadException("cannot read source: file=" + local + " error=" + e, e);
        }
        if (size == 0) {
            throw new EmptyFileException("famfs cannot store empty files: source=" + local);
        }
        return createFile(relpath, size, mode, placement, FileBytes.copyOf(local, size));
    }

    /**
     * Maps a file's bytes as one contiguous range, read-only on clients: one mapping when the file
     * is contiguous on the device, else each extent or chunk stitched into a reserved range.
     * The caller owns the region; {@code populate} pre-faults it. Nothing is invalidated: on
     * memory without cache coherence the reader invalidates, under {@link #cachePolicy()}, what
     * it reads just before it reads it (a frame's footer at attach, a batch at its first use), so
     * mapping costs nothing per byte of the file.
     *
     * @param file a file of this volume's namespace
     * @param populate true to pre-fault every page now (slower to map, no page faults on first read)
     * @return a region of exactly the file's size, read-only on clients; the caller closes it
     * @throws ResourceClosedException if the volume is closed
     */
    public MappedRegion map(FamfsFile file, boolean populate) {
        return inFlight(() -> bytes.map(file.map().ranges(file.size()), file.size(), populate));
    }

    /**
     * Maps a file's bytes read-write on any node, for structures in which each host writes only its
     * own cache lines (host slots, outboxes): famfs logs every file {@code ALL_HOSTS_RW}, so any
     * host may write a file's bytes, while only the master appends to the log. A client opens the
     * device read-write for this one mapping and closes it again (the mapping keeps the file
     * referenced). The caller owns the region and must write back what it stores before it
     * publishes (see {@link MappedRegion#writeBack}).
     *
     * @param file a file of this volume's namespace
     * @return a writable region of exactly the file's size; the caller closes it
     * @throws io.arrowfamfs.nativeio.NativeCallException if this process may not open the device read-write
     * @throws ResourceClosedException if the volume is closed
     */
    public MappedRegion mapShared(FamfsFile file) {
        return inFlight(() -> {
            MappedRegion region;
            if (role == Role.MASTER) {
                region = bytes.map(file.map().ranges(file.size()), file.size(), false);
            } else {
                try (NativeFile writable = NativeFile.open(path, Protection.READ_WRITE)) {
                    region = new FileBytes(writable, path, options.cachePolicy(), memoryBacked)
                            .map(file.map().ranges(file.size()), file.size(), false);
                }
            }
            region.invalidate(0, file.size(), options.cachePolicy());
            return region;
        });
    }

    /**
     * Runs {@code body} while this thread holds the log lock, so that several writes (famfs
     * appends, and whatever a layer above keeps in famfs files, like catalog commits) are one
     * critical section among writer threads and processes. Reentrant: writes inside {@code body}
     * do not take the lock again. Holds no monitor of this volume while waiting for the lock or
     * running {@code body}. Master only.
     *
     * @param <T> what {@code body} returns
     * @param body the critical section; whatever it throws is rethrown after the lock is released
     * @return what {@code body} returned
     * @throws NotMasterException if this node is a client
     * @throws LockTimeoutException if another writer thread or process holds the log lock past the lock timeout
     * @throws ResourceClosedException if the volume is closed
     */
    public <T> T exclusive(Supplier<T> body) {
        requireMaster();
        return inFlight(() -> {
            long deadline = System.nanoTime() + options.lockTimeout().toNanos();
            lockWithin(writers, () -> LogLock.busy(path, options.lockTimeout(), "another writer thread of this JVM"));
            try {
                if (writers.getHoldCount() > 1) {
                    return body.get();
                }
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                try (LogLock lock = LogLock.acquire(device, left, options.lockTimeout())) {
                    return body.get();
                }
            } finally {
                writers.unlock();
            }
        });
    }

    /** Runs {@code body} as an operation in flight on the device: {@link #close} waits for it. */
    private <T> T inFlight(Supplier<T> body) {
        Lock shared = inFlight.readLock();
        shared.lock();
        try {
            checkOpen();
            return body.get();
        } finally {
            shared.unlock();
        }
    }

    /** Takes {@code lock} within the lock timeout, else throws {@link LockTimeoutException} with {@code message}. */
    private void lockWithin(Lock lock, Supplier<String> message) {
        boolean locked;
        try {
            locked = lock.tryLock(options.lockTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockTimeoutException("lock wait interrupted: device=" + path);
        }
        if (!locked) {
            throw new LockTimeoutException(message.get());
        }
    }

    /**
     * One locked append: catch up and check, build the entry (which may allocate and write data,
     * with no monitor held: the log lock keeps every other writer out), log it.
     */
    private FamfsNode write(String relpath, EntryFactory factory) {
        return exclusive(() -> {
            LogHeader header = prepareAppend(relpath);
            LogEntry entry = factory.create(header);
            return append(header, entry, relpath);
        });
    }

    /** Under the log lock: repairs an interrupted append, replays, and checks that {@code relpath} can be made. */
    private synchronized LogHeader prepareAppend(String relpath) {
        checkOpen();
        LogHeader header = log.readHeader();
        if (header.interruptedAppend()) {
            header = log.repair(header);
        }
        refresh();
        if (namespace.stoppedAt() != null) {
            throw new CorruptMetadataException("log damaged, refusing to append: device=" + path + " "
                    + namespace.stoppedAt() + "; hint: run fsck");
        }
        if (namespace.lookup(relpath).isPresent()) {
            throw new PathExistsException("path exists: path=" + relpath + " device=" + path);
        }
        if (!(namespace.lookup(Relpath.parent(relpath)).orElse(null) instanceof FamfsDirectory)) {
            throw new NoSuchPathException("parent directory missing: path=" + relpath + " device=" + path);
        }
        if (header.isFull()) {
            throw new LogFullException(
                    "log full: device=" + path + " entries=" + header.nextIndex() + " capacity=" + header.capacity());
        }
        return header;
    }

    /** Under the log lock: appends the entry and replays it into the namespace. */
    private synchronized FamfsNode append(LogHeader header, LogEntry entry, String relpath) {
        checkOpen();
        log.append(header, entry);
        return refresh().lookup(relpath).orElseThrow();
    }

    private void requireMaster() {
        if (role != Role.MASTER) {
            throw new NotMasterException("not the master: node=" + options.node() + " is a client of device=" + path
                    + "; only the master node=" + superblock.systemUuid() + " may write");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ResourceClosedException(path.toString());
        }
    }

    /**
     * Closes the device once the writes in flight in this JVM (log lock sections, copies, maps)
     * have finished, waiting for them up to the lock timeout; new ones wait for the close and
     * then fail. Idempotent. Mappings already returned stay valid.
     *
     * @throws LockTimeoutException if writes are still in flight after the lock timeout: the
     *     volume then stays open, and a later close tries again
     */
    @Override
    public void close() {
        Lock owned = inFlight.writeLock();
        lockWithin(
                owned,
                () -> "volume close timed out: device=" + path + " waited="
                        + options.lockTimeout().toMillis()
                        + "ms; a write or copy of this JVM is still in flight; hint: close after it finishes");
        try {
            synchronized (this) {
                if (!closed) {
                    closed = true;
                    try {
                        logRegion.close();
                    } finally {
                        device.close();
                    }
                }
            }
        } finally {
            owned.unlock();
        }
    }

    /** Writes a new file's bytes through a read-write mapping of exactly the file's size. */
    @FunctionalInterface
    public interface FileContents {
        /**
         * Writes the bytes; the region is exactly the file's size and is closed by the caller.
         *
         * @param region a read-write mapping of the new file, exactly its size; do not close or keep it
         */
        void write(MappedRegion region);
    }

    @FunctionalInterface
    private interface EntryFactory {
        LogEntry create(LogHeader header);
    }
}
