package io.arrowfamfs.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Fails a connection early, with the fix, when the JVM lacks the flags Arrow needs. The flags are read
 * from their one source, the core's class-path resource {@value #RESOURCE}.
 */
final class JvmFlags {
    /** The flags' one source, which bin/arrow-famfs and the build's test runners read too. */
    static final String RESOURCE = "/io/arrowfamfs/jvm-flags.properties";

    private static final String KEY = "arrowfamfs.jvm.flags";

    private JvmFlags() {}

    static void check() throws SQLException {
        try {
            java.lang.reflect.Field address = java.nio.Buffer.class.getDeclaredField("address");
            address.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SQLException(
                    "arrow-famfs needs JVM flags that are missing: start the JVM of your JDBC tool with " + flags()
                            + " (cause: " + e + ")",
                    "08001",
                    e);
        }
    }

    /** The flags, space-separated, as {@value #RESOURCE} gives them. */
    static String flags() {
        try (InputStream in = JvmFlags.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("JVM flags resource missing from the class path: resource=" + RESOURCE);
            }
            Properties properties = new Properties();
            properties.load(in);
            String flags = properties.getProperty(KEY);
            if (flags == null || flags.isBlank()) {
                throw new IllegalStateException(
                        "JVM flags resource lacks its key: resource=" + RESOURCE + " key=" + KEY);
            }
            return flags.trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JVM flags: resource=" + RESOURCE, e);
        }
    }
}
