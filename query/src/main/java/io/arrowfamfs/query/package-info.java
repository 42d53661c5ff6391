/**
 * SQL over shared frames through embedded DuckDB, zero-copy through the Arrow C stream interface.
 *
 * <p>A registered Arrow stream can be scanned once, so every table reference in a query gets its
 * own fresh stream and view name ({@link io.arrowfamfs.query.SqlRewriter} rewrites DuckDB's JSON
 * syntax tree of the query), registered for each execution and dropped after it, view before
 * stream, so DuckDB never holds a pointer to a released stream. Every reference of one execution
 * reads the same catalog snapshot.
 *
 * <p>A {@link io.arrowfamfs.query.QuerySession} owns one DuckDB connection and is used by one
 * thread at a time; open one session per thread.
 */
package io.arrowfamfs.query;
