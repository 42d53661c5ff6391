package io.arrowfamfs.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.arrowfamfs.query.JoinedTables.Column;
import io.arrowfamfs.query.SqlRewriter.Reference;
import io.arrowfamfs.query.StreamExporter.Export;
import io.arrowfamfs.scan.ColumnRange;
import io.arrowfamfs.scan.ColumnRange.Bounds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Dense-key join builds. For an inner join on one integer equality, DuckDB takes the build side's
 * key range at run time and, when the keys are unique, builds a perfect hash table (an array of
 * {@code max - min + 1} rows, probed by offset) instead of a hash table. It refuses a build side
 * with {@code count > max - min} (DuckDB 1.5, {@code perfect_hash_join_executor.cpp},
 * {@code CanDoPerfectHashJoin}): meant to reject duplicates, it also rejects the commonest case,
 * keys that are unique and dense (a dimension table keyed 0..99: 100 rows, {@code max - min} 99).
 * Joining 50M rows with such a 100-row table took 455 ms, where native tables took 72 ms.
 *
 * <p>One more build row lifts the refusal: its key is outside the probe column's {@code [min, max]},
 * so it can never match, and leaves a gap past the build keys, so that {@code count <= max - min}.
 * It goes into the build table's view ({@link CardinalityHints}: its key, NULL in every other
 * column; 73 ms). It is added only when all of this holds, from the frame statistics of the
 * batches this execution reads: the join is an INNER join whose condition is one equality
 * ({@code ON a.k = b.k} or {@code USING (k)}) between an integer column of the build table, a
 * shared table that is one side of the join, and one of a shared table on the other side (a
 * shared table, or a tree of joined ones); the build table is the smaller of the two tables
 * compared (DuckDB builds on the smaller side,
 * {@code build_probe_side_optimizer.cpp}; on a tie, on the right), is not sampled, and its keys are
 * dense ({@code count == max - min + 1}) with a range DuckDB accepts ({@code MAX_BUILD_SIZE});
 * the probe column's range is known; and the key fits the column's type. Then no result can hold
 * the row: every row a join yields meets its condition, and the only row whose key could equal
 * this one is another such row, added only in a join below this one, which that join drops first.
 */
final class JoinBuildPadding {
    /** The widest build range DuckDB gives a perfect hash table ({@code PerfectHashJoinExecutor::MAX_BUILD_SIZE}). */
    static final long MAX_BUILD_RANGE = 1L << 20;

    /**
     * The row added to a build table's view.
     *
     * @param column the key column's name
     * @param key its value in the row; every other column is NULL
     */
    record PadRow(String column, long key) {}

    /**
     * An inner join whose one side is a table that could be its build side.
     *
     * @param build the index of the build table's reference
     * @param buildIsRight whether it is the join's right side
     * @param buildSide the build table, as a scope to resolve its key in
     * @param probeSide the tables of the other side
     * @param first one side of the equality (for USING, the column name)
     * @param second its other side
     * @param using whether the condition is {@code USING (k)}: each side's key is named {@code k}
     */
    record Site(
            int build,
            boolean buildIsRight,
            JoinedTables buildSide,
            JoinedTables probeSide,
            JsonNode first,
            JsonNode second,
            boolean using) {}

    /** The two columns an equality compares: one of the build table, one of the probe side. */
    private record Keys(Column build, Column probe) {}

    private JoinBuildPadding() {}

    /**
     * Every join of {@code tree} that may get a pad row, given the statement's views ({@code
     * views}: view name to reference index).
     */
    static List<Site> find(JsonNode tree, Map<String, Integer> views) {
        List<Site> sites = new ArrayList<>();
        collect(tree, views, sites);
        return sites;
    }

    private static void collect(JsonNode node, Map<String, Integer> views, List<Site> sites) {
        if (node.isObject() && "JOIN".equals(node.path("type").asText())) {
            site(node, "right", "left", views).ifPresent(sites::add);
            site(node, "left", "right", views).ifPresent(sites::add);
        }
        node.forEach(child -> collect(child, views, sites));
    }

    /** The join {@code join} as a site with its {@code buildField} side as build, if it may be one. */
    private static Optional<Site> site(
            JsonNode join, String buildField, String probeField, Map<String, Integer> views) {
        JsonNode build = join.path(buildField);
        JsonNode condition = join.path("condition");
        JsonNode using = join.path("using_columns");
        boolean equality = "COMPARE_EQUAL".equals(condition.path("type").asText()) && using.isEmpty();
        boolean usingOne = using.size() == 1 && condition.isNull();
        if (!"INNER".equals(join.path("join_type").asText())
                || !"REGULAR".equals(join.path("ref_type").asText())
                || !(equality || usingOne)
                || !"BASE_TABLE".equals(build.path("type").asText())
                || build.path("sample").isObject()) {
            return Optional.empty();
        }
        Optional<JoinedTables> buildSide = JoinedTables.of(build, views);
        Optional<JoinedTables> probeSide = JoinedTables.of(join.path(probeField), views);
        if (buildSide.isEmpty() || probeSide.isEmpty()) {
            return Optional.empty();
        }
        JsonNode first = usingOne ? SyntaxNodes.column(using.get(0).asText()) : condition.path("left");
        JsonNode second = usingOne ? first : condition.path("right");
        return Optional.of(new Site(
                buildSide.get().references().get(0),
                buildField.equals("right"),
                buildSide.get(),
                probeSide.get(),
                first,
                second,
                usingOne));
    }

