package io.arrowfamfs.query;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arrowfamfs.query.JoinedTables.Column;
import io.arrowfamfs.query.SqlRewriter.Reference;
import io.arrowfamfs.query.StreamExporter.Export;
import io.arrowfamfs.scan.ColumnRange;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Narrowed group keys. DuckDB aggregates into a perfect hash table (an array indexed by the keys'
 * offsets from their minimums: no hashing, no probing) when it knows every group key's range and
 * the keys need at most {@code perfect_ht_threshold} bits together (default 12; a key of range
 * {@code r} needs the bits of {@code r + 2}, for NULL and one-indexing). Without statistics it
 * takes the whole range of an 8- or 16-bit key's type, and gives up on any wider key (DuckDB 1.5,
 * {@code plan_aggregate.cpp}, {@code CanUsePerfectHashAggregate}). Shared tables reach DuckDB as
 * Arrow streams, which carry no statistics, so {@code GROUP BY category} on an INTEGER column took
 * the generic hash aggregate: 142 ms over 50M rows, where a native table took 82 ms.
 *
 * <p>When the frame statistics of the batches an execution reads bound such a key to
 * {@code [min, max]} with {@code max - min < 256}, the SELECT groups by
 * {@code CAST(category - min AS UTINYINT)} instead (9 bits: 83 ms), and every use of the column
 * after grouping (select list, HAVING, QUALIFY, ORDER BY, DISTINCT ON; aggregate arguments too,
 * where it is the identity: the syntax tree does not say which functions aggregate) reads
 * {@code CAST(CAST(narrowed AS INTEGER) + min AS INTEGER)}: the same value of the same type, under
 * the same output name, NULL for NULL (NULL keys still form their own group). A span under 65,536
 * narrows to USMALLINT (17 bits), which only helps with {@code perfect_ht_threshold} raised to 17 or
 * more: the keys are narrowed only when all of the SELECT's keys are integer columns whose bits
 * then fit the session's threshold. The subtraction cannot overflow: the difference is at most the
 * span, which every type narrowed holds (a SMALLINT only narrows to 8 bits).
 *
 * <p>Decided at every execution, from the statistics of the batches that execution reads
 * ({@link #plan}): a statement prepared while the range fit is prepared again without the
 * narrowing once an append widens it. DuckDB's subtraction and cast are checked as well, so a
 * value outside the range could only fail the query, never wrap into another group.
 */
final class GroupKeyNarrowing {
    /** Expressions that make a SELECT's uses of a column unsafe or pointless to map back. */
    private static final Set<String> BARRIERS = Set.of("STAR", "POSITIONAL_REFERENCE", "SUBQUERY", "LAMBDA");
    /** The parts of a SELECT evaluated after grouping, where a group key's uses are mapped back. */
    private static final List<String> AFTER_GROUPING = List.of("select_list", "having", "qualify", "modifiers");
    /** The bits an 8-bit key of unknown range needs: 256 values, NULL, one-indexing. */
    private static final int BITS_8 = 9;
    /** The bits a 16-bit key of unknown range needs. */
    private static final int BITS_16 = 17;

    /**
     * A SELECT node (where the statement's tree has it) grouping only by column references to
     * {@code tables}, or selecting DISTINCT column references only ({@code distinct}), which is
     * grouping by them.
     */
    record Site(JsonPointer select, JoinedTables tables, boolean distinct) {}

    /**
     * One group key narrowed in one execution.
     *
     * @param group its index among the SELECT's group expressions
     * @param kind the column's type (for a dictionary-encoded column, its codes' type)
     * @param min the smallest non-null value (or code) of the batches read
     * @param narrowed the type of the narrowed key, UTINYINT or USMALLINT; empty for codes grouped as they are
     * @param name the column's name, as DuckDB names a select item that is the bare column
     * @param coded for a dictionary-encoded column, its codes and how to look a value up
     */
    record Key(
            int group,
            IntegerKind kind,
            long min,
            Optional<IntegerKind> narrowed,
            String name,
            Optional<Coded> coded) {}

    /**
     * A dictionary-encoded group key grouped by its codes.
     *
     * @param codes the reference to the stream's column of its codes, qualified as the key was
     * @param lookup the session's macro giving a code's value
     */
    record Coded(JsonNode codes, String lookup) {}

    /**
     * A use of a narrowed key after grouping, to map back.
     *
     * @param at where the column reference is in the statement's tree
     * @param key the index of its key in {@link Narrowing#keys}
     */
    record Use(JsonPointer at, int key) {}

    /**
     * What one execution narrows in one SELECT: its keys, and every use of them after grouping;
     * {@code distinct} for a SELECT DISTINCT, which becomes a GROUP BY of its columns.
     */
    record Narrowing(JsonPointer select, List<Key> keys, List<Use> uses, boolean distinct) {}

    private GroupKeyNarrowing() {}

    /**
     * Every SELECT of {@code tree} that may have its keys narrowed, given the statement's views
     * ({@code views}: view name to reference index).
     */
    static List<Site> find(JsonNode tree, Map<String, Integer> views) {
        List<Site> sites = new ArrayList<>();
        walk(tree, JsonPointer.empty(), (node, at) -> {
            if ("SELECT_NODE".equals(node.path("type").asText())
                    && (groupsByColumnsOnly(node) || distinctColumnsOnly(node))) {
                boolean distinct = node.path("group_expressions").isEmpty();
                JoinedTables.of(node.path("from_table"), views)
                        .ifPresent(tables -> sites.add(new Site(at, tables, distinct)));
            }
        });
        return sites;
    }

    /**
     * One plain grouping set of column references, and nothing after grouping that is a scope of
     * its own (subquery, lambda), expands columns ({@code *}, {@code #n}), or keeps DuckDB from a
     * perfect hash aggregate anyway (a DISTINCT aggregate, {@code GROUPING()}).
     */
    private static boolean groupsByColumnsOnly(JsonNode select) {
        JsonNode groups = select.path("group_expressions");
        if (groups.isEmpty()
                || select.path("group_sets").size() != 1
                || !"STANDARD_HANDLING".equals(select.path("aggregate_handling").asText())) {
            return false;
        }
        for (JsonNode group : groups) {
            if (!"COLUMN_REF".equals(group.path("class").asText())) {
                return false;
            }
        }
        for (String part : AFTER_GROUPING) {
            if (hasBarrier(select.path(part))) {
                return false;
            }
        }
        return true;
    }

    /** A SELECT DISTINCT of column references only (no DISTINCT ON), with no grouping and no barrier. */
    private static boolean distinctColumnsOnly(JsonNode select) {
        JsonNode items = select.path("select_list");
        int distincts = 0;
        for (JsonNode modifier : select.path("modifiers")) {
            if ("DISTINCT_MODIFIER".equals(modifier.path("type").asText())) {
                distincts += modifier.path("distinct_on_targets").isEmpty() ? 1 : 2;
            }
        }
        if (distincts != 1
                || items.isEmpty()
                || !select.path("group_expressions").isEmpty()
                || !select.path("having").isNull()
                || !"STANDARD_HANDLING".equals(select.path("aggregate_handling").asText())) {
            return false;
        }
        for (JsonNode item : items) {
            if (!"COLUMN_REF".equals(item.path("class").asText())) {
                return false;
            }
        }
        for (String part : AFTER_GROUPING) {
            if (hasBarrier(select.path(part))) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code node} or a node under it is one no SELECT of narrowed keys may have after grouping. */
    private static boolean hasBarrier(JsonNode node) {
        if (BARRIERS.contains(node.path("class").asText())
                || "GROUPING_FUNCTION".equals(node.path("type").asText())
                || ("FUNCTION".equals(node.path("class").asText())
                        && node.path("distinct").asBoolean(false))) {
            return true;
        }
        for (JsonNode child : node) {
            if (hasBarrier(child)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What this execution narrows in {@code site} of {@code tree}, given the streams it reads
     * ({@code exports}, by reference index). A dictionary-encoded key whose stream carries its
     * codes, over frames sharing one dictionary ({@code dictionaries}), is grouped by its codes
     * (narrowed to 8 bits when their span allows), whatever the other keys: hashing a small
     * integer beats hashing a string. Integer keys are narrowed when every key is an integer
     * column (or codes), the statistics of the batches read bound each key that must narrow (wider
     * than 16 bits) and the keys then fit {@code threshold}'s bits. Empty when nothing is narrowed,
     * when a key is not a column of the SELECT's tables, or when a select item's name could be
     * taken for a key's (DuckDB binds such a name in ORDER BY or HAVING to the item).
     */
    static Optional<Narrowing> plan(
            Site site,
            JsonNode tree,
            List<Reference> references,
            List<Export> exports,
            PerfectHashThreshold threshold,
            DictionaryTables dictionaries)
            throws SQLException {
        JsonNode select = tree.at(site.select());
        List<Schema> schemas = exports.stream()
                .map(export -> export.scan().projection().source())
                .toList();
        JsonNode groups = select.path(site.distinct() ? "select_list" : "group_expressions");
        List<Column> columns = new ArrayList<>();
        List<Key> keys = new ArrayList<>();
        List<Column> integerColumns = new ArrayList<>();
        List<Key> integerKeys = new ArrayList<>();
        boolean perfect = true;
        int bits = 0;
        for (int g = 0; g < groups.size(); g++) {
            Optional<Column> column = site.tables().resolve(groups.get(g), references, schemas);
            if (column.isEmpty()) {
                return Optional.empty();
            }
            Optional<Key> coded = coded(g, groups.get(g), column.get(), exports, dictionaries);
            if (coded.isPresent()) {
                keys.add(coded.get());
                columns.add(column.get());
                perfect &= coded.get().kind().bits() <= 16;
                bits += coded.get().narrowed().orElse(coded.get().kind()).bits() == 8 ? BITS_8 : BITS_16;
                continue;
            }
            Optional<IntegerKind> kind = IntegerKind.of(column.get().field());
            int index = g;
            Optional<Key> key = kind.flatMap(k ->
                    narrowed(index, column.get(), k, exports.get(column.get().reference())));
            if (kind.isEmpty() || (key.isEmpty() && kind.get().bits() > 16)) {
                perfect = false;
                continue;
            }
            if (key.isPresent()) {
                integerKeys.add(key.get());
                integerColumns.add(column.get());
            }
            bits += key.flatMap(Key::narrowed).orElse(kind.get()).bits() == 8 ? BITS_8 : BITS_16;
        }
        if (perfect && !integerKeys.isEmpty() && bits <= threshold.bits()) {
            keys.addAll(integerKeys);
            columns.addAll(integerColumns);
        }
        if (keys.isEmpty() || namesShadowKeys(select, site, columns, references, schemas)) {
            return Optional.empty();
        }
        List<Use> uses = new ArrayList<>();
        for (String part : AFTER_GROUPING) {
            walk(select.path(part), site.select().appendProperty(part), (node, at) -> site.tables()
                    .resolve(node, references, schemas)
                    .map(columns::indexOf)
                    .filter(key -> key >= 0)
                    .ifPresent(key -> uses.add(new Use(at, key))));
        }
        return Optional.of(new Narrowing(site.select(), keys, uses, site.distinct()));
    }

    /**
     * Group key {@code group} ({@code node}, naming {@code column}) grouped by its codes, if it is
     * dictionary-encoded, its stream carries them and the frames read share one dictionary.
     */
    private static Optional<Key> coded(
            int group, JsonNode node, Column column, List<Export> exports, DictionaryTables dictionaries)
            throws SQLException {
        Field field = column.field();
        Export export = exports.get(column.reference());
        Optional<DictionaryTables.Coded> codes = dictionaries.coded(export, column.index());
        Optional<IntegerKind> kind =
                codes.flatMap(c -> IntegerKind.ofCodes(field.getDictionary().getIndexType()));
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        JsonNode reference = SyntaxNodes.columnLike(node, codes.get().codes());
        Optional<ColumnRange> range = ColumnRange.of(export.scan(), column.index());
        boolean narrow = range.flatMap(ColumnRange::span)
                .filter(span -> span <= IntegerKind.UTINYINT.max())
                .isPresent();
        long min = narrow ? range.get().bounds().orElseThrow().min() : 0;
        return Optional.of(new Key(
                group,
                kind.get(),
                min,
                narrow ? Optional.of(IntegerKind.UTINYINT) : Optional.empty(),
                field.getName(),
                Optional.of(new Coded(reference, dictionaries.lookup(codes.get().table())))));
    }

    /**
     * Group key {@code group}, {@code column} of {@code kind}, narrowed: to 8 bits if the batches
     * {@code export} reads bound it to a span under 256, else to 16 under 65,536 (when it is wider).
     */
    private static Optional<Key> narrowed(int group, Column column, IntegerKind kind, Export export) {
        Optional<ColumnRange> range = ColumnRange.of(export.scan(), column.index());
        Optional<Long> span = range.flatMap(ColumnRange::span);
        if (span.isEmpty()) {
            return Optional.empty();
        }
        IntegerKind narrowed;
        if (kind.bits() > 8 && span.get() <= IntegerKind.UTINYINT.max()) {
            narrowed = IntegerKind.UTINYINT;
        } else if (kind.bits() > 16 && span.get() <= IntegerKind.USMALLINT.max()) {
            narrowed = IntegerKind.USMALLINT;
        } else {
            return Optional.empty();
        }
        long min = range.get().bounds().orElseThrow().min();
        return Optional.of(
                new Key(group, kind, min, Optional.of(narrowed), column.field().getName(), Optional.empty()));
    }

    /**
     * True when a select item is named like a key's column without being it: an alias, or a bare
     * column of another table, that ORDER BY or HAVING would bind to instead of the column.
     */
    private static boolean namesShadowKeys(
            JsonNode select, Site site, List<Column> keys, List<Reference> references, List<Schema> schemas) {
        for (JsonNode item : select.path("select_list")) {
            String alias = item.path("alias").asText();
            JsonNode names = item.path("column_names");
            String name = alias.isEmpty() && !names.isEmpty()
                    ? names.get(names.size() - 1).asText()
                    : alias;
            Optional<Column> bare = site.tables().resolve(item, references, schemas);
            for (Column key : keys) {
                if (key.field().getName().equalsIgnoreCase(name) && !bare.equals(Optional.of(key))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Makes {@code narrowing} in {@code tree} (a copy of the statement's, which this edits): each
     * key's group expression narrowed, each use mapped back; a select item that was a bare key, or
     * an unnamed expression of one, keeps its output name ({@code renderer} renders the original
     * expression, which is how DuckDB names it).
     */
    static void apply(JsonNode tree, Narrowing narrowing, StatisticsRewrites.Renderer renderer) throws SQLException {
        ObjectNode select = (ObjectNode) tree.at(narrowing.select());
        if (narrowing.distinct()) {
            groupByItems(select);
        }
        ArrayNode groups = (ArrayNode) select.path("group_expressions");
        List<JsonNode> narrowedKeys = new ArrayList<>();
        for (Key key : narrowing.keys()) {
            JsonNode column = key.coded()
                    .map(Coded::codes)
                    .orElse(groups.get(key.group()))
                    .deepCopy();
            narrowedKeys.add(key.narrowed()
                    .<JsonNode>map(type -> SyntaxNodes.cast(
                            SyntaxNodes.operator("-", column, SyntaxNodes.integer(key.min(), key.kind())), type.name()))
                    .orElse(column));
        }
        JsonPointer items = narrowing.select().appendProperty("select_list");
        ArrayNode list = (ArrayNode) select.path("select_list");
        List<Optional<String>> names = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            names.add(outputName(list.get(i), items.appendIndex(i), narrowing, renderer));
        }
        for (Use use : narrowing.uses()) {
            Key key = narrowing.keys().get(use.key());
            JsonNode narrowed = narrowedKeys.get(use.key()).deepCopy();
            ObjectNode value = key.narrowed().isPresent()
                    ? SyntaxNodes.cast(
                            SyntaxNodes.operator(
                                    "+",
                                    SyntaxNodes.cast(narrowed, key.kind().name()),
                                    SyntaxNodes.integer(key.min(), key.kind())),
                            key.kind().name())
                    : (ObjectNode) narrowed;
            replace(
                    tree,
                    use.at(),
                    key.coded()
                            .map(coded -> SyntaxNodes.function(coded.lookup(), value))
                            .orElse(value));
        }
        for (int i = 0; i < list.size(); i++) {
            ObjectNode item = (ObjectNode) list.get(i);
            names.get(i).ifPresent(name -> item.put("alias", name));
        }
        for (int k = 0; k < narrowing.keys().size(); k++) {
            groups.set(narrowing.keys().get(k).group(), narrowedKeys.get(k));
        }
    }

    /** Makes SELECT DISTINCT {@code select} the GROUP BY of its items it is equivalent to. */
    private static void groupByItems(ObjectNode select) {
        ArrayNode groups = select.putArray("group_expressions");
        ArrayNode set = JsonNodeFactory.instance.arrayNode();
        JsonNode items = select.path("select_list");
        for (int i = 0; i < items.size(); i++) {
            groups.add(((ObjectNode) items.get(i).deepCopy()).put("alias", ""));
            set.add(i);
        }
        select.putArray("group_sets").add(set);
        ArrayNode modifiers = (ArrayNode) select.path("modifiers");
        for (int i = modifiers.size() - 1; i >= 0; i--) {
            if ("DISTINCT_MODIFIER".equals(modifiers.get(i).path("type").asText())) {
                modifiers.remove(i);
            }
        }
    }

    /**
     * The alias select item {@code item} (at {@code at}) needs to keep its name once its uses are
     * mapped back; empty when it needs none (it has one, or holds no use).
     */
    private static Optional<String> outputName(
            JsonNode item, JsonPointer at, Narrowing narrowing, StatisticsRewrites.Renderer renderer)
            throws SQLException {
        if (!item.path("alias").asText().isEmpty()) {
            return Optional.empty();
        }
        String prefix = at + "/";
        for (Use use : narrowing.uses()) {
            if (use.at().equals(at)) {
                return Optional.of(narrowing.keys().get(use.key()).name());
            }
        }
        for (Use use : narrowing.uses()) {
            if (use.at().toString().startsWith(prefix)) {
                String rendered = renderer.render(SyntaxNodes.selecting(item.deepCopy()));
                if (!rendered.startsWith("SELECT ")) {
                    throw new SQLException("cannot rewrite query: reason=unexpected rendering of a select item"
                            + " rendered=" + rendered);
                }
                return Optional.of(rendered.substring("SELECT ".length()));
            }
        }
        return Optional.empty();
    }

    /** Replaces the node at {@code at} of {@code tree} by {@code replacement}, which takes its alias. */
    static void replace(JsonNode tree, JsonPointer at, ObjectNode replacement) {
        replacement.put("alias", tree.at(at).path("alias").asText());
        JsonNode parent = tree.at(at.head());
        if (parent instanceof ArrayNode array) {
            array.set(at.last().getMatchingIndex(), replacement);
        } else {
            ((ObjectNode) parent).set(at.last().getMatchingProperty(), replacement);
        }
    }

    /** Calls {@code visit} with every object under {@code node} (itself included) and where it is. */
    static void walk(JsonNode node, JsonPointer at, BiConsumer<JsonNode, JsonPointer> visit) {
        if (node.isObject()) {
            visit.accept(node, at);
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                walk(field.getValue(), at.appendProperty(field.getKey()), visit);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), at.appendIndex(i), visit);
            }
        }
    }
}
