package io.arrowfamfs.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a query so that every reference to a shared table reads its own view: DuckDB parses
 * the query into its JSON syntax tree ({@code json_serialize_sql}), each {@code BASE_TABLE} node
 * naming a table (and not a CTE) gets a fresh view name, keeping the table's name as its alias so
 * qualified column names still resolve, and CTEs are materialized so nothing is scanned twice.
 *
 * <p>The new SQL is the original text with each table name replaced where DuckDB's tree says it
 * starts ({@code query_location}, a UTF-8 byte offset), once the name found there is checked to
 * be the one the tree holds. When a name cannot be checked (whitespace or a comment inside a
 * qualified name), stands where no alias may follow ({@code DESCRIBE t}), or a CTE must be
 * materialized, DuckDB turns the edited tree back into SQL
 * ({@code json_deserialize_sql}, 0.3 ms more). The DuckDB calls are prepared once per session
 * (preparing them for every rewrite cost 0.35 ms). The rewrites that depend on the statistics of
 * the snapshot an execution reads are found here too, and kept with the edited tree
 * ({@link StatisticsRewrites}), for each execution to decide.
 */
final class SqlRewriter implements AutoCloseable {
    /** The schema shared tables may also be named with, e.g. {@code arrow_famfs.flights}. */
    static final String SCHEMA = "arrow_famfs";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** DuckDB cannot serialize EXPLAIN: the statement under it is rewritten instead. */
    private static final Pattern EXPLAIN = Pattern.compile("(?is)\\s*(EXPLAIN(?:\\s+ANALYZE)?)\\s+(.*)");
    /**
     * Query nodes and table references in whose text a table name is followed by an optional
     * alias, so it may be replaced in place. Any other kind (DESCRIBE's {@code SHOW_REF} holds a
     * name with no room for an alias) makes DuckDB render the edited tree instead.
     */
    private static final Set<String> PLAIN_NODES = Set.of(
            "SELECT_NODE",
            "SET_OPERATION_NODE",
            "BASE_TABLE",
            "JOIN",
            "SUBQUERY",
            "TABLE_FUNCTION",
            "EXPRESSION_LIST",
            "EMPTY",
            "PIVOT");

    /**
     * A rewritten query: its SQL, for each view name the table it must read, and the rewrites
     * each execution decides from the statistics of the snapshot it reads. For a statement DuckDB
     * could not parse into a tree, {@code notRewritten} says why (its tables stay unknown to
     * DuckDB).
     */
    record Rewritten(
            String sql, List<Reference> references, Optional<String> notRewritten, StatisticsRewrites rewrites) {
        Rewritten(String sql, List<Reference> references) {
            this(sql, references, Optional.empty(), StatisticsRewrites.NONE);
        }
    }

    /**
     * One table reference: the view that replaces it, the table, the columns the statement may
     * use (lower-case; empty when it may use all), the name that qualifies its columns (its
     * alias, else its table name; lower-case), the WHERE conjuncts of the SELECT whose only
     * FROM it is (candidates for pruning), and whether the statement provably returns no row
     * (an outermost {@code LIMIT 0}: no batch of the table need be read).
     */
    record Reference(
            String view,
            String table,
            Optional<Set<String>> columns,
            String qualifier,
            List<JsonNode> conjuncts,
            boolean readsNoRow) {
        Reference(
                String view, String table, Optional<Set<String>> columns, String qualifier, List<JsonNode> conjuncts) {
            this(view, table, columns, qualifier, conjuncts, false);
        }

        Reference readingNoRow() {
            return new Reference(view, table, columns, qualifier, conjuncts, true);
        }
    }

    private final Connection duckdb;
    private PreparedStatement serialize;
    private PreparedStatement deserialize;

    /** A rewriter calling DuckDB through {@code duckdb}; close it before the connection. */
    SqlRewriter(Connection duckdb) {
        this.duckdb = duckdb;
    }

    /** {@code identifier} as a double-quoted SQL identifier. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /**
     * Rewrites {@code sql} for the tables in {@code tables} (keys lower-case, values the table
     * names). {@code EXPLAIN [ANALYZE] query} explains the rewritten query. Statements DuckDB
     * cannot serialize (anything but a query) come back unchanged, with no references.
     */
    Rewritten rewrite(String sql, Map<String, String> tables, String viewPrefix) throws SQLException {
        Matcher explain = EXPLAIN.matcher(sql);
        if (explain.matches()) {
            Rewritten query = rewrite(explain.group(2), tables, viewPrefix);
            String prefix = explain.group(1) + " ";
            return new Rewritten(
                    prefix + query.sql(),
                    query.references(),
                    query.notRewritten(),
                    query.rewrites().explained(prefix));
        }
        try {
            return rewriteTree(sql, tables, viewPrefix);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot rewrite query: " + e.getOriginalMessage(), e);
        }
    }

