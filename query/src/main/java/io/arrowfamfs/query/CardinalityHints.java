package io.arrowfamfs.query;

import io.arrowfamfs.query.JoinBuildPadding.PadRow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.duckdb.DuckDBDataChunkWriter;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBTableFunction;
import org.duckdb.DuckDBTableFunctionBindInfo;
import org.duckdb.DuckDBTableFunctionBuilder;
import org.duckdb.DuckDBTableFunctionCallInfo;
import org.duckdb.DuckDBTableFunctionInitInfo;

/**
 * Row counts for DuckDB's planner. DuckDB estimates every Arrow stream scan at one row, so in a
 * join it may build its hash table on a 50M-row table instead of on a 100-row one (measured: 30x
 * slower than a native table). A hinted view is the stream's rows {@code UNION ALL} the rows of
 * an empty table function that reports, as its cardinality, how many rows the stream will yield:
 * the estimate becomes right, the rows do not change, and the empty branch costs one call.
 */
final class CardinalityHints {
    private static final String FUNCTION = "__af_rows";

    /** DuckDB's type of each column seen so far, by table schema and column name. */
    private final Map<String, Map<String, String>> types = new HashMap<>();

    private CardinalityHints() {}

    /** Registers the hint function on {@code duckdb}. */
    static CardinalityHints register(Connection duckdb) throws SQLException {
        try (DuckDBTableFunctionBuilder builder = DuckDBFunctions.tableFunction()) {
            builder.withName(FUNCTION)
                    .withParameter(Long.class)
                    .withFunction(new EmptyWithCardinality())
                    .register(duckdb);
        }
        return new CardinalityHints();
    }

    /**
     * Creates (or replaces) view {@code view}: every row of the query {@code source}, which has {@code columns} and
     * will yield about {@code rows} rows, estimated as such, and {@code pad}'s row if there is one
     * (its key in its column, NULL in the others: {@link JoinBuildPadding}). {@code schema} names
     * the table's schema: DuckDB's column types are looked up once per schema.
     */
    void createView(
            Statement statement,
            String view,
            String source,
            List<String> columns,
            long rows,
            String schema,
            Optional<PadRow> pad)
            throws SQLException {
        Map<String, String> known = types.computeIfAbsent(schema, s -> new HashMap<>());
        if (!known.keySet().containsAll(columns)) {
            try (ResultSet described = statement.executeQuery("DESCRIBE " + source)) {
                while (described.next()) {
                    known.put(described.getString("column_name"), described.getString("column_type"));
                }
            }
        }
        String padded = pad.map(row -> " UNION ALL SELECT " + row(columns, known, Optional.of(row)))
                .orElse("");
        statement.execute("CREATE OR REPLACE VIEW " + SqlRewriter.quote(view) + " AS " + source
                + " UNION ALL SELECT " + row(columns, known, Optional.empty())
                + " FROM "
                + FUNCTION
                + "(" + rows + ")" + padded);
    }

    /** A select list of {@code columns} of DuckDB types {@code types}: NULLs, but {@code pad}'s key in its column. */
    private static String row(List<String> columns, Map<String, String> types, Optional<PadRow> pad) {
        StringBuilder row = new StringBuilder();
        for (String column : columns) {
            String value = pad.filter(key -> key.column().equals(column))
                    .map(key -> Long.toString(key.key()))
                    .orElse("NULL");
            row.append(row.length() == 0 ? "" : ", ")
                    .append("CAST(")
                    .append(value)
                    .append(" AS ")
                    .append(types.get(column))
                    .append(") AS ")
                    .append(SqlRewriter.quote(column));
        }
        return row.toString();
    }

    /** No rows; its bind reports the cardinality it is given. */
    private static final class EmptyWithCardinality implements DuckDBTableFunction<Long, Object, Object> {
        @Override
        public Long bind(DuckDBTableFunctionBindInfo info) {
            long rows = info.getParameter(0).getLong();
            info.addResultColumn("rows", Long.class);
            info.setCardinality(rows, false);
            return rows;
        }

        @Override
        public Object init(DuckDBTableFunctionInitInfo info) {
            info.setMaxThreads(1);
            return Boolean.TRUE;
        }

        @Override
        public long apply(DuckDBTableFunctionCallInfo info, DuckDBDataChunkWriter output) {
            return 0;
        }
    }
}
