package io.arrowfamfs.famfs;

import io.arrowfamfs.famfs.omf.FamfsVersion;
import io.arrowfamfs.famfs.omf.SuperblockDescriptor;

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
    public static MkfsOptions of(long size, NodeId node) {
        return new MkfsOptions(size, FamfsVersion.V48, SuperblockDescriptor.DEFAULT_LOG_LENGTH, false, node);
    }

    public MkfsOptions withVersion(FamfsVersion newVersion) {
        return new MkfsOptions(size, newVersion, logLength, force, node);
    }

    public MkfsOptions withForce(boolean newForce) {
        return new MkfsOptions(size, version, logLength, newForce, node);
    }

    public MkfsOptions withLogLength(long newLogLength) {
        return new MkfsOptions(size, version, newLogLength, force, node);
    }
}
