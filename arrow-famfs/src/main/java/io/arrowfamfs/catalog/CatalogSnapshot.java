package io.arrowfamfs.catalog;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable, consistent view of the catalog after {@code version} commits: every table with
 * every frame committed up to then, nothing after.
 *
 * @param version the number of commits this snapshot includes; 0 before the first
 * @param tables the live tables by name (dropped ones left out)
 */
public record CatalogSnapshot(long version, NavigableMap<String, TableState> tables) {
    /** The catalog before its first commit. */
    public static final CatalogSnapshot EMPTY = new CatalogSnapshot(0, new TreeMap<>());

    /**
     * Copies the map: a snapshot never changes.
     *
     * @param version the number of commits this snapshot includes; 0 before the first
     * @param tables the live tables by name (dropped ones left out)
     */
    public CatalogSnapshot {
        tables = Collections.unmodifiableNavigableMap(new TreeMap<>(tables));
    }

    /**
     * The table named {@code name}, if this snapshot has it.
     *
     * @param name the table's name, case-sensitive
     * @return the table, or empty if this snapshot has no table of that name
     */
    public Optional<TableState> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    /**
     * The table, or a {@link NoSuchTableException} naming the tables that exist.
     *
     * @param name the table's name, case-sensitive
     * @return the table
     * @throws NoSuchTableException if this snapshot has no table of that name
     */
    public TableState require(String name) {
        TableState table = tables.get(name);
        if (table == null) {
            throw new NoSuchTableException("no such table: table=" + name + " tables="
                    + (tables.isEmpty() ? "(none)" : String.join(",", tables.keySet())));
        }
        return table;
    }
}
