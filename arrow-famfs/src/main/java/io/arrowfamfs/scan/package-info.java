/**
 * Engine-neutral scan planning over a table's frames: what the DuckDB layer uses today and a
 * Spark connector can use as it is.
 *
 * <p><b>What is here.</b> Typed predicates ({@link io.arrowfamfs.scan.ColumnPredicate}: a
 * {@link io.arrowfamfs.scan.Comparison} of a column with {@link io.arrowfamfs.scan.Literal}s),
 * their conjunction ({@link io.arrowfamfs.scan.StatsFilter}) checked against typed statistics
 * ({@link io.arrowfamfs.frame.ColumnStats}), the columns a scan reads
 * ({@link io.arrowfamfs.scan.Projection}), the frames a reader keeps attached
 * ({@link io.arrowfamfs.scan.FrameCache}) and one scan of a table over a snapshot
 * ({@link io.arrowfamfs.scan.TableScan}): its batches pruned by published statistics, cut into
 * {@link io.arrowfamfs.scan.ScanSlice}s as a {@link io.arrowfamfs.scan.SlicePolicy} says, each
 * zone pruned again by statistics computed once.
 *
 * <p><b>What is not.</b> Parsing an engine's filters into predicates, and deciding how the engine
 * compares values (a literal's kind says how the comparison is made, the translator decides which
 * kind the engine's comparison is, and offers no predicate when it cannot say), collations (a
 * {@link io.arrowfamfs.scan.Literal.Utf8} is compared bytewise: offer one only under a binary
 * collation), how slices reach the engine (Arrow C streams for DuckDB), and the slice sizes an
 * engine prefers. Pruning may only keep too much: the engine evaluates its filters on every row.
 *
 * <p><b>Lifecycle.</b> A {@link io.arrowfamfs.scan.FrameCache} owns the frames it attaches and
 * the column handles its {@link io.arrowfamfs.scan.ColumnPinner} makes; a
 * {@link io.arrowfamfs.scan.TableScan} holds its frames from {@code open} to {@code close}, and
 * its slices are valid only in between. {@code FrameCache.retainOnly} closes frames no scan holds
 * and no table of the given snapshot has; {@code FrameCache.close} closes every frame.
 *
 * <p><b>Threading.</b> Predicates, filters, projections and slice policies are immutable. A
 * {@code FrameCache} and its {@link io.arrowfamfs.scan.AttachedFrame}s are thread-safe. A
 * {@code TableScan} is planned on one thread; its slices may then be read from any thread.
 *
 * <p><b>Errors.</b> Invalid arguments (a predicate with the wrong number of literals, a
 * non-finite {@code Float64}) throw {@link java.lang.IllegalArgumentException}; a frame that
 * cannot be attached or read throws what the catalog and frame layers throw.
 */
package io.arrowfamfs.scan;