    private Rewritten rewriteTree(String sql, Map<String, String> tables, String viewPrefix)
            throws SQLException, JsonProcessingException {
        prepareCalls();
        JsonNode tree = JSON.readTree(call(serialize, sql));
        if (tree.path("error").asBoolean(false)) {
            return new Rewritten(
                    sql, List.of(), Optional.of(tree.path("error_message").asText()), StatisticsRewrites.NONE);
        }
        ArrayNode statements = (ArrayNode) tree.path("statements");
        if (statements.size() != 1) {
            throw new SQLException("one statement at a time, found " + statements.size());
        }
        Set<String> ctes = new HashSet<>();
        collectCtes(tree, ctes);
        Set<String> columns = new HashSet<>();
        Set<String> bareNames = new HashSet<>();
        Set<String> qualifiers = new HashSet<>();
        collectQualifiers(tree, qualifiers);
        boolean everyColumn = collectColumns(tree, columns, bareNames) || !Collections.disjoint(bareNames, qualifiers);
        Map<JsonNode, JsonNode> soleTableWhere = new IdentityHashMap<>();
        collectSoleTableWheres(tree, soleTableWhere);
        List<Reference> references = new ArrayList<>();
        List<TableNameEdit> edits = new ArrayList<>();
        rename(
                tree,
                tables,
                ctes,
                viewPrefix,
                everyColumn ? Optional.empty() : Optional.of(columns),
                soleTableWhere,
                references,
                edits);
        if (references.isEmpty()) {
            return new Rewritten(sql, references);
        }
        if (limitsToZero(statements.get(0).path("node"))) {
            references.replaceAll(Reference::readingNoRow);
        }
        materializeCtes(tree);
        StatisticsRewrites rewrites = StatisticsRewrites.find(tree, references);
        if (ctes.isEmpty() && onlyPlainNodes(tree)) {
            String spliced = TableNameEdit.apply(sql, edits);
            if (spliced != null) {
                return new Rewritten(spliced, references, Optional.empty(), rewrites);
            }
        }
        return new Rewritten(render(tree), references, Optional.empty(), rewrites);
    }

    /** The SQL DuckDB renders for {@code tree}, a syntax tree of the form {@code json_serialize_sql} gives. */
    String render(JsonNode tree) throws SQLException {
        prepareCalls();
        try {
            return call(deserialize, JSON.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot rewrite query: " + e.getOriginalMessage(), e);
        }
    }

    private void prepareCalls() throws SQLException {
        if (serialize == null) {
            serialize = duckdb.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)");
            deserialize = duckdb.prepareStatement("SELECT json_deserialize_sql(?::JSON)");
        }
    }

