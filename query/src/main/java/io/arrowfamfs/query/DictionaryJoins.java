package io.arrowfamfs.query;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arrowfamfs.query.SqlRewriter.Reference;
import io.arrowfamfs.query.StreamExporter.Export;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * String joins on dictionary codes. {@code synth t JOIN dim d ON t.name = d.name} made DuckDB hash
 * 50M strings of a dictionary vector it cannot hash once per value (no identity,
 * {@code arrow_conversion.cpp}): 330 ms, where its compressed table took 118. When one side of an
 * inner join's single equality is a dictionary-encoded column of a shared table whose stream
 * carries its codes (and whose frames share one dictionary), and the other side a column of the
 * join's other input, that input is first joined to the column's {@link DictionaryTables} table,
 * {@code (code, value)}, on the value, and the join compares codes instead:
 * {@code t JOIN (d JOIN dict AS m(c, v) ON m.v = d.name) ON t.__af_codes_name = m.c}. For an inner
 * join that is the same set of pairs: the dictionary holds each value once, so a row of {@code d}
 * meets at most one code, and a value it does not hold (or NULL) matches no row of {@code t}
 * either; DuckDB compares {@code m.v} with {@code d.name} as it compared {@code t.name}, the
 * same type. The dictionary's columns get names no statement uses; only for SELECTs without a
 * {@code *} (which would show them). Decided at every execution.
 */
final class DictionaryJoins {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * An inner join on one equality of two qualified columns, each of a FROM item directly under
     * the join on its own side.
     *
     * @param join where the JOIN is in the statement's tree
     * @param left the condition's left column
     * @param right the condition's right column
     * @param leftSide which child of the join ({@code left} or {@code right}) the left column's item is
     * @param number this site's number in the statement, for unique names
     */
    record Site(JsonPointer join, JsonNode left, JsonNode right, String leftSide, int number) {}

    /**
     * One join turned onto codes.
     *
     * @param join where the JOIN is
     * @param wrapped which child of the join is joined to the dictionary
     * @param dictionary the dictionary table, as a FROM item
     * @param match the condition joining the child to it
     * @param condition the join's new condition
     */
    record Edit(JsonPointer join, String wrapped, ObjectNode dictionary, ObjectNode match, ObjectNode condition) {}

    private DictionaryJoins() {}

    /** Every join of {@code tree} that may compare codes; only in SELECTs without a star. */
    static List<Site> find(JsonNode tree) {
        List<Site> sites = new ArrayList<>();
        GroupKeyNarrowing.walk(tree, JsonPointer.empty(), (node, at) -> {
            if ("SELECT_NODE".equals(node.path("type").asText()) && !hasStar(node.path("select_list"))) {
                GroupKeyNarrowing.walk(node.path("from_table"), at.appendProperty("from_table"), (join, where) -> {
                    if ("JOIN".equals(join.path("type").asText())) {
                        site(join, where, sites.size()).ifPresent(sites::add);
                    }
                });
            }
        });
        return sites;
    }

