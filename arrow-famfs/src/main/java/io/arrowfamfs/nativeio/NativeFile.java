package io.arrowfamfs.nativeio;

import io.arrowfamfs.nativeio.Bindings.LibC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An open file descriptor with the operations a famfs device needs: size and type, sizing and
 * space reservation, an advisory lock, and memory mappings.
 *
 * <p>Closing is idempotent. Mappings made from the file stay valid after the file is closed
 * (the kernel keeps the file referenced), so regions are released on their own.
 *
 * <p><b>Threading.</b> Thread-safe. Every system call on the descriptor runs under a shared
 * lock that {@link #close} takes exclusively, so a call never uses a descriptor number that was
 * closed (and perhaps reused by the process for an unrelated file): it either completes before
 * the close or throws {@link ResourceClosedException}.
 */
public final class NativeFile implements AutoCloseable {
    /** The page size mappings are aligned to (x86-64). */
    public static final long PAGE_SIZE = 4096;
    /** Stitched mappings are reserved at this alignment so DAX memory can use huge pages. */
    private static final long STITCH_ALIGNMENT = 2L << 20;

    private static final long TMPFS_MAGIC = 0x01021994L;

    private final Path path;
    private final Protection protection;
    /** Shared by every call on {@link #fd}; {@link #close} holds it exclusively. */
    private final ReentrantReadWriteLock use = new ReentrantReadWriteLock();
    /** The descriptor, -1 once closed; read and written under {@link #use}. */
    private int fd;

    private NativeFile(Path path, Protection protection, int fd) {
        this.path = path;
        this.protection = protection;
        this.fd = fd;
    }

    /**
     * Opens an existing file.
     *
     * @param path the file, a regular file or a DAX character device
     * @param protection read-only or read-write
     * @return the open file, which the caller closes
     */
    public static NativeFile open(Path path, Protection protection) {
        int fd = Native.check(
                Native.LIBC.open(path.toString(), protection.openFlags | LibC.O_CLOEXEC, 0),
                "open",
                path.toString(),
                "mode=" + protection);
        return new NativeFile(path, protection, fd);
    }

    /**
     * Creates a file read-write with permissions {@code mode}; fails if it exists and {@code exclusive}.
     *
     * @param path the file
     * @param mode permission bits, as for {@code open(2)}
     * @param exclusive fail if the file exists (O_EXCL)
     * @return the open file, which the caller closes
     */
    public static NativeFile create(Path path, int mode, boolean exclusive) {
        int flags = LibC.O_RDWR | LibC.O_CREAT | LibC.O_CLOEXEC | (exclusive ? LibC.O_EXCL : 0);
        int fd = Native.check(
                Native.LIBC.open(path.toString(), flags, mode),
                "open",
                path.toString(),
                "mode=create" + (exclusive ? "-exclusive" : ""));
        return new NativeFile(path, Protection.READ_WRITE, fd);
    }

    /** {@return the path this file was opened at} */
    public Path path() {
        return path;
    }

    /** {@return how this file was opened: read-only or read-write} */
    public Protection protection() {
        return protection;
    }

    /** {@return the size in bytes as {@code fstat} reports it (zero for a character device)} */
    public long size() {
        return stat().getLong(LibC.STAT_SIZE_OFFSET);
    }

    /** {@return true for a regular file, as an emulated famfs device is} */
    public boolean isRegularFile() {
        return (stat().getInt(LibC.STAT_MODE_OFFSET) & LibC.S_IFMT) == LibC.S_IFREG;
    }

    /** {@return true when the file lives on tmpfs (shared memory on this host, like /dev/shm)} */
    public boolean isOnTmpfs() {
        byte[] statfs = new byte[LibC.STATFS_SIZE];
        withFd(fd -> Native.check(Native.LIBC.fstatfs(fd, statfs), "fstatfs", path.toString()));
        return ByteBuffer.wrap(statfs).order(ByteOrder.nativeOrder()).getLong(0) == TMPFS_MAGIC;
    }

    /**
     * Sets the file's size; new bytes read as zero.
     *
     * @param size the new size in bytes
     */
    public void truncate(long size) {
        withFd(fd -> Native.check(Native.LIBC.ftruncate(fd, size), "ftruncate", path.toString(), "size=" + size));
    }

    /**
     * Reserves storage for a byte range (fallocate), so that writing it through a mapping cannot
     * fault for lack of space: a sparse emulated device on a full tmpfs would otherwise kill the
     * JVM with SIGBUS. Throws {@link NativeCallException} with {@link NativeCallException#isNoSpace()}.
     *
     * @param offset the range's first byte in the file
     * @param length the range's length in bytes
     */
    public void allocate(long offset, long length) {
        withFd(fd -> {
            int rc;
            do {
                rc = Native.LIBC.fallocate(fd, 0, offset, length);
            } while (rc == -1 && Native.errno() == LibC.EINTR);
            return Native.check(rc, "fallocate", path.toString(), "offset=" + offset, "length=" + length);
        });
    }

    /** {@return whether this took an exclusive advisory lock (flock): false if another open file holds it} */
    public boolean tryLockExclusive() {
        return withFd(fd -> {
                    int rc = Native.LIBC.flock(fd, LibC.LOCK_EX | LibC.LOCK_NB);
                    if (rc == -1) {
                        int errno = Native.errno();
                        if (errno == LibC.EWOULDBLOCK || errno == LibC.EINTR) {
                            return 0;
                        }
                        throw Native.failure("flock", path.toString(), errno, "operation=exclusive");
                    }
                    return 1;
                })
                == 1;
    }

    /** Releases the advisory lock taken with {@link #tryLockExclusive()}. */
    public void unlock() {
        withFd(fd -> Native.check(Native.LIBC.flock(fd, LibC.LOCK_UN), "flock", path.toString(), "operation=unlock"));
    }

    /**
     * Maps {@code length} bytes at {@code offset} with this file's protection, shared with every
     * other process mapping the file. {@code populate} pre-faults the pages (MAP_POPULATE).
     *
     * @param offset the first byte in the file, page aligned
     * @param length how many bytes, at least one
     * @param populate pre-fault the pages
     * @return the mapping, which the caller closes
     */
    public MappedRegion map(long offset, long length, boolean populate) {
        if (offset < 0 || length <= 0 || (offset & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("bad mapping range: offset=" + offset + " length=" + length);
        }
        long span = pageAlign(length);
        int flags = LibC.MAP_SHARED | (populate ? LibC.MAP_POPULATE : 0);
        long address = withFd(fd -> Native.check(
                Native.LIBC.mmap(0, span, protection.prot, flags, fd, offset),
                "mmap",
                path.toString(),
                "offset=" + offset,
                "length=" + span));
        return new MappedRegion(
                describe(offset, length), address, length, address, span, protection == Protection.READ_WRITE);
    }

    /**
     * Maps scattered pieces of the file as one contiguous range of {@code length} bytes: reserves
     * the address range (2 MiB aligned), then maps each piece over it with MAP_FIXED. If any piece
     * fails, the whole range is released before the error is thrown.
     *
     * @param pieces the file ranges and where each goes in the region
     * @param length the region's length in bytes
     * @param populate pre-fault the pages
     * @return the mapping, which the caller closes
     */
    public MappedRegion mapPieces(List<MapPiece> pieces, long length, boolean populate) {
        long span = pageAlign(length);
        for (MapPiece piece : pieces) {
            if (piece.regionOffset() + piece.length() > span) {
                throw new IllegalArgumentException("map piece outside region: " + piece + " length=" + span);
            }
        }
        long reserved = Native.check(
                Native.LIBC.mmap(
                        0,
                        span + STITCH_ALIGNMENT,
                        LibC.PROT_NONE,
                        LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS | LibC.MAP_NORESERVE,
                        -1,
                        0),
                "mmap",
                "reservation",
                "length=" + (span + STITCH_ALIGNMENT));
        long base = (reserved + STITCH_ALIGNMENT - 1) & -STITCH_ALIGNMENT;
        unmapSlack(reserved, base - reserved);
        unmapSlack(base + span, reserved + STITCH_ALIGNMENT - base);
        int flags = LibC.MAP_SHARED | LibC.MAP_FIXED | (populate ? LibC.MAP_POPULATE : 0);
        try {
            withFd(fd -> {
                for (MapPiece piece : pieces) {
                    long want = base + piece.regionOffset();
                    long got = Native.LIBC.mmap(want, piece.length(), protection.prot, flags, fd, piece.fileOffset());
                    if (got != want) {
                        throw Native.failure(
                                "mmap",
                                path.toString(),
                                Native.errno(),
                                "fixed=" + Long.toHexString(want),
                                "offset=" + piece.fileOffset(),
                                "length=" + piece.length());
                    }
                }
                return 0;
            });
        } catch (RuntimeException e) {
            Native.check(Native.LIBC.munmap(base, span), "munmap", path.toString(), "length=" + span);
            throw e;
        }
        return new MappedRegion(
                describe(-1, length) + "[" + pieces.size() + " pieces]",
                base,
                length,
                base,
                span,
                protection == Protection.READ_WRITE);
    }

    private void unmapSlack(long address, long length) {
        if (length > 0) {
            Native.check(Native.LIBC.munmap(address, length), "munmap", "reservation", "length=" + length);
        }
    }

    private String describe(long offset, long length) {
        return path + (offset >= 0 ? "@" + offset : "") + "+" + length;
    }

    private ByteBuffer stat() {
        byte[] stat = new byte[LibC.STAT_SIZE];
        withFd(fd -> Native.check(Native.LIBC.fstat(fd, stat), "fstat", path.toString()));
        return ByteBuffer.wrap(stat).order(ByteOrder.nativeOrder());
    }

    /** Runs {@code call} on the open descriptor, which cannot be closed meanwhile. */
    private long withFd(FdCall call) {
        Lock shared = use.readLock();
        shared.lock();
        try {
            if (fd < 0) {
                throw new ResourceClosedException(path.toString());
            }
            return call.call(fd);
        } finally {
            shared.unlock();
        }
    }

    private static long pageAlign(long length) {
        return (length + PAGE_SIZE - 1) & -PAGE_SIZE;
    }

    /** Closes the descriptor once the calls in progress on it have returned; idempotent. */
    @Override
    public void close() {
        Lock owned = use.writeLock();
        owned.lock();
        try {
            int current = fd;
            if (current >= 0) {
                fd = -1;
                Native.check(Native.LIBC.close(current), "close", path.toString());
            }
        } finally {
            owned.unlock();
        }
    }

    @Override
    public String toString() {
        Lock shared = use.readLock();
        shared.lock();
        try {
            return "NativeFile[" + path + ", " + protection + (fd < 0 ? ", closed" : "") + "]";
        } finally {
            shared.unlock();
        }
    }

    /** A system call on the descriptor, returning its checked result. */
    @FunctionalInterface
    private interface FdCall {
        long call(int fd);
    }
}
