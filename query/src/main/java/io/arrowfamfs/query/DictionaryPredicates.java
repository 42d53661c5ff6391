package io.arrowfamfs.query;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arrowfamfs.query.JoinedTables.Column;
import io.arrowfamfs.query.SqlRewriter.Reference;
import io.arrowfamfs.query.StreamExporter.Export;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * String predicates on dictionary codes. DuckDB reads a dictionary-encoded Arrow column as a
 * dictionary vector with no size and no identity ({@code arrow_conversion.cpp}), so it evaluates
 * {@code name LIKE '%77%'} once per row: 375 ms over 50M rows, where DuckDB's own compressed table
 * took 44. When a WHERE conjunct depends on one dictionary-encoded column only (and on constants:
 * no parameter, subquery or volatile function), DuckDB evaluates that same conjunct once per
 * dictionary value instead, over the column's {@link DictionaryTables} table, and the conjunct
 * becomes a test of the codes: {@code __af_codes_name IN (77, 177, ...)}, plus {@code OR
 * __af_codes_name IS NULL} when it holds for NULL. The user's own expression decides, so
 * collations, casts and NULLs behave as on a native table; a top-level WHERE conjunct keeps a row
 * exactly when it is true, which is exactly where the code test is. Decided at every execution:
 * an append that grows the dictionary gives the conjunct's codes again.
 */
final class DictionaryPredicates {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Expression classes whose value is not a function of one row's column alone. */
    private static final Set<String> BARRIERS =
            Set.of("SUBQUERY", "PARAMETER", "STAR", "LAMBDA", "POSITIONAL_REFERENCE", "WINDOW", "COLUMNS");
    /** Functions whose value changes from one call to the next. */
    private static final Set<String> VOLATILE =
            Set.of("random", "setseed", "gen_random_uuid", "uuid", "uuidv4", "uuidv7", "nextval", "currval");

    /**
     * A WHERE conjunct of a SELECT over shared tables only that reads one column.
     *
     * @param conjunct where the conjunct is in the statement's tree
     * @param tables the tables of the SELECT
     * @param column the column reference (one of them, if the conjunct names the column several times)
     */
    record Site(JsonPointer conjunct, JoinedTables tables, JsonNode column) {}

    /**
     * One conjunct turned into a test of codes.
     *
     * @param at where the conjunct is in the statement's tree
     * @param replacement the code test
     */
    record Edit(JsonPointer at, ObjectNode replacement) {}

    private DictionaryPredicates() {}

    /** Every WHERE conjunct of {@code tree} that may become a test of codes, given the views ({@code views}). */
    static List<Site> find(JsonNode tree, Map<String, Integer> views) {
        List<Site> sites = new ArrayList<>();
        GroupKeyNarrowing.walk(tree, JsonPointer.empty(), (node, at) -> {
            if ("SELECT_NODE".equals(node.path("type").asText())
                    && node.path("where_clause").isObject()) {
                JoinedTables.of(node.path("from_table"), views)
                        .ifPresent(tables -> conjuncts(node.path("where_clause"), at.appendProperty("where_clause"))
                                .forEach(conjunct -> oneColumn(conjunct.node())
                                        .ifPresent(column -> sites.add(new Site(conjunct.at(), tables, column)))));
            }
        });
        return sites;
    }

    /** A conjunct and where it is. */
    private record Conjunct(JsonNode node, JsonPointer at) {}

    /** The conjuncts of {@code where} (at {@code at}), nested ANDs flattened, in order. */
    private static List<Conjunct> conjuncts(JsonNode where, JsonPointer at) {
        List<Conjunct> found = new ArrayList<>();
        collect(where, at, found);
        return found;
    }

    private static void collect(JsonNode node, JsonPointer at, List<Conjunct> found) {
        if ("CONJUNCTION_AND".equals(node.path("type").asText())) {
            JsonNode children = node.path("children");
            for (int i = 0; i < children.size(); i++) {
                collect(children.get(i), at.appendProperty("children").appendIndex(i), found);
            }
        } else {
            found.add(new Conjunct(node, at));
        }
    }

    /** The one column {@code conjunct} reads, if it reads exactly one (named the same way each time) and nothing else that varies. */
    private static Optional<JsonNode> oneColumn(JsonNode conjunct) {
        List<JsonNode> columns = new ArrayList<>();
        if (!pure(conjunct, columns) || columns.isEmpty()) {
            return Optional.empty();
        }
        String first = names(columns.get(0));
        for (JsonNode column : columns) {
            if (!names(column).equals(first)) {
                return Optional.empty();
            }
        }
        return Optional.of(columns.get(0));
    }

