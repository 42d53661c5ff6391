package io.arrowfamfs.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.arrowfamfs.query.SqlRewriter.Reference;
import io.arrowfamfs.query.StreamExporter.Export;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rewrites of a statement that rest on the frame statistics of the snapshot it executes on:
 * {@link GroupKeyNarrowing} edits its SQL.
 * Where they may apply is found once, in the rewritten syntax tree ({@link #find}); whether they
 * apply is decided at every execution, from the statistics of the batches that execution reads
 * ({@link #plan}), since an append may widen a range a statement was prepared for. Immutable.
 */
final class StatisticsRewrites {
    /** A statement where neither rewrite may apply. */
    static final StatisticsRewrites NONE = new StatisticsRewrites(null, "", List.of());

    /** Renders a syntax tree as SQL ({@code json_deserialize_sql}). */
    interface Renderer {
        /** The SQL of {@code tree}, a tree of the form {@code json_serialize_sql} gives. */
        String render(JsonNode tree) throws SQLException;
    }

    /**
     * What one execution rewrites.
     *
     * @param narrowings the SELECTs whose group keys it narrows; none: the statement's SQL as rewritten
     */
    record Plan(List<GroupKeyNarrowing.Narrowing> narrowings) {}

    private final JsonNode tree;
    private final String prefix;
    private final List<GroupKeyNarrowing.Site> groups;

    private StatisticsRewrites(JsonNode tree, String prefix, List<GroupKeyNarrowing.Site> groups) {
        this.tree = tree;
        this.prefix = prefix;
        this.groups = List.copyOf(groups);
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
        return groups.isEmpty() ? NONE : new StatisticsRewrites(tree, "", groups);
    }

    /** The same rewrites under {@code explain} ({@code "EXPLAIN "}), which DuckDB cannot parse into the tree. */
    StatisticsRewrites explained(String explain) {
        return this == NONE ? NONE : new StatisticsRewrites(tree, explain + prefix, groups);
    }

    /**
     * What an execution whose table references ({@code references}) read {@code exports} (by
     * index) rewrites; {@code threshold} is asked only when a SELECT's keys could be narrowed.
     */
    Plan plan(List<Reference> references, List<Export> exports, PerfectHashThreshold threshold) throws SQLException {
        List<GroupKeyNarrowing.Narrowing> narrowings = new ArrayList<>();
        for (GroupKeyNarrowing.Site site : groups) {
            GroupKeyNarrowing.plan(site, tree, references, exports, threshold).ifPresent(narrowings::add);
        }
        return new Plan(List.copyOf(narrowings));
    }

    /** The statement's SQL with {@code narrowings} (not empty) made, rendered by {@code renderer}. */
    String sql(List<GroupKeyNarrowing.Narrowing> narrowings, Renderer renderer) throws SQLException {
        JsonNode edited = tree.deepCopy();
        for (GroupKeyNarrowing.Narrowing narrowing : narrowings) {
            GroupKeyNarrowing.apply(edited, narrowing, renderer);
        }
        return prefix + renderer.render(edited);
    }
}
