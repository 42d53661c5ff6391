package io.arrowfamfs.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Connects to the URL in args[0] with nothing but JDBC and prints the outcome (for a JVM without flags). */
public final class JdbcProbe {
    public static void main(String[] args) {
        try (Connection connection = DriverManager.getConnection(args[0])) {
            System.out.println("connected " + connection.isClosed());
        } catch (SQLException e) {
            System.out.println("refused " + e.getSQLState() + " " + e.getMessage());
        }
    }
}
