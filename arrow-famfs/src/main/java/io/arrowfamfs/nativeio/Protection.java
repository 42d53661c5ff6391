package io.arrowfamfs.nativeio;

import io.arrowfamfs.nativeio.Bindings.LibC;

/** How a file is opened and mapped. Read-only mappings of a read-only file cannot be written. */
public enum Protection {
    /** Opened and mapped for reading only: a client's view. */
    READ_ONLY(LibC.O_RDONLY, LibC.PROT_READ),
    /** Opened and mapped for reading and writing: the master's view. */
    READ_WRITE(LibC.O_RDWR, LibC.PROT_READ | LibC.PROT_WRITE);

    final int openFlags;
    final int prot;

    Protection(int openFlags, int prot) {
        this.openFlags = openFlags;
        this.prot = prot;
    }
}
