package io.arrowfamfs.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/** {@code jdbc:arrow-famfs:DEVICE_PATH[?node-id=UUID]}; options may also be connection properties. */
public final class ArrowFamfsDriver implements Driver {
    public static final String PREFIX = "jdbc:arrow-famfs:";
    public static final String NODE_ID = "node-id";

    static {
        try {
            DriverManager.registerDriver(new ArrowFamfsDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Properties options = new Properties();
        options.putAll(info);
        String rest = url.substring(PREFIX.length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            for (String pair : rest.substring(query + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new SQLException("invalid option in URL: " + pair + " (expected name=value)");
                }
                options.setProperty(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
            rest = rest.substring(0, query);
        }
        if (rest.isEmpty()) {
            throw new SQLException("no device in URL: " + url + " (expected " + PREFIX + "/dev/shm/arrow-famfs.img)");
        }
        for (String name : options.stringPropertyNames()) {
            if (!name.equals(NODE_ID) && !name.equals("user") && !name.equals("password")) {
                throw new SQLException("unknown option: " + name + " (known: " + NODE_ID + ")");
            }
        }
        JvmFlags.check();
        return FamfsConnection.open(Path.of(decode(rest)), options.getProperty(NODE_ID));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        DriverPropertyInfo node = new DriverPropertyInfo(NODE_ID, info.getProperty(NODE_ID));
        node.description = "this node's UUID (default: $ARROW_FAMFS_NODE_ID, /opt/famfs/system_uuid, machine id)";
        return new DriverPropertyInfo[] {node};
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging");
    }
}
