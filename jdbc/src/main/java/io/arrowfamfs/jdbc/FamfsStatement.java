package io.arrowfamfs.jdbc;

import io.arrowfamfs.query.QueryResult;
import io.arrowfamfs.query.QuerySession;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.TreeMap;

/**
 * A JDBC Statement or PreparedStatement (a proxy) whose executions go through the query session:
 * every execution reads fresh streams of one catalog snapshot. A prepared statement records its
 * parameters and binds them at each execution. Executing again, or closing, closes the previous
 * result, as JDBC says; closing a PreparedStatement also drops the views it registered.
 */
final class FamfsStatement implements InvocationHandler {
    private final FamfsConnection connection;
    private final QuerySession.Prepared prepared;
    private final TreeMap<Integer, Object> parameters = new TreeMap<>();
    private QueryResult current;
    private String lastSql;
    private int maxRows;
    private int fetchSize;
    private int queryTimeout;
    private boolean closed;

    private FamfsStatement(FamfsConnection connection, QuerySession.Prepared prepared) {
        this.connection = connection;
        this.prepared = prepared;
    }

    /** A Statement, or a PreparedStatement when {@code prepared} is given. */
    static Statement create(FamfsConnection connection, QuerySession.Prepared prepared) {
        Class<?> type = prepared == null ? Statement.class : PreparedStatement.class;
        return (Statement) Proxy.newProxyInstance(
                FamfsStatement.class.getClassLoader(), new Class<?>[] {type}, new FamfsStatement(connection, prepared));
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("close")) {
            close();
            return null;
        }
        if (name.equals("isClosed")) {
            return isClosed();
        }
        if (isClosed()) {
            throw new SQLException("statement is closed");
        }
        int arity = args == null ? 0 : args.length;
        if (prepared != null && name.startsWith("set") && arity >= 2 && args[0] instanceof Integer index) {
            parameters.put(index, name.equals("setNull") ? null : args[1]);
            return null;
        }
        switch (name) {
            case "executeQuery":
                return FamfsConnection.rows(run(arity == 0 ? null : (String) args[0]), lastSql);
            case "execute":
                return run(arity == 0 ? null : (String) args[0]).resultSet() != null;
            case "executeUpdate":
                return (int) run(arity == 0 ? null : (String) args[0]).updateCount();
            case "executeLargeUpdate":
                return run(arity == 0 ? null : (String) args[0]).updateCount();
            case "getResultSet":
                return current == null ? null : current.resultSet();
            case "getUpdateCount":
                return current == null ? -1 : (int) current.updateCount();
            case "getLargeUpdateCount":
                return current == null ? -1L : current.updateCount();
            case "getMoreResults":
                closeCurrent();
                return false;
            case "clearParameters":
                parameters.clear();
                return null;
            case "getConnection":
                return connection.proxy();
            case "getMaxRows":
                return maxRows;
            case "setMaxRows":
                maxRows = (Integer) args[0];
                return null;
            case "getFetchSize":
                return fetchSize;
            case "setFetchSize":
                fetchSize = (Integer) args[0];
                return null;
            case "getQueryTimeout":
                return queryTimeout;
            case "setQueryTimeout":
                queryTimeout = (Integer) args[0];
                return null;
            case "getWarnings":
            case "getMetaData":
                return null;
            case "clearWarnings":
            case "setEscapeProcessing":
            case "setPoolable":
            case "closeOnCompletion":
                return null;
            case "getResultSetType":
                return ResultSet.TYPE_FORWARD_ONLY;
            case "getResultSetConcurrency":
                return ResultSet.CONCUR_READ_ONLY;
            case "unwrap":
                throw new SQLException("not a wrapper for " + ((Class<?>) args[0]).getName());
            case "isWrapperFor":
                return false;
            default:
                throw new SQLFeatureNotSupportedException("arrow-famfs statements do not support " + name);
        }
    }

    private QueryResult run(String sql) throws SQLException {
        closeCurrent();
        if (prepared != null) {
            if (sql != null) {
                throw new SQLException("a PreparedStatement executes its own SQL: call execute() without arguments");
            }
            lastSql = prepared.toString();
            Object[] values = new Object[parameters.isEmpty() ? 0 : parameters.lastKey()];
            parameters.forEach((index, value) -> values[index - 1] = value);
            current = prepared.execute(values);
        } else {
            if (sql == null) {
                throw new SQLException("no SQL given");
            }
            lastSql = sql;
            current = connection.execute(sql);
        }
        return current;
    }

    private void closeCurrent() throws SQLException {
        if (current != null) {
            QueryResult result = current;
            current = null;
            result.close();
        }
    }

    /** Closed itself, or with its connection (whose session then closed every open result). */
    private boolean isClosed() {
        return closed || connection.isClosed();
    }

    private void close() throws SQLException {
        if (!closed) {
            closed = true;
            try {
                closeCurrent();
            } finally {
                if (prepared != null && !connection.isClosed()) {
                    prepared.close();
                }
            }
        }
    }
}
