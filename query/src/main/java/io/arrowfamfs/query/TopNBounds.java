package io.arrowfamfs.query;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arrowfamfs.query.JoinedTables.Column;
import io.arrowfamfs.query.SqlRewriter.Reference;
import io.arrowfamfs.query.StreamExporter.Export;
import io.arrowfamfs.scan.TopBound;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A bound for top-N queries. DuckDB's own tables skip whole row groups in {@code ORDER BY c DESC
 * LIMIT k} by the zone maps it keeps; an Arrow stream has none, so it sorted every row of flights
 * into its heap (7.9 ms, where its table took 3.7). The zone statistics of the slices an execution
 * reads bound the answer ({@link TopBound}): the {@code k}-th largest of the slices' largest values
 * is at most every value of the first {@code k} rows. The SELECT gets {@code WHERE c >= bound}
 * ({@code <=} ascending), which keeps every row the answer can hold (ties included) and drops the
 * rest before they reach the heap. Only for a SELECT of bare columns from one table, with no WHERE,
 * grouping, window or DISTINCT, ordered first by an integer or floating-point column (or a
 * dictionary-encoded one whose codes are in the values' order), NULLs last, with a constant LIMIT
 * and no OFFSET. Decided at every execution, from the slices it reads.
 */
final class TopNBounds {
    /** The largest LIMIT bounded: the bound needs that many slices. */
    private static final int MAX_LIMIT = 10_000;

    /**
     * A top-N SELECT.
     *
     * @param select where the SELECT is in the statement's tree
     * @param tables its one table
     * @param column the reference to its first ORDER BY column
     * @param order its order: {@code DESCENDING}, {@code ASCENDING} or {@code ORDER_DEFAULT}
     * @param nulls its NULL order: {@code NULLS LAST}, {@code NULLS FIRST} or {@code ORDER_DEFAULT}
     * @param limit its LIMIT
     */
    record Site(JsonPointer select, JoinedTables tables, JsonNode column, String order, String nulls, int limit) {}

    /**
     * The WHERE one execution gives a top-N SELECT.
     *
     * @param select where the SELECT is
     * @param where the bound, its WHERE clause
     */
    record Edit(JsonPointer select, ObjectNode where) {}

    private TopNBounds() {}

    /** Every top-N SELECT of {@code tree} that may be bounded, given the views ({@code views}). */
    static List<Site> find(JsonNode tree, Map<String, Integer> views) {
        List<Site> sites = new ArrayList<>();
        GroupKeyNarrowing.walk(tree, JsonPointer.empty(), (node, at) -> {
            if ("SELECT_NODE".equals(node.path("type").asText()) && plain(node)) {
                JoinedTables.of(node.path("from_table"), views)
                        .filter(tables -> tables.references().size() == 1)
                        .ifPresent(tables -> site(node, at, tables).ifPresent(sites::add));
            }
        });
        return sites;
    }

    /** No WHERE, grouping, HAVING, QUALIFY or SAMPLE, and a select list of bare columns or stars. */
    private static boolean plain(JsonNode select) {
        if (!select.path("where_clause").isNull()
                || !select.path("group_expressions").isEmpty()
                || !"STANDARD_HANDLING".equals(select.path("aggregate_handling").asText())
                || !select.path("having").isNull()
                || !select.path("qualify").isNull()
                || !select.path("sample").isNull()) {
            return false;
        }
        for (JsonNode item : select.path("select_list")) {
            if (!Set.of("COLUMN_REF", "STAR").contains(item.path("class").asText())
                    || ("STAR".equals(item.path("class").asText())
                            && item.path("columns").asBoolean(false))) {
                return false;
            }
        }
        return true;
    }

    /** The site, if the SELECT's modifiers are exactly an ORDER BY starting with a column and a constant LIMIT. */
    private static Optional<Site> site(JsonNode select, JsonPointer at, JoinedTables tables) {
        JsonNode modifiers = select.path("modifiers");
        if (modifiers.size() != 2
                || !"ORDER_MODIFIER".equals(modifiers.get(0).path("type").asText())
                || !"LIMIT_MODIFIER".equals(modifiers.get(1).path("type").asText())
                || !modifiers.get(1).path("offset").isNull()) {
            return Optional.empty();
        }
        JsonNode limit = modifiers.get(1).path("limit");
        JsonNode first = modifiers.get(0).path("orders").path(0);
        if (!"CONSTANT".equals(limit.path("class").asText())
                || !limit.path("value").path("value").canConvertToInt()
                || !"COLUMN_REF".equals(first.path("expression").path("class").asText())) {
            return Optional.empty();
        }
        int k = limit.path("value").path("value").asInt();
        return k < 1 || k > MAX_LIMIT
                ? Optional.empty()
                : Optional.of(new Site(
                        at,
                        tables,
                        first.path("expression"),
                        first.path("type").asText(),
                        first.path("null_order").asText(),
                        k));
    }

    /** The session's default orders, asked of DuckDB at most once (make one per execution). */
    static final class Defaults {
        private final Connection duckdb;
        private String order;
        private String nulls;

        Defaults(Connection duckdb) {
            this.duckdb = duckdb;
        }

        /** Whether {@code site}'s first key is descending, if its NULLs come last; empty otherwise. */
        Optional<Boolean> descending(Site site) throws SQLException {
            if (order == null) {
                try (Statement statement = duckdb.createStatement();
                        ResultSet settings = statement.executeQuery("SELECT lower(current_setting('default_order')),"
                                + " lower(current_setting('default_null_order'))")) {
                    settings.next();
                    order = settings.getString(1);
                    nulls = settings.getString(2);
                }
            }
            boolean descending =
                    switch (site.order()) {
                        case "DESCENDING" -> true;
                        case "ASCENDING" -> false;
                        default -> order.startsWith("desc");
                    };
            boolean nullsLast =
                    switch (site.nulls()) {
                        case "NULLS LAST" -> true;
                        case "NULLS FIRST" -> false;
                        default ->
                            nulls.equals("nulls_last")
                                    || nulls.equals("nulls_last_on_asc_first_on_desc") && !descending
                                    || nulls.equals("nulls_first_on_asc_last_on_desc") && descending;
                    };
            return nullsLast ? Optional.of(descending) : Optional.empty();
        }
    }

    /** The bound this execution gives {@code site}, from the slices {@code exports} read. */
    static Optional<Edit> plan(
            Site site,
            List<Reference> references,
            List<Export> exports,
            DictionaryTables dictionaries,
            Defaults defaults)
            throws SQLException {
        List<Schema> schemas = exports.stream()
                .map(export -> export.scan().projection().source())
                .toList();
        Optional<Column> resolved = site.tables().resolve(site.column(), references, schemas);
        Optional<Boolean> descending = resolved.isEmpty() ? Optional.empty() : defaults.descending(site);
        if (descending.isEmpty()) {
            return Optional.empty();
        }
        Column column = resolved.get();
        Export export = exports.get(column.reference());
        Field field = column.field();
        String comparison = descending.get() ? "COMPARE_GREATERTHANOREQUALTO" : "COMPARE_LESSTHANOREQUALTO";
        if (field.getDictionary() != null) {
            Optional<DictionaryTables.Coded> codes = dictionaries.coded(export, column.index());
            Optional<IntegerKind> kind =
                    IntegerKind.ofCodes(field.getDictionary().getIndexType());
            if (codes.isEmpty()
                    || kind.isEmpty()
                    || !dictionaries.ordered(codes.get().table())) {
                return Optional.empty();
            }
            return TopBound.ofLongs(export.scan(), column.index(), site.limit(), descending.get())
                    .map(bound -> new Edit(
                            site.select(),
                            SyntaxNodes.comparison(
                                    comparison,
                                    SyntaxNodes.columnLike(
                                            site.column(), codes.get().codes()),
                                    SyntaxNodes.integer(bound, kind.get()))));
        }
        Optional<IntegerKind> kind = IntegerKind.of(field);
        if (kind.isPresent()) {
            return TopBound.ofLongs(export.scan(), column.index(), site.limit(), descending.get())
                    .map(bound -> new Edit(
                            site.select(),
                            SyntaxNodes.comparison(
                                    comparison, site.column().deepCopy(), SyntaxNodes.integer(bound, kind.get()))));
        }
        if (field.getType() instanceof ArrowType.FloatingPoint) {
            return TopBound.ofDoubles(export.scan(), column.index(), site.limit(), descending.get())
                    .map(bound -> new Edit(
                            site.select(),
                            SyntaxNodes.comparison(comparison, site.column().deepCopy(), SyntaxNodes.real(bound))));
        }
        return Optional.empty();
    }
}
