package io.arrowfamfs.famfs;

import io.arrowfamfs.ArrowFamfsException;
import io.arrowfamfs.famfs.FsckReport.Finding;
import io.arrowfamfs.famfs.FsckReport.Severity;
import io.arrowfamfs.famfs.omf.LogHeader;
import io.arrowfamfs.famfs.omf.Superblock;
import io.arrowfamfs.famfs.omf.SuperblockDescriptor;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeFile;
import io.arrowfamfs.nativeio.Protection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Checks a device read-only, from any node: the superblock (magic, version, CRC, geometry, the
 * file's size), the log header, every entry's CRC and seqnum (continuing past bad ones, unlike
 * replay), every entry's contents (relpaths, parents, extents inside the device and aligned,
 * no two files sharing a unit), and the slots after the last entry.
 */
public final class Fsck {
    /** How long fsck waits before it reads a header again that shows an append half done. */
    private static final long RECHECK_PAUSE_NANOS = 20_000_000;

    private Fsck() {}

    /**
     * Checks the device at {@code path} read-only and reports every finding; never throws for damage.
     *
     * @param path the famfs device (or emulated device file) to check; it is opened read-only
     * @return every finding, damage and notes; {@link FsckReport#clean()} tells whether any is damage
     */
    public static FsckReport check(Path path) {
        List<Finding> findings = new ArrayList<>();
        try (NativeFile device = NativeFile.open(path, Protection.READ_ONLY)) {
            Superblock superblock;
            try {
                superblock = DeviceGeometry.readSuperblock(device, CachePolicy.COHERENT);
            } catch (ArrowFamfsException e) {
                findings.add(new Finding(Severity.DAMAGE, "superblock", e.getMessage()));
                return new FsckReport(path, null, null, null, findings);
            }
            if (superblock.deviceSize() < Mkfs.FAMFS_MIN_SIZE) {
                findings.add(new Finding(
                        Severity.NOTE,
                        "device",
                        "smaller than famfs's mkfs minimum: dd_size=" + superblock.deviceSize() + " famfs_minimum="
                                + Mkfs.FAMFS_MIN_SIZE));
            }
            try (MappedRegion region = device.map(SuperblockDescriptor.LOG_OFFSET, superblock.logLength(), false)) {
                DeviceLog log = new DeviceLog(
                        region, superblock.logLength(), CachePolicy.COHERENT, false, "famfs log of device=" + path);
                LogHeader header;
                try {
                    header = log.readHeader();
                } catch (ArrowFamfsException e) {
                    findings.add(new Finding(Severity.DAMAGE, "log header", e.getMessage()));
                    return new FsckReport(path, superblock, null, null, findings);
                }
                if (header.interruptedAppend()) {
                    // a healthy append shows this for the instant between its two counter stores
                    LockSupport.parkNanos(RECHECK_PAUSE_NANOS);
                    header = log.readHeader();
                }
                if (header.interruptedAppend()) {
                    findings.add(new Finding(
                            Severity.NOTE,
                            "log header",
                            "append not completed: next_seqnum="
                                    + header.nextSeqnum() + " next_index=" + header.nextIndex()
                                    + " (an interrupted append, or one still in progress); the master's next append"
                                    + " completes or rolls it back"));
                }
                NamespaceBuilder builder = new NamespaceBuilder(superblock, true);
                for (long index = 0; index < header.nextIndex(); index++) {
                    builder.apply(index, log.readEntry(index));
                }
                Namespace namespace = builder.snapshot(header);
                for (LogProblem problem : namespace.problems()) {
                    findings.add(new Finding(Severity.DAMAGE, "log entry " + problem.index(), problem.message()));
                }
                if (header.nextIndex() < header.capacity() && log.slotDirty(header.nextIndex())) {
                    findings.add(new Finding(
                            Severity.NOTE,
                            "log entry " + header.nextIndex(),
                            "slot after the last entry is not empty: an append that stopped before it was counted"));
                }
                return new FsckReport(path, superblock, header, namespace, findings);
            }
        }
    }
}
