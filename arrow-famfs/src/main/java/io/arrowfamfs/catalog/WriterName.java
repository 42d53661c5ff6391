package io.arrowfamfs.catalog;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a writer is, as its grants name it: {@code node=UUID pid=N}. On the master's own host,
 * the pid tells a writer that died (its grants can be closed at once) from one still running.
 *
 * @param node the writer's node
 * @param pid the writer's process on that node
 */
record WriterName(UUID node, long pid) {
    private static final Pattern FORM = Pattern.compile("node=([0-9a-f-]{36}) pid=([0-9]+)");

    @Override
    public String toString() {
        return "node=" + node + " pid=" + pid;
    }

    /** The writer a grant's name names, if it is a process's (the catalog's checkpoints are not). */
    static Optional<WriterName> parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new WriterName(UUID.fromString(m.group(1)), Long.parseLong(m.group(2))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** True if this writer is a process of {@code here} that no longer runs. */
    boolean isDeadProcessOf(UUID here) {
        return node.equals(here)
                && pid != ProcessHandle.current().pid()
                && ProcessHandle.of(pid).isEmpty();
    }
}
