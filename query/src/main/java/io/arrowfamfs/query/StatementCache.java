package io.arrowfamfs.query;

import io.arrowfamfs.query.QuerySession.Prepared;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * The statements {@link QuerySession#execute} prepared, by SQL text, least recently used closed
 * first beyond a capacity. They were rewritten for one set of table names: another set (a table
 * created or dropped) closes them all. Used under the session's lock.
 */
final class StatementCache {
    private final int capacity;
    /** In access order. */
    private final LinkedHashMap<String, Prepared> statements = new LinkedHashMap<>(16, 0.75f, true);

    private Set<String> tables = Set.of();

    /** A cache of at most {@code capacity} statements. */
    StatementCache(int capacity) {
        this.capacity = capacity;
    }

    /** Closes every statement when {@code current} is not the set of tables they were rewritten for. */
    void validate(Set<String> current) throws SQLException {
        if (!current.equals(tables)) {
            for (Prepared statement : new ArrayList<>(statements.values())) {
                statement.close();
            }
            statements.clear();
            tables = Set.copyOf(current);
        }
    }

    /** The statement prepared for {@code sql}, if cached. */
    Optional<Prepared> get(String sql) {
        return Optional.ofNullable(statements.get(sql));
    }

    /** Caches {@code statement} for {@code sql}, closing the least recently used one beyond the capacity. */
    void put(String sql, Prepared statement) throws SQLException {
        statements.put(sql, statement);
        if (statements.size() > capacity) {
            Iterator<Prepared> eldest = statements.values().iterator();
            Prepared evicted = eldest.next();
            eldest.remove();
            evicted.close();
        }
    }
}
