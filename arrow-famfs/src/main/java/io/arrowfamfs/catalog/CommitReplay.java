package io.arrowfamfs.catalog;

import static io.arrowfamfs.catalog.CatalogDescriptor.*;

import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Namespace;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays commit records onto a snapshot: a create starts a table (version 1, schema from its
 * schema-only frame), an append adds a frame and a version, a drop forgets the table and counts
 * its files as unreclaimable. A record that contradicts the ones before it is damage.
 */
final class CommitReplay {
    private CommitReplay() {}

    /**
     * The snapshot after {@code records}, which continue {@code from} (the first one's seq is
     * {@code from.version()}). {@code namespace} has every file they name (it was replayed after
     * the commit count that covers them was read).
     */
    static CatalogSnapshot apply(CatalogSnapshot from, List<CommitRecord> records, Namespace namespace) {
        TreeMap<String, TableState> tables = new TreeMap<>(from.tables());
        Set<String> paths = new HashSet<>(from.committedPaths());
        long dropped = from.unreclaimableBytes();
        for (CommitRecord record : records) {
            if (!record.path().isEmpty()) {
                paths.add(record.path());
            }
            TableState table = tables.get(record.table());
            switch (record.type()) {
                case TYPE_CREATE -> {
                    if (table != null) {
                        throw new CorruptCatalogException("catalog record creates an existing table: seq="
                                + record.seq() + " table=" + record.table());
                    }
                    tables.put(record.table(), new TableState(record.table(), 1, record.path(), List.of()));
                }
                case TYPE_APPEND ->
                    tables.put(
                            record.table(),
                            existing(table, record)
                                    .append(new FrameRef(
                                            record.path(),
                                            record.rows(),
                                            record.bytes(),
                                            record.batches(),
                                            record.seq())));
                default -> {
                    TableState gone = existing(table, record);
                    tables.remove(record.table());
                    dropped += gone.bytes() + fileSize(namespace, gone.schemaPath());
                }
            }
        }
        return new CatalogSnapshot(from.version() + records.size(), tables, dropped, paths);
    }

    private static TableState existing(TableState table, CommitRecord record) {
        if (table == null) {
            throw new CorruptCatalogException(
                    "catalog record names a missing table: seq=" + record.seq() + " table=" + record.table());
        }
        return table;
    }

    private static long fileSize(Namespace namespace, String path) {
        return namespace.lookup(path).map(node -> ((FamfsFile) node).size()).orElse(0L);
    }
}
