package io.arrowfamfs.nativeio;

/** This process's POSIX identity, which famfs records as a new file's owner. */
public final class Posix {
    private Posix() {}

    /** {@return this process's real user id} */
    public static int uid() {
        return Native.LIBC.getuid();
    }

    /** {@return this process's real group id} */
    public static int gid() {
        return Native.LIBC.getgid();
    }
}
