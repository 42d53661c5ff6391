package io.arrowfamfs.famfs;

import io.arrowfamfs.famfs.FamfsNode.FamfsDirectory;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.omf.Relpath;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * An immutable snapshot of a famfs namespace as of one log position: directories and files with
 * their extent maps, the problems replay met, and space use. Paths are relpaths; a leading
 * {@code /} in a lookup is accepted and ignored.
 *
 * @param problems entries replay skipped or stopped at, in log order
 * @param stoppedAt the integrity failure (bad CRC or seqnum) replay stopped at, or null
 * @param entries log entries replayed
 * @param capacity log entries the log can hold
 */
public record Namespace(
        NavigableMap<String, FamfsNode> nodes,
        List<LogProblem> problems,
        LogProblem stoppedAt,
        long entries,
        long capacity,
        long allocatedBytes,
        long freeBytes) {

    /** The node at {@code path}, if any. */
    public Optional<FamfsNode> lookup(String path) {
        return Optional.ofNullable(nodes.get(normalize(path)));
    }

    /** The file at {@code path}; throws if there is none or it is a directory. */
    public FamfsFile file(String path) {
        FamfsNode node = nodes.get(normalize(path));
        if (node instanceof FamfsFile file) {
            return file;
        }
        throw new NoSuchPathException(node == null ? "no such file: path=" + path : "is a directory: path=" + path);
    }

    /** The directory's direct children in path order, or a list of the file itself. */
    public List<FamfsNode> list(String path) {
        String dir = normalize(path);
        FamfsNode node = nodes.get(dir);
        if (node == null) {
            throw new NoSuchPathException("no such file or directory: path=" + path);
        }
        if (node instanceof FamfsFile) {
            return List.of(node);
        }
        List<FamfsNode> children = new ArrayList<>();
        for (FamfsNode child : nodes.tailMap(dir, false).values()) {
            if (!dir.isEmpty() && !child.relpath().startsWith(dir + "/")) {
                break;
            }
            if (Relpath.parent(child.relpath()).equals(dir)) {
                children.add(child);
            }
        }
        return children;
    }

    /** Every file and directory except the root, in path order. */
    public List<FamfsNode> all() {
        return List.copyOf(nodes.tailMap("", false).values());
    }

    /** Number of files. */
    public long files() {
        return nodes.values().stream().filter(FamfsFile.class::isInstance).count();
    }

    /** Number of directories, the root not counted. */
    public long directories() {
        return nodes.values().stream().filter(FamfsDirectory.class::isInstance).count() - 1;
    }

    /** Strips leading and trailing slashes: {@code "/a/b/"} is {@code "a/b"}, {@code "/"} the root. */
    static String normalize(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
