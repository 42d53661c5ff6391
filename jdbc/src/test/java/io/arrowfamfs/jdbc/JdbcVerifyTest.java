package io.arrowfamfs.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.frame.CorruptBatchException;
import io.arrowfamfs.frame.InvalidVerifyModeException;
import io.arrowfamfs.testkit.HostileWriter;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code verify=first-use|off} in the URL: a changed batch is a typed error, unless the user turns checks off. */
class JdbcVerifyTest {
    /** One value of table bad, changed on the device after its commit. */
    static final long MARKER = 6_842_472_732_094_365_697L;

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    String device;

    @BeforeEach
    void tables() throws Exception {
        // no dictionaries: the changed value is then in a record batch (CLI's VerifyOptionTest changes a dictionary)
        device = TestDevices.withTables(shm, Map.of("bad", "v\n1\n" + MARKER + "\n", "good", "v\n1\n2\n"), 0);
        HostileWriter.replaceLong(Path.of(device), MARKER, 3);
    }

    long sum(String options, String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:arrow-famfs:" + device + "?node-id=" + TestDevices.CLIENT + options);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT sum(v) FROM " + table)) {
            assertTrue(rows.next());
            return rows.getLong(1);
        }
    }

    @Test
    void aChangedBatchFailsTheQueryWithTheTypedError() throws SQLException {
        SQLException e = assertThrows(SQLException.class, () -> sum("", "bad"));
        CorruptBatchException cause = assertInstanceOf(CorruptBatchException.class, e.getCause());
        assertEquals(0, cause.batch());
        assertTrue(e.getMessage().contains("frame " + cause.frame() + ": batch 0 checksum mismatch"), e.getMessage());
        assertThrows(SQLException.class, () -> sum("&verify=first-use", "bad"), "first-use is the default");
        assertEquals(3, sum("", "good"), "another table reads");
        try (Connection connection =
                        DriverManager.getConnection("jdbc:arrow-famfs:" + device + "?node-id=" + TestDevices.CLIENT);
                ResultSet tables = connection.getMetaData().getTables(null, "arrow_famfs", "%", null)) {
            assertEquals(
                    List.of("bad", "good"),
                    JdbcDriverTest.column(tables, 3),
                    "describing a table reads none of its batches (LIMIT 0), so a damaged batch hides no table");
        }
    }

    @Test
    void verifyOffAnswersFromTheChangedBytes() throws SQLException {
        assertEquals(4, sum("&verify=off", "bad"), "the user's choice: unchecked");
    }

    @Test
    void aBadVerifyValueIsATypedError() {
        SQLException e = assertThrows(SQLException.class, () -> sum("&verify=always", "good"));
        assertEquals("invalid verify mode: verify=always expected=first-use|off", e.getMessage());
        assertEquals("HY024", e.getSQLState());
        assertInstanceOf(InvalidVerifyModeException.class, e.getCause());
    }
}
