package io.arrowfamfs.jdbc;

import java.sql.SQLException;

/** Fails a connection early, with the fix, when the JVM lacks the flags Arrow needs. */
final class JvmFlags {
    static final String FLAGS = "-XX:+IgnoreUnrecognizedVMOptions -Djnr.ffi.x86asm.enabled=false "
            + "--add-opens=java.base/java.nio=ALL-UNNAMED --enable-native-access=ALL-UNNAMED "
            + "--sun-misc-unsafe-memory-access=allow";

    private JvmFlags() {}

    static void check() throws SQLException {
        try {
            java.lang.reflect.Field address = java.nio.Buffer.class.getDeclaredField("address");
            address.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SQLException("arrow-famfs needs JVM flags that are missing: start the JVM of your JDBC tool with "
                    + FLAGS + " (cause: " + e + ")", "08001", e);
        }
    }
}
