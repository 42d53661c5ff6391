package io.arrowfamfs.famfs;

import io.arrowfamfs.famfs.FamfsNode.FamfsDirectory;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.omf.CorruptMetadataException;
import io.arrowfamfs.famfs.omf.Extent;
import io.arrowfamfs.famfs.omf.InterleavedFileMap;
import io.arrowfamfs.famfs.omf.InvalidEntryException;
import io.arrowfamfs.famfs.omf.LogEntries;
import io.arrowfamfs.famfs.omf.LogEntry;
import io.arrowfamfs.famfs.omf.LogEntry.AddDaxdevEntry;
import io.arrowfamfs.famfs.omf.LogEntry.FileEntry;
import io.arrowfamfs.famfs.omf.LogEntry.MkdirEntry;
import io.arrowfamfs.famfs.omf.LogHeader;
import io.arrowfamfs.famfs.omf.Relpath;
import io.arrowfamfs.famfs.omf.Superblock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Replays log entries into a namespace and a {@link SpaceMap}, with famfs's rules:
 *
 * <ul>
 *   <li>An entry whose CRC or seqnum is wrong stops replay ({@code __famfs_logplay}); in
 *       {@linkplain #NamespaceBuilder(Superblock, boolean) checking mode} (fsck) it is recorded
 *       and replay goes on.
 *   <li>An entry that is intact but unusable is skipped and recorded: a bad relpath, a missing
 *       parent, an existing path, a size or extent outside the device, a map that does not cover
 *       the file, an unknown or wrong-version entry type.
 *   <li>Every in-bounds extent of an intact FILE entry is marked in use, even when the entry is
 *       skipped, so the allocator can never hand that space out twice; a unit marked twice is an
 *       allocation collision.
 * </ul>
 *
 * Not thread-safe: the owning {@link Volume} serialises access and publishes snapshots.
 */
final class NamespaceBuilder {
    private final Superblock superblock;
    private final boolean continueAfterCorruption;
    private final TreeMap<String, FamfsNode> nodes = new TreeMap<>();
    private final SpaceMap space;
    private final List<LogProblem> problems = new ArrayList<>();
    private long nextIndex;
    private LogProblem stoppedAt;

    NamespaceBuilder(Superblock superblock, boolean continueAfterCorruption) {
        this.superblock = superblock;
        this.continueAfterCorruption = continueAfterCorruption;
        this.space = new SpaceMap(superblock.deviceSize(), superblock.allocUnit(), superblock.dataOffset());
        nodes.put("", new FamfsDirectory("", 0755, 0, 0, -1));
    }

    /** Index of the next entry to apply. */
    long nextIndex() {
        return nextIndex;
    }

    /** The integrity failure that stopped replay, or null. */
    LogProblem stoppedAt() {
        return stoppedAt;
    }

    SpaceMap space() {
        return space;
    }

    /** Applies the raw bytes of entry {@code index}, which must be {@link #nextIndex()}. */
    void apply(long index, byte[] raw) {
        if (index != nextIndex || stoppedAt != null) {
            throw new IllegalStateException(
                    "replay out of order: index=" + index + " next=" + nextIndex + " stopped=" + stoppedAt);
        }
        nextIndex++;
        try {
            LogEntries.checkIntegrity(raw, index);
        } catch (CorruptMetadataException e) {
            LogProblem problem = new LogProblem(index, e.getMessage());
            problems.add(problem);
            if (!continueAfterCorruption) {
                stoppedAt = problem;
            }
            return;
        }
        try {
            LogEntry entry = LogEntries.decode(raw);
            if (entry instanceof FileEntry file) {
                applyFile(index, file);
            } else if (entry instanceof MkdirEntry dir) {
                applyMkdir(index, dir);
            } else if (entry instanceof AddDaxdevEntry) {
                if (!superblock.version().hasAddDaxdev()) {
                    problem(
                            index,
                            "ADD_DAXDEV entry in a famfs v"
                                    + superblock.version().tsVersion() + " log");
                }
            } else {
                problem(index, "unknown entry type: type=" + ((LogEntry.UnknownEntry) entry).type());
            }
        } catch (InvalidEntryException e) {
            problem(index, e.getMessage());
        }
    }

    private void applyFile(long index, FileEntry file) {
        boolean placeable = true;
        for (Extent extent : file.map().deviceExtents()) {
            if (extent.devIndex() != 0) {
                problem(index, "extent on another daxdev: devindex=" + extent.devIndex() + " path=" + file.relpath());
                placeable = false;
            } else if (!space.isPlaceable(extent.offset(), extent.length())) {
                problem(
                        index,
                        "extent outside the data area or not unit aligned: offset=" + extent.offset()
                                + " length=" + extent.length() + " data=[" + superblock.dataOffset() + ","
                                + (space.units() * space.unit()) + ") unit=" + space.unit() + " path="
                                + file.relpath());
                placeable = false;
            } else if (space.mark(extent.offset(), extent.length())) {
                problem(
                        index,
                        "allocation collision: extent offset=" + extent.offset() + " length=" + extent.length()
                                + " overlaps another file; path=" + file.relpath());
            }
        }
        if (!placeable || !checkPath(index, file.relpath())) {
            return;
        }
        if (file.size() <= 0 || file.size() > superblock.deviceSize()) {
            problem(
                    index,
                    "file size invalid: size=" + Long.toUnsignedString(file.size()) + " device="
                            + superblock.deviceSize() + " path=" + file.relpath());
        } else if (file.map() instanceof InterleavedFileMap striped && striped.chunkSize() % space.unit() != 0) {
            problem(
                    index,
                    "interleave chunk not unit aligned: chunk_size=" + striped.chunkSize() + " path=" + file.relpath());
        } else if (!file.map().covers(file.size())) {
            problem(index, "extents do not cover the file: size=" + file.size() + " path=" + file.relpath());
        } else {
            nodes.put(
                    file.relpath(),
                    new FamfsFile(file.relpath(), file.size(), file.mode(), file.uid(), file.gid(), file.map(), index));
        }
    }

    private void applyMkdir(long index, MkdirEntry dir) {
        if (checkPath(index, dir.relpath())) {
            nodes.put(dir.relpath(), new FamfsDirectory(dir.relpath(), dir.mode(), dir.uid(), dir.gid(), index));
        }
    }

    /** A path can be created when it is valid, new, and its parent is an existing directory. */
    private boolean checkPath(long index, String relpath) {
        String invalid = Relpath.problem(relpath);
        if (invalid != null) {
            problem(index, invalid);
            return false;
        }
        if (nodes.containsKey(relpath)) {
            problem(index, "path already exists: path=" + relpath);
            return false;
        }
        if (!(nodes.get(Relpath.parent(relpath)) instanceof FamfsDirectory)) {
            problem(index, "parent directory missing: path=" + relpath);
            return false;
        }
        return true;
    }

    private void problem(long index, String message) {
        problems.add(new LogProblem(index, message));
    }

    Namespace snapshot(LogHeader header) {
        return new Namespace(
                new TreeMap<>(nodes),
                List.copyOf(problems),
                stoppedAt,
                nextIndex,
                header.capacity(),
                space.usedDataBytes(),
                space.freeBytes());
    }
}
