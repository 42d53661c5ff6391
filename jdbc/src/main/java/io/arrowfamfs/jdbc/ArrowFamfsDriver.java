package io.arrowfamfs.jdbc;

import io.arrowfamfs.frame.InvalidVerifyModeException;
import io.arrowfamfs.frame.VerifyMode;
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

/**
 * {@code jdbc:arrow-famfs:DEVICE_PATH[?node-id=UUID][&verify=first-use|off]}; options may also be
 * connection properties. {@code verify} says whether each batch is checked against its CRC32C the
 * first time this JVM uses it ({@code first-use}, the default) or never ({@code off}, the user's
 * choice: a changed byte then reads as a wrong value); see {@link VerifyMode}.
 */
public final class ArrowFamfsDriver implements Driver {
    /** What every URL of this driver starts with. */
    public static final String PREFIX = "jdbc:arrow-famfs:";
    /** The option naming this node's UUID. */
    public static final String NODE_ID = "node-id";
    /** The option saying whether batches are checked on first use: {@code first-use} or {@code off}. */
    public static final String VERIFY = "verify";

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
            if (!name.equals(NODE_ID) && !name.equals(VERIFY) && !name.equals("user") && !name.equals("password")) {
                throw new SQLException("unknown option: " + name + " (known: " + NODE_ID + ", " + VERIFY + ")");
            }
        }
        VerifyMode verify = verifyMode(options.getProperty(VERIFY, VerifyMode.FIRST_USE.label()));
        JvmFlags.check();
        return FamfsConnection.open(Path.of(decode(rest)), options.getProperty(NODE_ID), verify);
    }

    /** The {@code verify} option's mode; a bad value is SQLState HY024 (invalid attribute value), the typed cause kept. */
    private static VerifyMode verifyMode(String text) throws SQLException {
        try {
            return VerifyMode.parse(text);
        } catch (InvalidVerifyModeException e) {
            throw new SQLException(e.getMessage(), "HY024", e);
        }
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
        DriverPropertyInfo verify =
                new DriverPropertyInfo(VERIFY, info.getProperty(VERIFY, VerifyMode.FIRST_USE.label()));
        verify.description = "check each batch against its CRC32C on its first use in this JVM (first-use, the default)"
                + " or never (off)";
        verify.choices = new String[] {VerifyMode.FIRST_USE.label(), VerifyMode.OFF.label()};
        return new DriverPropertyInfo[] {node, verify};
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
