package io.arrowfamfs.query;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BooleanSupplier;

/**
 * Whether DuckDB compares strings bytewise, as pruning on string bounds assumes: true while the
 * session's default collation is unset (or binary). Asked of DuckDB at most once (make one per
 * execution), and only when a condition on a string column could prune; when DuckDB cannot say,
 * false.
 */
final class BytewiseStrings implements BooleanSupplier {
    private final Connection duckdb;
    private Boolean bytewise;

    BytewiseStrings(Connection duckdb) {
        this.duckdb = duckdb;
    }

    @Override
    public boolean getAsBoolean() {
        if (bytewise == null) {
            try (Statement statement = duckdb.createStatement();
                    ResultSet setting = statement.executeQuery("SELECT current_setting('default_collation')")) {
                String collation = setting.next() ? setting.getString(1) : null;
                bytewise = collation != null && (collation.isEmpty() || collation.equalsIgnoreCase("binary"));
            } catch (SQLException e) {
                bytewise = false;
            }
        }
        return bytewise;
    }
}
