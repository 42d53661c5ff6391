package io.arrowfamfs.query;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The session's {@code perfect_ht_threshold}: how many bits DuckDB lets a perfect hash
 * aggregate's keys take together (default 12), which decides whether narrowing group keys helps
 * ({@link GroupKeyNarrowing}). Asked of DuckDB at most once (make one per execution), and only
 * when a SELECT's keys could be narrowed.
 */
final class PerfectHashThreshold {
    private final Connection duckdb;
    private Integer bits;

    PerfectHashThreshold(Connection duckdb) {
        this.duckdb = duckdb;
    }

    /** The threshold, in bits. */
    int bits() throws SQLException {
        if (bits == null) {
            try (Statement statement = duckdb.createStatement();
                    ResultSet setting =
                            statement.executeQuery("SELECT CAST(current_setting('perfect_ht_threshold') AS INTEGER)")) {
                setting.next();
                bits = setting.getInt(1);
            }
        }
        return bits;
    }
}
