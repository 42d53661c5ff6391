package io.arrowfamfs.query;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cache drops its statements when the tables change: every one closed, even when closes fail. */
class StatementCacheTest {
    @Test
    void aFailingCloseStillClosesTheOthersAndEmptiesTheCache() throws SQLException {
        List<String> closed = new ArrayList<>();
        StatementCache<String> cache = new StatementCache<>(8, statement -> {
            closed.add(statement);
            if (statement.startsWith("bad")) {
                throw new SQLException("close failed: statement=" + statement);
            }
        });
        cache.validate(Set.of("t"));
        for (String statement : List.of("bad1", "good", "bad2")) {
            cache.put(statement, statement);
        }
        SQLException failure = assertThrows(SQLException.class, () -> cache.validate(Set.of("t", "u")));
        assertEquals("close failed: statement=bad1", failure.getMessage());
        assertEquals(1, failure.getSuppressed().length);
        assertEquals("close failed: statement=bad2", failure.getSuppressed()[0].getMessage());
        assertEquals(List.of("bad1", "good", "bad2"), closed, "every statement closed");
        assertEquals(0, cache.size());
        assertTrue(cache.get("good").isEmpty());
        cache.validate(Set.of("t", "u"));
        assertEquals(3, closed.size(), "the new set of tables was recorded: nothing more to close");
    }
}
