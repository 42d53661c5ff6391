package io.arrowfamfs.query;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arrowfamfs.query.JoinedTables.Column;
import io.arrowfamfs.query.SqlRewriter.Reference;
import io.arrowfamfs.query.StreamExporter.Export;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Window partitions and orders on dictionary codes. {@code rank() OVER (PARTITION BY origin ORDER
 * BY delay DESC, date)} made DuckDB hash every row's string and sort every row's BIGINT through
 * dictionary vectors; partitioning by the codes (one code per value: the same partitions) and, when
 * a dictionary's codes are in its values' order, ordering by them (the same order, NULLs where
 * they were) halved it. Only in a SELECT over shared tables that does not group (after grouping a
 * column is a key, which its codes are not), for bare columns in a window's PARTITION BY and ORDER
 * BY. Decided at every execution.
 */
final class WindowCodes {
    /**
     * A column reference in a window's PARTITION BY or ORDER BY.
     *
     * @param at where the reference is in the statement's tree
     * @param tables the tables of its SELECT
     * @param ordering whether it orders (then only codes in the values' order do)
     */
    record Site(JsonPointer at, JoinedTables tables, boolean ordering) {}

    /**
     * A reference replaced by its codes.
     *
     * @param at where the reference is
     * @param codes the reference to its stream's column of codes
     */
    record Edit(JsonPointer at, ObjectNode codes) {}

    private WindowCodes() {}

    /** Every bare column of a window's PARTITION BY or ORDER BY in a SELECT of {@code tree} that does not group. */
    static List<Site> find(JsonNode tree, Map<String, Integer> views) {
        List<Site> sites = new ArrayList<>();
        GroupKeyNarrowing.walk(tree, JsonPointer.empty(), (node, at) -> {
            if ("SELECT_NODE".equals(node.path("type").asText())
                    && node.path("group_expressions").isEmpty()
                    && "STANDARD_HANDLING"
                            .equals(node.path("aggregate_handling").asText())) {
                JoinedTables.of(node.path("from_table"), views).ifPresent(tables -> {
                    for (String part : List.of("select_list", "qualify", "modifiers")) {
                        windows(node.path(part), at.appendProperty(part), tables, sites);
                    }
                });
            }
        });
        return sites;
    }

    /** The sites of the windows under {@code node}, not entering subqueries (another scope). */
    private static void windows(JsonNode node, JsonPointer at, JoinedTables tables, List<Site> sites) {
        if ("SUBQUERY".equals(node.path("class").asText())) {
            return;
        }
        if ("WINDOW".equals(node.path("class").asText())) {
            JsonNode partitions = node.path("partitions");
            for (int i = 0; i < partitions.size(); i++) {
                if ("COLUMN_REF".equals(partitions.get(i).path("class").asText())) {
                    sites.add(new Site(at.appendProperty("partitions").appendIndex(i), tables, false));
                }
            }
            JsonNode orders = node.path("orders");
            for (int i = 0; i < orders.size(); i++) {
                if ("COLUMN_REF"
                        .equals(orders.get(i).path("expression").path("class").asText())) {
                    sites.add(new Site(
                            at.appendProperty("orders").appendIndex(i).appendProperty("expression"), tables, true));
                }
            }
        }
        if (node.isObject()) {
            node.properties()
                    .forEach(field -> windows(field.getValue(), at.appendProperty(field.getKey()), tables, sites));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                windows(node.get(i), at.appendIndex(i), tables, sites);
            }
        }
    }

    /** The codes {@code site}'s reference reads in this execution, if its column is dictionary-encoded as needed. */
    static Optional<Edit> plan(
            Site site, JsonNode tree, List<Reference> references, List<Export> exports, DictionaryTables dictionaries)
            throws SQLException {
        List<Schema> schemas = exports.stream()
                .map(export -> export.scan().projection().source())
                .toList();
        JsonNode reference = tree.at(site.at());
        Optional<Column> resolved = site.tables().resolve(reference, references, schemas);
        Optional<DictionaryTables.Coded> coded = resolved.isEmpty()
                ? Optional.empty()
                : dictionaries.coded(
                        exports.get(resolved.get().reference()), resolved.get().index());
        if (coded.isEmpty()
                || (site.ordering() && !dictionaries.ordered(coded.get().table()))) {
            return Optional.empty();
        }
        return Optional.of(new Edit(
                site.at(), SyntaxNodes.columnLike(reference, coded.get().codes())));
    }
}