    private static String call(PreparedStatement function, String argument) throws SQLException {
        try {
            function.setString(1, argument);
            try (ResultSet result = function.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        } catch (RuntimeException e) {
            throw new SQLException("cannot rewrite query: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        try (PreparedStatement first = serialize;
                PreparedStatement second = deserialize) {
            serialize = null;
            deserialize = null;
        }
    }

    /** True when every query node and table reference under {@code node} is one of {@link #PLAIN_NODES}. */
    private static boolean onlyPlainNodes(JsonNode node) {
        if (node.isObject()
                && node.has("sample")
                && node.has("type")
                && !PLAIN_NODES.contains(node.path("type").asText())) {
            return false;
        }
        for (JsonNode child : node) {
            if (!onlyPlainNodes(child)) {
                return false;
            }
        }
        return true;
    }

    private static void collectCtes(JsonNode node, Set<String> ctes) {
        if (node.isObject()) {
            JsonNode map = node.path("cte_map").path("map");
            for (JsonNode entry : map) {
                ctes.add(entry.path("key").asText().toLowerCase(Locale.ROOT));
            }
        }
        node.forEach(child -> collectCtes(child, ctes));
    }

    private static void rename(
            JsonNode node,
            Map<String, String> tables,
            Set<String> ctes,
            String prefix,
            Optional<Set<String>> columns,
            Map<JsonNode, JsonNode> soleTableWhere,
            List<Reference> references,
            List<TableNameEdit> edits) {
        if (node.isObject() && "BASE_TABLE".equals(node.path("type").asText())) {
            ObjectNode table = (ObjectNode) node;
            String name = table.path("table_name").asText().toLowerCase(Locale.ROOT);
            String schema = table.path("schema_name").asText();
            boolean ours = schema.isEmpty() ? !ctes.contains(name) : schema.equalsIgnoreCase(SCHEMA);
            String target = tables.get(name);
            if (ours && target != null && table.path("catalog_name").asText().isEmpty()) {
                String view = prefix + references.size();
                String alias = table.path("alias").asText();
                String qualifier = alias.isEmpty() ? name : alias.toLowerCase(Locale.ROOT);
                List<JsonNode> conjuncts = new ArrayList<>();
                JsonNode where = soleTableWhere.get(node);
                if (where != null) {
                    conjuncts(where, conjuncts);
                }
                references.add(new Reference(view, target, columns, qualifier, conjuncts));
                edits.add(TableNameEdit.of(table, view));
                if (alias.isEmpty()) {
                    table.put("alias", table.path("table_name").asText());
                }
                table.put("table_name", view);
                table.put("schema_name", "");
            }
            return;
        }
        node.forEach(child -> rename(child, tables, ctes, prefix, columns, soleTableWhere, references, edits));
    }

    /**
     * Every name a column reference or USING clause mentions (lower-case), and in {@code bareNames}
     * those of one-part references (one naming a table's alias or name may be the whole row, as in
     * {@code SELECT e FROM events e}); true when the statement may use every column: a {@code *},
     * {@code COLUMNS(...)} or positional ({@code #2}) expression, a natural join, or a table whose
     * columns are renamed by position ({@code FROM events e(a, b)}).
     */
    private static boolean collectColumns(JsonNode node, Set<String> columns, Set<String> bareNames) {
        boolean every = false;
        if (node.isObject()) {
            String kind = node.path("class").asText();
            if (kind.equals("STAR")
                    || kind.equals("POSITIONAL_REFERENCE")
                    || node.path("type").asText().equals("COLUMNS")) {
                every = true;
            }
            if (kind.equals("COLUMN_REF")) {
                JsonNode names = node.path("column_names");
                names.forEach(part -> columns.add(part.asText().toLowerCase(Locale.ROOT)));
                if (names.size() == 1) {
                    bareNames.add(names.get(0).asText().toLowerCase(Locale.ROOT));
                }
            }
            if (node.path("ref_type").asText().equals("NATURAL")
                    || !node.path("column_name_alias").isEmpty()) {
                every = true;
            }
            node.path("using_columns").forEach(part -> columns.add(part.asText().toLowerCase(Locale.ROOT)));
        }
        for (JsonNode child : node) {
            every |= collectColumns(child, columns, bareNames);
        }
        return every;
    }

    /** The names every table reference's columns are qualified with: its alias, else its table name (lower-case). */
    private static void collectQualifiers(JsonNode node, Set<String> qualifiers) {
        if (node.isObject() && "BASE_TABLE".equals(node.path("type").asText())) {
            String alias = node.path("alias").asText();
            qualifiers.add((alias.isEmpty() ? node.path("table_name").asText() : alias).toLowerCase(Locale.ROOT));
        }
        node.forEach(child -> collectQualifiers(child, qualifiers));
    }

    /**
     * For each SELECT whose FROM is a single table: that table node, and its WHERE clause. Not for
     * a SELECT that samples ({@code USING SAMPLE}, the node's {@code sample}) or whose table does
     * ({@code TABLESAMPLE}, the table's): DuckDB samples before WHERE, so pruning by the WHERE
     * would shrink the population sampled.
     */
    private static void collectSoleTableWheres(JsonNode node, Map<JsonNode, JsonNode> wheres) {
        if (node.isObject() && "SELECT_NODE".equals(node.path("type").asText())) {
            JsonNode from = node.path("from_table");
            JsonNode where = node.path("where_clause");
            boolean sampled =
                    node.path("sample").isObject() || from.path("sample").isObject();
            if ("BASE_TABLE".equals(from.path("type").asText()) && where.isObject() && !sampled) {
                wheres.put(from, where);
            }
        }
        node.forEach(child -> collectSoleTableWheres(child, wheres));
    }

    /**
     * True when the statement's outermost query node ends in {@code LIMIT 0} (a constant): its
     * result has no row whatever its tables hold, as JDBC tools' {@code SELECT * FROM t LIMIT 0}
     * for a table's columns. A {@code LIMIT} inside a subquery or CTE says nothing of the others.
     */
    static boolean limitsToZero(JsonNode node) {
        for (JsonNode modifier : node.path("modifiers")) {
            JsonNode limit = modifier.path("limit");
            if ("LIMIT_MODIFIER".equals(modifier.path("type").asText())
                    && "VALUE_CONSTANT".equals(limit.path("type").asText())
                    && !limit.path("value").path("is_null").asBoolean(true)
                    && limit.path("value").path("value").isIntegralNumber()
                    && limit.path("value").path("value").asLong(-1) == 0) {
                return true;
            }
        }
        return false;
    }

    /** The top-level AND conjuncts of a WHERE clause. */
    private static void conjuncts(JsonNode where, List<JsonNode> into) {
        if ("CONJUNCTION_AND".equals(where.path("type").asText())) {
            where.path("children").forEach(child -> conjuncts(child, into));
        } else {
            into.add(where);
        }
    }

    /** A CTE referenced twice could be inlined twice, scanning one stream twice: materialize them all. */
    private static void materializeCtes(JsonNode node) {
        if (node.isObject()) {
            for (JsonNode entry : node.path("cte_map").path("map")) {
                JsonNode value = entry.path("value");
                if (value.isObject() && value.has("materialized")) {
                    ((ObjectNode) value).put("materialized", "CTE_MATERIALIZE_ALWAYS");
                }
            }
        }
        node.forEach(SqlRewriter::materializeCtes);
    }
}
