package io.arrowfamfs.famfs;

import io.arrowfamfs.famfs.omf.FamfsVersion;
import io.arrowfamfs.famfs.omf.SuperblockDescriptor;
import java.util.Objects;

/**
 * How {@link Mkfs} formats a device.
 *
 * @param size device size in bytes; at least {@link Mkfs#MIN_SIZE}
 * @param version famfs metadata version to write (v48 by default, v47 for older famfs tools)
 * @param logLength log length: a power of two of at least 8 MiB
 * @param force overwrite an existing file, famfs device or not
 * @param node the node that becomes the master
 */
public record MkfsOptions(long size, FamfsVersion version, long logLength, boolean force, NodeId node) {
    /**
     * Checks the options before anything is written.
     *
     * @throws InvalidOptionException if the size is below {@link Mkfs#MIN_SIZE}, the log length
     *     is not a power of two of at least 8 MiB, or the log leaves no allocation unit for data
     */
    public MkfsOptions {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(node, "node");
        if (size < Mkfs.MIN_SIZE) {
            throw new InvalidOptionException("device too small: size=" + size + " minimum=" + Mkfs.MIN_SIZE);
        }
        if (logLength < SuperblockDescriptor.DEFAULT_LOG_LENGTH || Long.bitCount(logLength) != 1) {
            throw new InvalidOptionException("invalid log length: log_length=" + logLength
                    + " expected=a power of two >= " + SuperblockDescriptor.DEFAULT_LOG_LENGTH);
        }
        long minimum = SuperblockDescriptor.LOG_OFFSET + logLength + SuperblockDescriptor.ALLOC_UNIT;
        if (size < minimum) {
            throw new InvalidOptionException(
                    "device too small for its log: size=" + size + " log_length=" + logLength + " minimum=" + minimum);
        }
    }

    /** Defaults for a device of {@code size} bytes mastered by {@code node}: famfs v48, an 8 MiB log, no force. */
    public static MkfsOptions of(long size, NodeId node) {
        return new MkfsOptions(size, FamfsVersion.V48, SuperblockDescriptor.DEFAULT_LOG_LENGTH, false, node);
    }

    /** The same options writing famfs {@code newVersion}. */
    public MkfsOptions withVersion(FamfsVersion newVersion) {
        return new MkfsOptions(size, newVersion, logLength, force, node);
    }

    /** The same options, overwriting an existing file when {@code newForce}. */
    public MkfsOptions withForce(boolean newForce) {
        return new MkfsOptions(size, version, logLength, newForce, node);
    }

    /** The same options with a log of {@code newLogLength} bytes. */
    public MkfsOptions withLogLength(long newLogLength) {
        return new MkfsOptions(size, version, newLogLength, force, node);
    }
}
