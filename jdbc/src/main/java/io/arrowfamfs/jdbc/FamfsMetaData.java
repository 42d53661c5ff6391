package io.arrowfamfs.jdbc;

import io.arrowfamfs.query.QuerySession;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;

/**
 * DuckDB's DatabaseMetaData as a JDBC tool should see it: {@code getConnection} gives the
 * arrow-famfs connection (a tool that runs SQL through it must go through the rewrite), and
 * {@code getTables} and {@code getColumns} leave out the session's own views over its streams.
 */
final class FamfsMetaData implements InvocationHandler {
    private final DatabaseMetaData duckdb;
    private final Connection connection;

    private FamfsMetaData(DatabaseMetaData duckdb, Connection connection) {
        this.duckdb = duckdb;
        this.connection = connection;
    }

    static DatabaseMetaData wrap(DatabaseMetaData duckdb, Connection connection) {
        return (DatabaseMetaData) Proxy.newProxyInstance(
                FamfsMetaData.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class},
                new FamfsMetaData(duckdb, connection));
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("getConnection")) {
            return connection;
        }
        Object result;
        try {
            result = method.invoke(duckdb, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        return switch (method.getName()) {
            case "getTables", "getColumns" -> Hidden.wrap((ResultSet) result);
            default -> result;
        };
    }

    /** A metadata result set without the rows of the session's internal views. */
    private static final class Hidden implements InvocationHandler {
        private final ResultSet rows;

        private Hidden(ResultSet rows) {
            this.rows = rows;
        }

        static ResultSet wrap(ResultSet rows) {
            return (ResultSet) Proxy.newProxyInstance(
                    FamfsMetaData.class.getClassLoader(), new Class<?>[] {ResultSet.class}, new Hidden(rows));
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            try {
                if (method.getName().equals("next")) {
                    while (rows.next()) {
                        if (!QuerySession.isInternal(rows.getString("TABLE_NAME"))) {
                            return true;
                        }
                    }
                    return false;
                }
                return method.invoke(rows, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
