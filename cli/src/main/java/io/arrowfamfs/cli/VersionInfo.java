package io.arrowfamfs.cli;

import io.arrowfamfs.famfs.omf.FamfsVersion;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: arrow-famfs's own version and those of what it is built on, read at run
 * time (Maven's {@code pom.properties} in the jars, DuckDB from its driver), and the famfs
 * on-media format versions it reads and writes.
 */
final class VersionInfo implements IVersionProvider {
    @Override
    public String[] getVersion() {
        List<String> lines = new ArrayList<>();
        lines.add("arrow-famfs "
                + mavenVersion("io.arrowfamfs", "arrow-famfs-cli", "(development build, not from a jar)"));
        lines.add("Apache Arrow Java " + mavenVersion("org.apache.arrow", "arrow-vector", "unknown"));
        lines.add("DuckDB " + duckdb());
        StringBuilder famfs = new StringBuilder("famfs on-media formats read and written:");
        for (FamfsVersion version : FamfsVersion.values()) {
            famfs.append(
                    String.format(" v%d (OMF %d.%d)", version.tsVersion(), version.omfMajor(), version.omfMinor()));
        }
        lines.add(famfs.append(" (mkfs --famfs-version picks one)").toString());
        lines.add("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        return lines.toArray(String[]::new);
    }

    /** The version Maven recorded in the jar that holds {@code group:artifact}, else {@code absent}. */
    static String mavenVersion(String group, String artifact, String absent) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = VersionInfo.class.getResourceAsStream(resource)) {
            if (in == null) {
                return absent;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", absent);
        } catch (IOException e) {
            return absent;
        }
    }

    private static String duckdb() {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckdb.createStatement();
                ResultSet version = statement.executeQuery("SELECT library_version, source_id FROM pragma_version()")) {
            version.next();
            return version.getString(1) + " (" + version.getString(2) + "), JDBC driver "
                    + mavenVersion(
                            "org.duckdb", "duckdb_jdbc", duckdb.getMetaData().getDriverVersion());
        } catch (SQLException e) {
            return "unavailable: " + Failures.oneLine(String.valueOf(e.getMessage()));
        }
    }
}
