/**
 * The JDBC driver: {@code jdbc:arrow-famfs:DEVICE_PATH[?node-id=UUID]}, registered through
 * {@code META-INF/services/java.sql.Driver}. A connection is a DuckDB connection whose queries go
 * through a {@link io.arrowfamfs.query.QuerySession}: every table of the volume is queryable by
 * name (or as {@code arrow_famfs.NAME}), zero-copy, read-only on client nodes as on the master.
 * {@code DatabaseMetaData} lists the tables as views in schema {@code arrow_famfs} with DuckDB's
 * types; result sets are DuckDB's ({@code unwrap(DuckDBResultSet.class).arrowExportStream(...)}
 * gives the result as Arrow).
 */
package io.arrowfamfs.jdbc;