    private static boolean hasStar(JsonNode node) {
        if ("STAR".equals(node.path("class").asText())) {
            return true;
        }
        for (JsonNode child : node) {
            if (hasStar(child)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Site> site(JsonNode join, JsonPointer at, int number) {
        JsonNode condition = join.path("condition");
        if (!"INNER".equals(join.path("join_type").asText())
                || !"REGULAR".equals(join.path("ref_type").asText())
                || !join.path("using_columns").isEmpty()
                || !"COMPARE_EQUAL".equals(condition.path("type").asText())) {
            return Optional.empty();
        }
        JsonNode left = condition.path("left");
        JsonNode right = condition.path("right");
        Optional<String> leftSide = side(join, left);
        Optional<String> rightSide = side(join, right);
        if (leftSide.isEmpty() || rightSide.isEmpty() || leftSide.equals(rightSide)) {
            return Optional.empty();
        }
        return Optional.of(new Site(at, left, right, leftSide.get(), number));
    }

    /** Which child of {@code join} is the FROM item {@code column} is qualified by, if it is a qualified column of one. */
    private static Optional<String> side(JsonNode join, JsonNode column) {
        JsonNode names = column.path("column_names");
        if (!"COLUMN_REF".equals(column.path("class").asText()) || names.size() != 2) {
            return Optional.empty();
        }
        String qualifier = names.get(0).asText();
        for (String child : List.of("left", "right")) {
            JsonNode item = join.path(child);
            if (Set.of("BASE_TABLE", "SUBQUERY").contains(item.path("type").asText())
                    && item.path("alias").asText().equalsIgnoreCase(qualifier)) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    /**
     * What this execution makes of {@code site}: the side to code is a dictionary-encoded column
     * of a shared table, the larger of the two when both are.
     */
    static Optional<Edit> plan(
            Site site, JsonNode tree, List<Reference> references, List<Export> exports, DictionaryTables dictionaries)
            throws SQLException {
        JsonNode join = tree.at(site.join());
        String rightSide = site.leftSide().equals("left") ? "right" : "left";
        Optional<Coded> left = coded(join.path(site.leftSide()), site.left(), references, exports, dictionaries);
        Optional<Coded> right = coded(join.path(rightSide), site.right(), references, exports, dictionaries);
        if (left.isPresent()
                && (right.isEmpty() || left.get().rows() >= right.get().rows())) {
            return Optional.of(edit(site, left.get(), rightSide, site.right()));
        }
        return right.map(coded -> edit(site, coded, site.leftSide(), site.left()));
    }

    /** A column whose codes a join can compare: its stream's code column, its dictionary table, its table's rows. */
    private record Coded(JsonNode codes, String table, long rows) {}

    private static Optional<Coded> coded(
            JsonNode item,
            JsonNode column,
            List<Reference> references,
            List<Export> exports,
            DictionaryTables dictionaries)
            throws SQLException {
        if (!"BASE_TABLE".equals(item.path("type").asText())
                || !item.path("column_name_alias").isEmpty()) {
            return Optional.empty();
        }
        for (int r = 0; r < references.size(); r++) {
            if (!references.get(r).view().equals(item.path("table_name").asText())) {
                continue;
            }
            Export export = exports.get(r);
            String name = column.path("column_names").get(1).asText();
            List<Field> fields = export.scan().projection().source().getFields();
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).getName().equalsIgnoreCase(name)) {
                    Optional<DictionaryTables.Coded> coded = dictionaries.coded(export, i);
                    if (coded.isPresent()) {
                        return Optional.of(new Coded(
                                SyntaxNodes.columnLike(column, coded.get().codes()),
                                coded.get().table(),
                                export.scan().rows()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** {@code site}'s join comparing {@code coded}'s codes with those of {@code other} (a column of child {@code wrapped}). */
    private static Edit edit(Site site, Coded coded, String wrapped, JsonNode other) {
        String mapping = "__af_m" + site.number();
        String code = "__af_code" + site.number();
        String value = "__af_value" + site.number();
        ObjectNode dictionary = NODES.objectNode();
        dictionary.put("type", "BASE_TABLE");
        dictionary.put("alias", mapping);
        dictionary.putNull("sample");
        dictionary.put("schema_name", "");
        dictionary.put("table_name", coded.table());
        dictionary.set("column_name_alias", NODES.arrayNode().add(code).add(value));
        dictionary.put("catalog_name", "");
        dictionary.putNull("at_clause");
        return new Edit(
                site.join(),
                wrapped,
                dictionary,
                SyntaxNodes.comparison("COMPARE_EQUAL", SyntaxNodes.column(mapping, value), other.deepCopy()),
                SyntaxNodes.comparison("COMPARE_EQUAL", coded.codes(), SyntaxNodes.column(mapping, code)));
    }

    private static ObjectNode innerJoin(JsonNode left, JsonNode right, JsonNode condition) {
        ObjectNode join = NODES.objectNode();
        join.put("type", "JOIN");
        join.put("alias", "");
        join.putNull("sample");
        join.set("left", left);
        join.set("right", right);
        join.set("condition", condition);
        join.put("join_type", "INNER");
        join.put("ref_type", "REGULAR");
        join.set("using_columns", NODES.arrayNode());
        join.put("delim_flipped", false);
        join.set("duplicate_eliminated_columns", NODES.arrayNode());
        return join;
    }

    /**
     * Makes {@code edit} in {@code tree} (a copy of the statement's, which this edits), wrapping
     * the child as it is now: make it after every edit inside the child, whose places it moves.
     */
    static void apply(JsonNode tree, Edit edit) {
        ObjectNode join = (ObjectNode) tree.at(edit.join());
        join.set(
                edit.wrapped(),
                innerJoin(
                        join.path(edit.wrapped()),
                        edit.dictionary().deepCopy(),
                        edit.match().deepCopy()));
        join.set("condition", edit.condition().deepCopy());
    }
}
