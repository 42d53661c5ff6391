/**
 * SQL over shared frames through embedded DuckDB, zero-copy through the Arrow C stream interface.
 *
 * <p>DuckDB scans a registered Arrow stream once, so every table reference in a statement gets a
 * view of its own ({@link io.arrowfamfs.query.SqlRewriter} rewrites DuckDB's JSON syntax tree of
 * the statement), registered over a {@link io.arrowfamfs.cdata.StreamSlot} once per statement
 * ({@code StreamViews}, {@code BoundStatement}); each execution moves fresh streams of one catalog
 * snapshot into the slots ({@code StreamExporter}, which plans each reference's scan with the
 * engine-neutral {@link io.arrowfamfs.scan} package, from typed predicates
 * {@code PredicateTranslator} makes of DuckDB's syntax tree). What the frames' statistics prove of
 * the batches an execution reads may rewrite it further ({@code StatisticsRewrites}: narrowed
 * group keys, a pad row on a join's dense build side), decided again at every execution. A
 * result's streams are freed only after DuckDB's result set is closed and the slots are emptied
 * ({@code Execution}), so DuckDB never holds a pointer to a freed stream.
 *
 * <p>A {@link io.arrowfamfs.query.QuerySession} owns one DuckDB connection and the parts above,
 * and runs one statement at a time; open one session per thread for parallel queries.
 */
package io.arrowfamfs.query;
