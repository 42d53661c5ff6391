package io.arrowfamfs.jdbc;

import io.arrowfamfs.ArrowFamfsException;
import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.CatalogSnapshot;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.CorruptFrameException;
import io.arrowfamfs.frame.VerifyMode;
import io.arrowfamfs.query.QueryResult;
import io.arrowfamfs.query.QuerySession;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

/**
 * A JDBC connection: a {@link QuerySession} on a volume, presented through a proxy of DuckDB's
 * connection. Statement creation, metadata and closing are arrow-famfs's; everything else is
 * DuckDB's. Tables appear in {@code DatabaseMetaData} as views in schema {@code arrow_famfs} over
 * one-row tables of the same DuckDB types that raise an error if anything reads them without
 * going through the query rewrite, so a statement that cannot be rewritten (a CREATE TABLE ... AS
 * SELECT) fails rather than silently reading nothing.
 */
final class FamfsConnection implements InvocationHandler {
    static final String SCHEMA = "arrow_famfs";

    private final Volume volume;
    private final Catalog catalog;
    private final QuerySession session;
    private final Set<String> described = new HashSet<>();
    private long describedVersion = -1;
    private Connection proxy;
    private boolean closed;

    private FamfsConnection(Volume volume, Catalog catalog, QuerySession session) {
        this.volume = volume;
        this.catalog = catalog;
        this.session = session;
    }

    /** A connection to {@code device} as node {@code nodeId} (null: resolved), checking batches as {@code verify} says. */
    static Connection open(Path device, String nodeId, VerifyMode verify) throws SQLException {
        Volume volume;
        try {
            volume = Volume.open(device, VolumeOptions.of(NodeId.resolve(nodeId)));
        } catch (ArrowFamfsException e) {
            throw new SQLException("cannot open arrow-famfs device " + device + ": " + e.getMessage(), "08001", e);
        }
        Catalog catalog = null;
        QuerySession session = null;
        try {
            catalog = Catalog.open(volume, verify);
            session = QuerySession.open(catalog);
            FamfsConnection handler = new FamfsConnection(volume, catalog, session);
            handler.proxy = (Connection) Proxy.newProxyInstance(
                    FamfsConnection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
            handler.describeTables();
            return handler.proxy;
        } catch (SQLException | RuntimeException e) {
            if (session != null) {
                session.close();
            }
            if (catalog != null) {
                catalog.close();
            }
            volume.close();
            throw e instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
        }
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "close":
                close();
                return null;
            case "isClosed":
                return closed;
            case "unwrap":
                return unwrap((Class<?>) args[0]);
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(session) || ((Class<?>) args[0]).isInstance(session.duckdb());
            default:
                break;
        }
        if (closed) {
            throw new SQLException("connection is closed", "08003");
        }
        switch (name) {
            case "createStatement":
                return FamfsStatement.create(this, null);
            case "prepareStatement":
                return FamfsStatement.create(this, session.prepare((String) args[0]));
            case "getMetaData":
                describeTables();
                return FamfsMetaData.wrap(session.duckdb().getMetaData(), proxy);
            default:
                break;
        }
        try {
            return method.invoke(session.duckdb(), args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object unwrap(Class<?> type) throws SQLException {
        if (type.isInstance(session)) {
            return session;
        }
        if (type.isInstance(session.duckdb())) {
            return session.duckdb();
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    /** True once closed: statements of a closed connection are closed too. */
    synchronized boolean isClosed() {
        return closed;
    }

    Connection proxy() {
        return proxy;
    }

    QueryResult execute(String sql) throws SQLException {
        return session.execute(sql);
    }

    /**
     * Keeps schema {@code arrow_famfs} in step with the catalog: for each table, a view with its
     * columns and DuckDB types (from a zero-row query of the table) that fails when read; views of
     * dropped tables are removed. The views are all a JDBC tool lists: the session's own views
     * over the streams are temporary and hidden from {@code getTables}. The probe plans a scan, so
     * it checks each batch of the table on its first use in this JVM (the catalog's verify mode): a
     * table that fails is left out of the metadata, and a query over it fails with the typed error,
     * while every other table stays usable.
     */
    private synchronized void describeTables() throws SQLException {
        CatalogSnapshot snapshot = catalog.refresh();
        if (snapshot.version() == describedVersion) {
            return;
        }
        try (Statement ddl = session.duckdb().createStatement()) {
            ddl.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            for (String table : snapshot.tables().keySet()) {
                StringBuilder columns = new StringBuilder();
                try (QuerySession.Prepared probe =
                                session.prepare("SELECT * FROM " + SCHEMA + "." + quote(table) + " LIMIT 0");
                        QueryResult empty = probe.execute()) {
                    ResultSetMetaData meta = empty.resultSet().getMetaData();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        columns.append(c > 1 ? ", " : "")
                                .append("CAST(NULL AS ")
                                .append(meta.getColumnTypeName(c))
                                .append(") AS ")
                                .append(quote(meta.getColumnName(c)));
                    }
                } catch (SQLException e) {
                    if (e.getCause() instanceof CorruptFrameException) {
                        continue; // a frame damaged past attaching: queries over it say so, the rest stay usable
                    }
                    throw e;
                }
                ddl.execute("CREATE OR REPLACE VIEW " + SCHEMA + "." + quote(table) + " AS SELECT " + columns
                        + " FROM (VALUES (1)) WHERE error('table " + table.replace("'", "''")
                        + " lives in shared memory "
                        + "and is read by queries (SELECT/WITH); this statement cannot read it') IS NULL");
                described.add(table);
            }
            for (String gone : new ArrayList<>(described)) {
                if (!snapshot.tables().containsKey(gone)) {
                    ddl.execute("DROP VIEW IF EXISTS " + SCHEMA + "." + quote(gone));
                    described.remove(gone);
                }
            }
        }
        describedVersion = snapshot.version();
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private synchronized void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            session.close(); // closes every open result: views first, then streams
        } finally {
            catalog.close();
            volume.close();
        }
    }

    /** The result set of a statement that must return one. */
    static ResultSet rows(QueryResult result, String sql) throws SQLException {
        if (result.resultSet() == null) {
            throw new SQLException("statement returned no result set: " + sql);
        }
        return result.resultSet();
    }
}
