package io.arrowfamfs.query;

import io.arrowfamfs.cdata.BatchSlice;
import io.arrowfamfs.cdata.BorrowedArrayStream;
import io.arrowfamfs.cdata.ColumnChunk;
import io.arrowfamfs.query.StreamExporter.Export;
import io.arrowfamfs.scan.AttachedFrame;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ElementAddressableVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * A table column's dictionary as a small DuckDB table of the session, {@code (code INTEGER,
 * value VARCHAR)}, for the rewrites that evaluate a predicate once per dictionary value instead of
 * once per row ({@link DictionaryPredicates}). A scan's frames each carry their own dictionary;
 * their codes mean the same only when each dictionary extends the shorter ones (what one writer
 * appending makes), so a column has a table only then, made from the longest. Made once per
 * longest dictionary (appends that add values make a new one), with what was evaluated on it.
 * Used under the session's lock.
 */
final class DictionaryTables {
    private final DuckDBConnection duckdb;
    private final BufferAllocator allocator;
    private final String prefix;
    /** The table of each dictionary, by the frame holding it and its size. */
    private final Map<String, String> tables = new HashMap<>();
    /** Whether one frame's dictionary extends another's, by the two frames and the dictionary. */
    private final Map<String, Boolean> extending = new HashMap<>();
    /** The codes a predicate holds for, by table and the predicate's SQL. */
    private final Map<String, Codes> evaluated = new HashMap<>();

    /** The macro giving each table's value of a code, by table. */
    private final Map<String, String> lookups = new HashMap<>();
    /** The DuckDB type of each table's values, by table. */
    private final Map<String, String> types = new HashMap<>();
    /** Whether each table's codes are in its values' order, by table. */
    private final Map<String, Boolean> ordered = new HashMap<>();

    private long made;

    /** Dictionaries kept at most: past that (appends over a long session), all are dropped and made again on use. */
    private static final int MAX_TABLES = 64;

    /**
     * What a predicate over the dictionary gives: the codes whose values it holds for, and whether
     * it holds for NULL.
     *
     * @param codes the codes, ascending
     * @param forNull whether a row whose value is NULL satisfies it
     * @param values how many values the dictionary has
     */
    record Codes(List<Integer> codes, boolean forNull, int values) {}

    /** Tables named {@code prefix} and a number, made through {@code duckdb}; buffers from {@code allocator}. */
    DictionaryTables(DuckDBConnection duckdb, BufferAllocator allocator, String prefix) {
        this.duckdb = duckdb;
        this.allocator = allocator;
        this.prefix = prefix;
    }

    /**
     * A dictionary-encoded column as the rewrites read it.
     *
     * @param codes the name of its stream's column of codes
     * @param table its dictionary's table
     */
    record Coded(String codes, String table) {}

    /**
     * Column {@code column} (an index of the table's schema) as {@code export} reads it, as codes:
     * when it is dictionary-encoded, the stream carries its codes, and the frames' dictionaries
     * extend one another (the table is made on first use).
     */
    Optional<Coded> coded(Export export, int column) throws SQLException {
        Field field = export.scan().projection().source().getFields().get(column);
        Optional<String> codes = field.getDictionary() == null ? Optional.empty() : export.codesOf(field);
        if (codes.isEmpty()) {
            return Optional.empty();
        }
        return of(export, column).map(table -> new Coded(codes.get(), table));
    }

    /**
     * The table of column {@code column} (an index of the table's schema, dictionary-encoded) as
     * {@code export} reads it, if its frames' dictionaries extend one another; made on first use.
     */
    private Optional<String> of(Export export, int column) throws SQLException {
        Field field = export.scan().projection().source().getFields().get(column);
        long id = field.getDictionary().getId();
        List<AttachedFrame<ColumnChunk>> frames = export.scan().frames();
        if (frames.isEmpty()) {
            return Optional.empty();
        }
        AttachedFrame<ColumnChunk> longest = frames.get(0);
        for (AttachedFrame<ColumnChunk> frame : frames) {
            if (values(frame, id).getValueCount() > values(longest, id).getValueCount()) {
                longest = frame;
            }
        }
        for (AttachedFrame<ColumnChunk> frame : frames) {
            if (frame != longest && !extendsFrom(longest, frame, id)) {
                return Optional.empty();
            }
        }
        String key = longest.ref().name() + "#" + id;
        String table = tables.get(key);
        if (table == null) {
            if (tables.size() >= MAX_TABLES) {
                dropAll();
            }
            table = prefix + "dict" + made++;
            create(table, values(longest, id));
            tables.put(key, table);
        }
        return Optional.of(table);
    }

    /**
     * What {@code predicate} (SQL over a column named {@code value}) gives on {@code table}'s
     * values, and with {@code nullPredicate} (the same over a NULL) for NULL; evaluated by DuckDB
     * once per table and predicate.
     */
    Codes evaluate(String table, String predicate, String nullPredicate) throws SQLException {
        String key = table + "\n" + predicate;
        Codes codes = evaluated.get(key);
        if (codes == null) {
            List<Integer> matching = new ArrayList<>();
            int values;
            boolean forNull;
            try (Statement statement = duckdb.createStatement()) {
                try (ResultSet rows = statement.executeQuery(
                        "SELECT code FROM " + SqlRewriter.quote(table) + " WHERE (" + predicate + ") ORDER BY code")) {
                    while (rows.next()) {
                        matching.add(rows.getInt(1));
                    }
                }
                try (ResultSet rows = statement.executeQuery(
                        "SELECT count(*), (SELECT (" + nullPredicate + ") IS TRUE) FROM " + SqlRewriter.quote(table))) {
                    rows.next();
                    values = rows.getInt(1);
                    forNull = rows.getBoolean(2);
                }
            }
            codes = new Codes(List.copyOf(matching), forNull, values);
            evaluated.put(key, codes);
        }
        return codes;
    }

