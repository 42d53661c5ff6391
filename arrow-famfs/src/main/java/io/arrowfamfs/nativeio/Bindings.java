package io.arrowfamfs.nativeio;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;

/**
 * The native bindings, loaded by {@link Native}. jnr-ffi implements them in its own class
 * loader, so they are public member interfaces of this package-private class: reachable by
 * jnr-ffi, invisible outside the package.
 */
final class Bindings {
    private Bindings() {}

    /** The libc calls arrow-famfs needs, bound once by {@link Native}. x86-64 Linux ABI. */
    @SaveError
    public interface LibC {
        int O_RDONLY = 0;
        int O_RDWR = 2;
        int O_CREAT = 0100;
        int O_EXCL = 0200;
        int O_CLOEXEC = 02000000;

        int PROT_NONE = 0;
        int PROT_READ = 1;
        int PROT_WRITE = 2;
        int MAP_SHARED = 0x01;
        int MAP_PRIVATE = 0x02;
        int MAP_FIXED = 0x10;
        int MAP_ANONYMOUS = 0x20;
        int MAP_NORESERVE = 0x4000;
        int MAP_POPULATE = 0x8000;
        long MAP_FAILED = -1L;

        int MS_SYNC = 4;
        int MADV_SEQUENTIAL = 2;
        int MADV_WILLNEED = 3;
        int MADV_POPULATE_READ = 22;
        int MADV_POPULATE_WRITE = 23;

        int LOCK_EX = 2;
        int LOCK_NB = 4;
        int LOCK_UN = 8;

        int EINTR = 4;
        int EAGAIN = 11;
        int ENOSPC = 28;
        int EWOULDBLOCK = EAGAIN;

        /** {@code struct stat} on x86-64: 144 bytes, st_mode at 24, st_size at 48. */
        int STAT_SIZE = 144;

        int STAT_MODE_OFFSET = 24;
        int STAT_SIZE_OFFSET = 48;
        int S_IFMT = 0170000;
        int S_IFREG = 0100000;
        int S_IFCHR = 0020000;

        /** {@code struct statfs} on x86-64: 120 bytes, f_type (long) at 0. */
        int STATFS_SIZE = 120;

        int open(@In String path, int flags, int mode);

        int close(int fd);

        int fstat(int fd, @Out byte[] stat);

        int fstatfs(int fd, @Out byte[] statfs);

        int ftruncate(int fd, long length);

        int fallocate(int fd, int mode, long offset, long length);

        long mmap(long address, @size_t long length, int prot, int flags, int fd, long offset);

        int munmap(long address, @size_t long length);

        int msync(long address, @size_t long length, int flags);

        int madvise(long address, @size_t long length, int advice);

        int flock(int fd, int operation);

        String strerror(int errno);

        int getuid();

        int getgid();
    }

    /**
     * The project's native helper ({@code src/main/c}): cache maintenance, and an Arrow C stream
     * over batches the Java side has laid out in native memory.
     */
    public interface HelperLib {
        int CPU_CLFLUSH = 1;
        int CPU_CLFLUSHOPT = 1 << 1;
        int CPU_CLWB = 1 << 2;
        int CPU_CRC32 = 1 << 3;

        int aff_cpu_features();

        void aff_write_back(long address, long length, int instruction);

        void aff_invalidate(long address, long length, int instruction);

        void aff_copy_through(long destination, long source, long length, int instruction);

        int aff_crc32c(int crc, long address, long length);

        int aff_copy_through_crc(long destination, long source, long length, int instruction, int crc, long minMax);

        void aff_store_fence();

        long aff_borrowed_release();

        int aff_stream_init(long stream, long schema, long batches, long count);

        void aff_stream_release(long stream);
    }
}
