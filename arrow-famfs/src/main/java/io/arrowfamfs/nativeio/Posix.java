package io.arrowfamfs.nativeio;

/** This process's POSIX identity, which famfs records as a new file's owner. */
public final class Posix {
    private Posix() {}

    public static int uid() {
        return Native.LIBC.getuid();
    }

    public static int gid() {
        return Native.LIBC.getgid();
    }
}
