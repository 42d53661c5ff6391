package io.arrowfamfs.catalog;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable, consistent view of the catalog after {@code version} commits: every table with
 * every frame committed up to then, nothing after.
 *
 * @param unreclaimableBytes bytes of dropped tables' files: famfs has no delete, so they stay allocated
 * @param committedPaths every frame file any commit ever referenced, dropped tables' included
 */
public record CatalogSnapshot(
        long version, NavigableMap<String, TableState> tables, long unreclaimableBytes, Set<String> committedPaths) {
    /** The catalog before its first commit. */
    public static final CatalogSnapshot EMPTY = new CatalogSnapshot(0, new TreeMap<>(), 0, Set.of());

    /** Copies both collections: a snapshot never changes. */
    public CatalogSnapshot {
        tables = Collections.unmodifiableNavigableMap(new TreeMap<>(tables));
        committedPaths = Set.copyOf(committedPaths);
    }

    /** The table named {@code name}, if this snapshot has it. */
    public Optional<TableState> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    /** The table, or a {@link NoSuchTableException} naming the tables that exist. */
    public TableState require(String name) {
        TableState table = tables.get(name);
        if (table == null) {
            throw new NoSuchTableException("no such table: " + name + " (tables: "
                    + (tables.isEmpty() ? "none" : String.join(", ", tables.keySet())) + ")");
        }
        return table;
    }
}