    /**
     * The name of a macro of the session giving {@code table}'s value of a code ({@code
     * name(code)}, NULL for NULL), made on first use: the dictionary as a constant list, so that
     * looking a value up costs no join.
     */
    String lookup(String table) throws SQLException {
        String macro = lookups.get(table);
        if (macro == null) {
            macro = table + "_value";
            StringBuilder list = new StringBuilder("[");
            try (Statement statement = duckdb.createStatement()) {
                try (ResultSet rows = statement.executeQuery(
                        "SELECT CAST(value AS VARCHAR) FROM " + SqlRewriter.quote(table) + " ORDER BY code")) {
                    while (rows.next()) {
                        String value = rows.getString(1);
                        list.append(list.length() > 1 ? ", " : "")
                                .append(value == null ? "NULL" : "'" + value.replace("'", "''") + "'");
                    }
                }
                // DuckDB's own text of each value, cast back: exact for strings, integers and timestamps
                statement.execute("CREATE TEMP MACRO " + SqlRewriter.quote(macro) + "(c) AS (" + list + "]::"
                        + type(table) + "[])[c + 1]");
            }
            lookups.put(table, macro);
        }
        return macro;
    }

    /**
     * Whether {@code table}'s codes are in the order of its values (as DuckDB orders them), so that
     * a bound on the values is the same bound on the codes; found once per table.
     */
    boolean ordered(String table) throws SQLException {
        Boolean known = ordered.get(table);
        if (known == null) {
            try (Statement statement = duckdb.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT coalesce(bool_and(coalesce(value > previous, false)), true) FROM (SELECT code, value,"
                                    + " lag(value) OVER (ORDER BY code) AS previous FROM " + SqlRewriter.quote(table)
                                    + ") WHERE code > 0")) {
                rows.next();
                known = rows.getBoolean(1);
            }
            ordered.put(table, known);
        }
        return known;
    }

    /** The DuckDB type of {@code table}'s values, e.g. {@code VARCHAR} or {@code TIMESTAMP}. */
    String type(String table) throws SQLException {
        String type = types.get(table);
        if (type == null) {
            try (Statement statement = duckdb.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT data_type FROM duckdb_columns() WHERE table_name = '" + table.replace("'", "''")
                                    + "' AND column_name = 'value' AND database_name = 'temp'")) {
                if (!rows.next()) {
                    throw new SQLException("dictionary table missing: table=" + table);
                }
                type = rows.getString(1);
            }
            types.put(table, type);
        }
        return type;
    }

    /** Drops every table and macro and forgets what was evaluated on them. */
    private void dropAll() throws SQLException {
        try (Statement statement = duckdb.createStatement()) {
            for (String table : tables.values()) {
                statement.execute("DROP TABLE IF EXISTS " + SqlRewriter.quote(table));
            }
            for (String macro : lookups.values()) {
                statement.execute("DROP MACRO IF EXISTS " + SqlRewriter.quote(macro));
            }
        }
        tables.clear();
        evaluated.clear();
        lookups.clear();
        types.clear();
        ordered.clear();
    }

    private static FieldVector values(AttachedFrame<ColumnChunk> frame, long id) {
        return frame.dictionary(id);
    }

    /** Whether {@code shorter}'s dictionary is a prefix of {@code longer}'s, value by value; found once per pair. */
    private boolean extendsFrom(AttachedFrame<ColumnChunk> longer, AttachedFrame<ColumnChunk> shorter, long id) {
        String key = longer.ref().name() + "\n" + shorter.ref().name() + "\n" + id;
        Boolean known = extending.get(key);
        if (known == null) {
            FieldVector a = values(longer, id);
            FieldVector b = values(shorter, id);
            known = a instanceof ElementAddressableVector && b instanceof ElementAddressableVector;
            for (int i = 0; i < b.getValueCount() && known; i++) {
                known = a.isNull(i) == b.isNull(i)
                        && (b.isNull(i)
                                || ((ElementAddressableVector) a)
                                        .getDataPointer(i)
                                        .equals(((ElementAddressableVector) b).getDataPointer(i)));
            }
            extending.put(key, known);
        }
        return known;
    }

    /** Copies {@code values} into a new table {@code table} of the session, each value with its code. */
    private void create(String table, FieldVector values) throws SQLException {
        int count = values.getValueCount();
        String source = table + "_stream";
        try (IntVector codes = new IntVector("code", allocator)) {
            codes.allocateNew(count);
            for (int i = 0; i < count; i++) {
                codes.set(i, i);
            }
            codes.setValueCount(count);
            Schema schema = new Schema(List.of(
                    codes.getField(),
                    new Field("value", FieldType.nullable(values.getField().getType()), List.of())));
            try (ColumnChunk code = ColumnChunk.pin(codes, allocator);
                    ColumnChunk value = ColumnChunk.pin(values, allocator);
                    BorrowedArrayStream stream = BorrowedArrayStream.export(
                            schema, List.of(new BatchSlice(List.of(code, value), 0, count)), allocator);
                    Statement statement = duckdb.createStatement()) {
                duckdb.registerArrowStream(source, stream.stream());
                try {
                    statement.execute("CREATE TEMP TABLE " + SqlRewriter.quote(table) + " AS SELECT code, value FROM "
                            + SqlRewriter.quote(source));
                } finally {
                    statement.execute("DROP VIEW IF EXISTS " + SqlRewriter.quote(source));
                }
            }
        }
    }
}