    /**
     * The pad row this execution adds for {@code site}, if it adds one: see the class comment for
     * when. {@code exports} are the streams of the statement's {@code references}, by index.
     */
    static Optional<PadRow> plan(Site site, List<Reference> references, List<Export> exports) {
        if (references.get(site.build()).readsNoRow()) {
            return Optional.empty();
        }
        List<Schema> schemas = exports.stream()
                .map(export -> export.scan().projection().source())
                .toList();
        Optional<Keys> keys = keys(site, references, schemas);
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        Column build = keys.get().build();
        Column probe = keys.get().probe();
        Optional<IntegerKind> kind = IntegerKind.of(build.field());
        long buildRows = exports.get(build.reference()).scan().rows();
        long probeRows = exports.get(probe.reference()).scan().rows();
        boolean buildsHere = buildRows < probeRows || (buildRows == probeRows && site.buildIsRight());
        if (kind.isEmpty()
                || IntegerKind.of(probe.field()).isEmpty()
                || !buildsHere
                || nested(exports.get(build.reference()).schema())) {
            return Optional.empty();
        }
        Optional<ColumnRange> buildRange =
                ColumnRange.of(exports.get(build.reference()).scan(), build.index());
        Optional<ColumnRange> probeRange =
                ColumnRange.of(exports.get(probe.reference()).scan(), probe.index());
        Optional<Long> span = buildRange.flatMap(ColumnRange::span);
        if (span.isEmpty()
                || span.get() + 1 != buildRange.get().values()
                || probeRange.flatMap(ColumnRange::bounds).isEmpty()) {
            return Optional.empty(); // not dense (DuckDB can already, or cannot), or nothing to probe with
        }
        return padKey(
                        buildRange.get().bounds().orElseThrow(),
                        probeRange.get().bounds().orElseThrow(),
                        kind.get())
                .map(key -> new PadRow(build.field().getName(), key));
    }

    /**
     * The key of a pad row for dense build keys {@code build} of {@code kind}, probed by values in
     * {@code probe}: outside {@code probe}, with a gap past {@code build} (at least two beyond its
     * edge), in {@code kind}'s bounds, and with the padded range at most {@link #MAX_BUILD_RANGE};
     * of the keys above and below the build keys, the one that widens the range less (above on a
     * tie).
     */
    static Optional<Long> padKey(Bounds build, Bounds probe, IntegerKind kind) {
        Optional<Long> above = build.max() <= kind.max() - 2 && probe.max() < kind.max()
                ? Optional.of(Math.max(build.max() + 2, probe.max() + 1))
                : Optional.empty();
        Optional<Long> below = build.min() >= kind.min() + 2 && probe.min() > kind.min()
                ? Optional.of(Math.min(build.min() - 2, probe.min() - 1))
                : Optional.empty();
        Optional<Long> aboveRange = above.map(key -> key - build.min()).filter(JoinBuildPadding::accepted);
        Optional<Long> belowRange = below.map(key -> build.max() - key).filter(JoinBuildPadding::accepted);
        if (aboveRange.isPresent() && (belowRange.isEmpty() || aboveRange.get() <= belowRange.get())) {
            return above;
        }
        return belowRange.isPresent() ? below : Optional.empty();
    }

    /** True for a padded build range DuckDB takes: not wrapped past {@code Long.MAX_VALUE}, at most {@link #MAX_BUILD_RANGE}. */
    private static boolean accepted(long range) {
        return range >= 0 && range <= MAX_BUILD_RANGE;
    }

    /** The build key and the probe key the condition compares, if it names one column of each side. */
    private static Optional<Keys> keys(Site site, List<Reference> references, List<Schema> schemas) {
        if (site.using()) {
            Optional<Column> build = site.buildSide().resolve(site.first(), references, schemas);
            Optional<Column> probe = site.probeSide().resolve(site.second(), references, schemas);
            return build.flatMap(b -> probe.map(p -> new Keys(b, p)));
        }
        Optional<Keys> straight = oneWay(site, site.first(), site.second(), references, schemas);
        Optional<Keys> crossed = oneWay(site, site.second(), site.first(), references, schemas);
        return straight.isPresent() == crossed.isPresent() ? Optional.empty() : straight.or(() -> crossed);
    }

    /** {@code build} a column of the build table only, {@code probe} of the probe side only. */
    private static Optional<Keys> oneWay(
            Site site, JsonNode build, JsonNode probe, List<Reference> references, List<Schema> schemas) {
        Optional<Column> buildKey = site.buildSide().resolve(build, references, schemas);
        Optional<Column> probeKey = site.probeSide().resolve(probe, references, schemas);
        if (buildKey.isEmpty()
                || probeKey.isEmpty()
                || site.probeSide().resolve(build, references, schemas).isPresent()
                || site.buildSide().resolve(probe, references, schemas).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new Keys(buildKey.get(), probeKey.get()));
    }

    /** True when a column is nested: DuckDB takes no perfect hash join with one on the build side. */
    private static boolean nested(Schema schema) {
        for (Field field : schema.getFields()) {
            if (field.getType() instanceof ArrowType.Struct
                    || field.getType() instanceof ArrowType.List
                    || field.getType() instanceof ArrowType.LargeList
                    || field.getType() instanceof ArrowType.FixedSizeList
                    || field.getType() instanceof ArrowType.Map) {
                return true;
            }
        }
        return false;
    }
}
