package io.arrowfamfs.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arrowfamfs.query.JoinBuildPadding.PadRow;
import io.arrowfamfs.query.SqlRewriter.Reference;
import io.arrowfamfs.query.StreamExporter.Export;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rewrites of a statement that rest on the frame statistics of the snapshot it executes on:
 * {@link GroupKeyNarrowing} edits its SQL, {@link JoinBuildPadding} adds a row to a table's view.
 * Where they may apply is found once, in the rewritten syntax tree ({@link #find}); whether they
 * apply is decided at every execution, from the statistics of the batches that execution reads
 * ({@link #plan}), since an append may widen a range a statement was prepared for. Immutable.
 */
final class StatisticsRewrites {
    /** A statement where neither rewrite may apply. */
    static final StatisticsRewrites NONE =
            new StatisticsRewrites(null, "", List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    /** Renders a syntax tree as SQL ({@code json_deserialize_sql}). */
    interface Renderer {
        /** The SQL of {@code tree}, a tree of the form {@code json_serialize_sql} gives. */
        String render(JsonNode tree) throws SQLException;
    }

    /**
     * What one execution edits in the statement's SQL; none: the statement's SQL as rewritten.
     *
     * @param narrowings the SELECTs whose group keys it narrows
     * @param codeTests the WHERE conjuncts it turns into tests of dictionary codes
     * @param bounds the top-N SELECTs it bounds
     * @param codeJoins the joins it turns onto dictionary codes
     * @param windowCodes the window partitions and orders it reads as codes
     */
    record Edits(
            List<GroupKeyNarrowing.Narrowing> narrowings,
            List<DictionaryPredicates.Edit> codeTests,
            List<TopNBounds.Edit> bounds,
            List<DictionaryJoins.Edit> codeJoins,
            List<WindowCodes.Edit> windowCodes) {
        /** No edit. */
        static final Edits NONE = new Edits(List.of(), List.of(), List.of(), List.of(), List.of());

        boolean isEmpty() {
            return narrowings.isEmpty()
                    && codeTests.isEmpty()
                    && bounds.isEmpty()
                    && codeJoins.isEmpty()
                    && windowCodes.isEmpty();
        }
    }

    /**
     * What one execution rewrites.
     *
     * @param edits what it edits in the SQL
     * @param pads the row each build table's view gets, by reference index
     */
    record Plan(Edits edits, Map<Integer, PadRow> pads) {
        /** The row reference {@code reference}'s view gets, if any. */
        Optional<PadRow> pad(int reference) {
            return Optional.ofNullable(pads.get(reference));
        }
    }

    private final JsonNode tree;
    private final String prefix;
    private final List<GroupKeyNarrowing.Site> groups;
    private final List<JoinBuildPadding.Site> joins;
    private final List<DictionaryPredicates.Site> predicates;
    private final List<TopNBounds.Site> tops;
    private final List<DictionaryJoins.Site> stringJoins;
    private final List<WindowCodes.Site> windows;

    private StatisticsRewrites(
            JsonNode tree,
            String prefix,
            List<GroupKeyNarrowing.Site> groups,
            List<JoinBuildPadding.Site> joins,
            List<DictionaryPredicates.Site> predicates,
            List<TopNBounds.Site> tops,
            List<DictionaryJoins.Site> stringJoins,
            List<WindowCodes.Site> windows) {
        this.tree = tree;
        this.prefix = prefix;
        this.groups = List.copyOf(groups);
        this.joins = List.copyOf(joins);
        this.predicates = List.copyOf(predicates);
        this.tops = List.copyOf(tops);
        this.stringJoins = List.copyOf(stringJoins);
        this.windows = List.copyOf(windows);
    }

    /**
     * Where the rewrites may apply in {@code tree}, the statement's syntax tree with its table
     * references renamed to the views of {@code references} (and its CTEs materialized); the tree
     * is kept, and must not change.
     */
    static StatisticsRewrites find(JsonNode tree, List<Reference> references) {
        Map<String, Integer> views = new HashMap<>();
        for (int i = 0; i < references.size(); i++) {
            views.put(references.get(i).view(), i);
        }
        List<GroupKeyNarrowing.Site> groups = GroupKeyNarrowing.find(tree, views);
        List<JoinBuildPadding.Site> joins = JoinBuildPadding.find(tree, views);
        List<DictionaryPredicates.Site> predicates = DictionaryPredicates.find(tree, views);
        List<TopNBounds.Site> tops = TopNBounds.find(tree, views);
        List<DictionaryJoins.Site> stringJoins = DictionaryJoins.find(tree);
        List<WindowCodes.Site> windows = WindowCodes.find(tree, views);
        boolean none = groups.isEmpty()
                && joins.isEmpty()
                && predicates.isEmpty()
                && tops.isEmpty()
                && stringJoins.isEmpty()
                && windows.isEmpty();
        return none ? NONE : new StatisticsRewrites(tree, "", groups, joins, predicates, tops, stringJoins, windows);
    }

    /** The same rewrites under {@code explain} ({@code "EXPLAIN "}), which DuckDB cannot parse into the tree. */
    StatisticsRewrites explained(String explain) {
        return this == NONE
                ? NONE
                : new StatisticsRewrites(tree, explain + prefix, groups, joins, predicates, tops, stringJoins, windows);
    }

    /**
     * What an execution whose table references ({@code references}) read {@code exports} (by
     * index) rewrites; {@code threshold} is asked only when a SELECT's keys could be narrowed,
     * {@code dictionaries} only when a WHERE conjunct reads a dictionary-encoded column.
     */
    Plan plan(
            List<Reference> references,
            List<Export> exports,
            PerfectHashThreshold threshold,
            TopNBounds.Defaults orders,
            DictionaryTables dictionaries,
            Renderer renderer)
            throws SQLException {
        List<GroupKeyNarrowing.Narrowing> narrowings = new ArrayList<>();
        for (GroupKeyNarrowing.Site site : groups) {
            GroupKeyNarrowing.plan(site, tree, references, exports, threshold, dictionaries)
                    .ifPresent(narrowings::add);
        }
        List<DictionaryPredicates.Edit> codeTests = new ArrayList<>();
        for (DictionaryPredicates.Site site : predicates) {
            DictionaryPredicates.plan(site, tree, references, exports, dictionaries, renderer)
                    .ifPresent(codeTests::add);
        }
        List<TopNBounds.Edit> bounds = new ArrayList<>();
        for (TopNBounds.Site site : tops) {
            TopNBounds.plan(site, references, exports, dictionaries, orders).ifPresent(bounds::add);
        }
        List<DictionaryJoins.Edit> codeJoins = new ArrayList<>();
        for (DictionaryJoins.Site site : stringJoins) {
            DictionaryJoins.plan(site, tree, references, exports, dictionaries).ifPresent(codeJoins::add);
        }
        List<WindowCodes.Edit> windowCodes = new ArrayList<>();
        for (WindowCodes.Site site : windows) {
            WindowCodes.plan(site, tree, references, exports, dictionaries).ifPresent(windowCodes::add);
        }
        Map<Integer, PadRow> pads = new HashMap<>();
        for (JoinBuildPadding.Site site : joins) {
            JoinBuildPadding.plan(site, references, exports).ifPresent(pad -> pads.putIfAbsent(site.build(), pad));
        }
        return new Plan(
                new Edits(
                        List.copyOf(narrowings),
                        List.copyOf(codeTests),
                        List.copyOf(bounds),
                        List.copyOf(codeJoins),
                        List.copyOf(windowCodes)),
                Map.copyOf(pads));
    }

    /** The statement's SQL with {@code edits} (not empty) made, rendered by {@code renderer}. */
    String sql(Edits edits, Renderer renderer) throws SQLException {
        JsonNode edited = tree.deepCopy();
        for (DictionaryPredicates.Edit test : edits.codeTests()) {
            GroupKeyNarrowing.replace(edited, test.at(), test.replacement().deepCopy());
        }
        for (GroupKeyNarrowing.Narrowing narrowing : edits.narrowings()) {
            GroupKeyNarrowing.apply(edited, narrowing, renderer);
        }
        for (WindowCodes.Edit window : edits.windowCodes()) {
            GroupKeyNarrowing.replace(edited, window.at(), window.codes().deepCopy());
        }
        for (TopNBounds.Edit bound : edits.bounds()) {
            ((ObjectNode) edited.at(bound.select()))
                    .set("where_clause", bound.where().deepCopy());
        }
        // last, and the deepest first: wrapping a child moves what lies inside it
        List<DictionaryJoins.Edit> joins = new ArrayList<>(edits.codeJoins());
        joins.sort(Comparator.comparingInt(
                        (DictionaryJoins.Edit join) -> join.join().toString().length())
                .reversed());
        for (DictionaryJoins.Edit join : joins) {
            DictionaryJoins.apply(edited, join);
        }
        return prefix + renderer.render(edited);
    }
}
