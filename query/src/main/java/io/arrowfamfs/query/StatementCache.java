package io.arrowfamfs.query;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The statements {@link QuerySession#execute} prepared, by SQL text, least recently used closed
 * first beyond a capacity. They were rewritten for one set of table names: another set (a table
 * created or dropped) closes them all. Used under the session's lock.
 *
 * @param <S> the statements, closed with the cache's {@link Closer}
 */
final class StatementCache<S> {
    /** Closes a statement the cache drops. */
    interface Closer<S> {
        void close(S statement) throws SQLException;
    }

    private final int capacity;
    private final Closer<S> closer;
    /** In access order. */
    private final LinkedHashMap<String, S> statements = new LinkedHashMap<>(16, 0.75f, true);

    private Set<String> tables = Set.of();

    /** A cache of at most {@code capacity} statements, closing those it drops with {@code closer}. */
    StatementCache(int capacity, Closer<S> closer) {
        this.capacity = capacity;
        this.closer = closer;
    }

    /**
     * Closes every statement when {@code current} is not the set of tables they were rewritten
     * for: all of them, even when some fail (the first failure is thrown, the others suppressed
     * under it), and forgets them.
     */
    void validate(Set<String> current) throws SQLException {
        if (current.equals(tables)) {
            return;
        }
        List<S> dropped = new ArrayList<>(statements.values());
        statements.clear();
        tables = Set.copyOf(current);
        Exception first = null;
        for (S statement : dropped) {
            try {
                closer.close(statement);
            } catch (SQLException | RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof SQLException sql) {
            throw sql;
        }
        if (first != null) {
            throw (RuntimeException) first;
        }
    }

    /** The statement prepared for {@code sql}, if cached. */
    Optional<S> get(String sql) {
        return Optional.ofNullable(statements.get(sql));
    }

    /** How many statements the cache holds. */
    int size() {
        return statements.size();
    }

    /** Caches {@code statement} for {@code sql}, closing the least recently used one beyond the capacity. */
    void put(String sql, S statement) throws SQLException {
        statements.put(sql, statement);
        if (statements.size() > capacity) {
            Iterator<S> eldest = statements.values().iterator();
            S evicted = eldest.next();
            eldest.remove();
            closer.close(evicted);
        }
    }
}