    private static boolean pure(JsonNode node, List<JsonNode> columns) {
        if (node.isObject()) {
            String kind = node.path("class").asText();
            if (BARRIERS.contains(kind)
                    || ("FUNCTION".equals(kind)
                            && VOLATILE.contains(
                                    node.path("function_name").asText().toLowerCase(Locale.ROOT)))) {
                return false;
            }
            if ("COLUMN_REF".equals(kind)) {
                columns.add(node);
                return true;
            }
        }
        for (JsonNode child : node) {
            if (!pure(child, columns)) {
                return false;
            }
        }
        return true;
    }

    private static String names(JsonNode column) {
        return column.path("column_names").toString().toLowerCase(Locale.ROOT);
    }

    /**
     * The code test {@code site}'s conjunct becomes in this execution: when its column is
     * dictionary-encoded, its stream carries the codes, and the frames read share one dictionary.
     * Empty otherwise, and when DuckDB cannot evaluate the conjunct over the dictionary (it is
     * then left as it is, to fail or not as it would).
     */
    static Optional<Edit> plan(
            Site site,
            JsonNode tree,
            List<Reference> references,
            List<Export> exports,
            DictionaryTables dictionaries,
            StatisticsRewrites.Renderer renderer)
            throws SQLException {
        List<Schema> schemas = exports.stream()
                .map(export -> export.scan().projection().source())
                .toList();
        Optional<Column> resolved = site.tables().resolve(site.column(), references, schemas);
        Optional<DictionaryTables.Coded> coded = resolved.isEmpty()
                ? Optional.empty()
                : dictionaries.coded(
                        exports.get(resolved.get().reference()), resolved.get().index());
        if (coded.isEmpty()) {
            return Optional.empty();
        }
        String table = coded.get().table();
        JsonNode conjunct = tree.at(site.conjunct());
        DictionaryTables.Codes matching;
        try {
            matching = dictionaries.evaluate(
                    table,
                    expression(substituted(conjunct, site.column(), SyntaxNodes.column("value")), renderer),
                    expression(
                            substituted(conjunct, site.column(), SyntaxNodes.nullOf(dictionaries.type(table))),
                            renderer));
        } catch (SQLException e) {
            return Optional.empty();
        }
        return Optional.of(new Edit(
                site.conjunct(),
                test(SyntaxNodes.columnLike(site.column(), coded.get().codes()), matching)));
    }

    /** {@code conjunct} with every reference to {@code column}'s name replaced by {@code replacement}. */
    private static JsonNode substituted(JsonNode conjunct, JsonNode column, ObjectNode replacement) {
        if (conjunct.isObject()
                && "COLUMN_REF".equals(conjunct.path("class").asText())
                && names(conjunct).equals(names(column))) {
            return replacement.deepCopy();
        }
        if (conjunct.isObject()) {
            ObjectNode copy = NODES.objectNode();
            conjunct.properties()
                    .forEach(field -> copy.set(field.getKey(), substituted(field.getValue(), column, replacement)));
            return copy;
        }
        if (conjunct.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            conjunct.forEach(child -> copy.add(substituted(child, column, replacement)));
            return copy;
        }
        return conjunct;
    }

    /** {@code expression} as SQL text. */
    private static String expression(JsonNode expression, StatisticsRewrites.Renderer renderer) throws SQLException {
        String rendered = renderer.render(SyntaxNodes.selecting(expression));
        if (!rendered.startsWith("SELECT ")) {
            throw new SQLException(
                    "cannot rewrite query: reason=unexpected rendering of a predicate rendered=" + rendered);
        }
        return rendered.substring("SELECT ".length());
    }

    /**
     * The test of {@code codes} that holds exactly where {@code matching} says: a range when the
     * codes are consecutive (a prefix or a range of a dictionary coded in order: a range test costs
     * DuckDB two comparisons a row, an IN list of more than a few codes a hash join), else an IN list.
     */
    private static ObjectNode test(ObjectNode codes, DictionaryTables.Codes matching) {
        List<ObjectNode> parts = new ArrayList<>();
        List<Integer> set = matching.codes();
        if (set.size() == matching.values()) {
            parts.add(SyntaxNodes.isNotNull(codes));
        } else if (set.size() == 1) {
            parts.add(SyntaxNodes.equal(codes, set.get(0)));
        } else if (!set.isEmpty() && set.get(set.size() - 1) - set.get(0) == set.size() - 1) {
            parts.add(SyntaxNodes.between(codes, set.get(0), set.get(set.size() - 1)));
        } else if (!set.isEmpty()) {
            parts.add(SyntaxNodes.in(codes, set));
        }
        if (matching.forNull()) {
            parts.add(SyntaxNodes.isNull(codes.deepCopy()));
        }
        return switch (parts.size()) {
            case 0 -> SyntaxNodes.bool(false);
            case 1 -> parts.get(0);
            default -> SyntaxNodes.or(parts.get(0), parts.get(1));
        };
    }
}
