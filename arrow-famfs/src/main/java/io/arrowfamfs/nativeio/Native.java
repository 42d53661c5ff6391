package io.arrowfamfs.nativeio;

import io.arrowfamfs.nativeio.Bindings.LibC;
import java.util.Arrays;
import java.util.stream.Collectors;
import jnr.ffi.LibraryLoader;

/**
 * Loads the libc binding once and checks every native return code in one place, turning errno
 * into a {@link NativeCallException} that names the call, its arguments, errno and the resource.
 */
final class Native {
    static final LibC LIBC;
    private static final jnr.ffi.Runtime RUNTIME;

    static {
        // Must be set before jnr-ffi initialises: its x86-64 asm stubs made mmap return EINVAL.
        if (System.getProperty("jnr.ffi.x86asm.enabled") == null) {
            System.setProperty("jnr.ffi.x86asm.enabled", "false");
        }
        LIBC = load(LibC.class, "c");
        RUNTIME = jnr.ffi.Runtime.getRuntime(LIBC);
    }

    private Native() {}

    /**
     * Loads a native library (a name like {@code "c"} or an absolute path) as a binding of
     * {@code type}; throws {@link UnsatisfiedLinkError} now, not at the first call, if it or a symbol is missing.
     */
    static <T> T load(Class<T> type, String library) {
        return LibraryLoader.create(type).failImmediately().load(library);
    }

    /** A pointer to {@code length} bytes of native memory at {@code address}, for {@link MappedRegion}. */
    static jnr.ffi.Pointer pointer(long address, long length) {
        return RUNTIME.getMemoryManager().newPointer(address, length);
    }

    /**
     * A direct pointer to the remaining bytes of a direct {@link java.nio.ByteBuffer}, so copies
     * from it are one memcpy (jnr-ffi copies a wrapped ByteBuffer one byte at a time).
     */
    static jnr.ffi.Pointer pointer(java.nio.ByteBuffer direct) {
        long address = com.kenai.jffi.MemoryIO.getInstance().getDirectBufferAddress(direct);
        return pointer(address + direct.position(), direct.remaining());
    }

    /** errno of the last call on this thread (the binding is {@code @SaveError}). */
    static int errno() {
        return RUNTIME.getLastError();
    }

    /**
     * Returns {@code rc} when it is not -1, else throws naming {@code call}, the resource and its
     * arguments, each written {@code key=value}.
     */
    static int check(int rc, String call, String resource, Object... args) {
        if (rc == -1) {
            throw failure(call, resource, errno(), args);
        }
        return rc;
    }

    /** Same as {@link #check(int, String, String, Object...)} for calls returning a long. */
    static long check(long rc, String call, String resource, Object... args) {
        if (rc == -1L) {
            throw failure(call, resource, errno(), args);
        }
        return rc;
    }

    /**
     * The exception for {@code call} failing with {@code errno} on {@code resource}:
     * {@code call failed: resource=R arg=value... errno=N error="strerror"}, then a hint when the
     * environment is at fault.
     */
    static NativeCallException failure(String call, String resource, int errno, Object... args) {
        String arguments = args.length == 0
                ? ""
                : " " + Arrays.stream(args).map(String::valueOf).collect(Collectors.joining(" "));
        String message = call + " failed: " + KeyValue.pair("resource", resource) + arguments + " errno=" + errno + " "
                + KeyValue.pair("error", LIBC.strerror(errno)) + hint(call, errno);
        return new NativeCallException(call, resource, errno, message);
    }

    private static String hint(String call, int errno) {
        if (call.equals("mmap") && errno == 12) {
            return "; hint: check ulimit -v and sysctl vm.max_map_count";
        }
        if (errno == LibC.ENOSPC) {
            return "; hint: the file system holding the device is full (df -h)";
        }
        return "";
    }
}
