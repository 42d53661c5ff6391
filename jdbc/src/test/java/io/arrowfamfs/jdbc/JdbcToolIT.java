package io.arrowfamfs.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A third-party JDBC tool (sqlline) in a JVM of its own, with nothing on its class path but its
 * own jar and {@code arrow-famfs-jdbc.jar}: it lists the tables and their columns and gets the
 * right answer to every query shape, run repeatedly, on the master and on a client node. Runs
 * after {@code package} (Maven's failsafe), when the standalone jar exists.
 */
class JdbcToolIT {
    @RegisterExtension
    final ShmDir shm = new ShmDir();

    String device;
    Path script;

    @BeforeEach
    void tables() throws Exception {
        device = TestDevices.withTables(
                shm,
                Map.of(
                        "people", "name,age,city\nada,36,london\ngrace,45,nyc\nlinus,28,helsinki\nbarbara,50,nyc\n",
                        "cities", "city,country\nlondon,uk\nnyc,us\nhelsinki,fi\n"));
        script = shm.device("script.sql");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "!tables",
                        "!columns people",
                        "SELECT 'repeat', count(*), sum(age) FROM people;",
                        "SELECT 'repeat', count(*), sum(age) FROM people;",
                        "SELECT 'join', p.name, c.country FROM people p JOIN cities c ON p.city = c.city WHERE p.age > 40 ORDER BY 2;",
                        "SELECT 'self', count(*) FROM people a JOIN people b ON a.city = b.city AND a.name < b.name;",
                        "SELECT 'union', count(*) FROM (SELECT name FROM people UNION ALL SELECT name FROM people);",
                        "WITH old AS (SELECT * FROM people WHERE age >= 45) SELECT 'cte', (SELECT count(*) FROM old), (SELECT max(age) FROM old);",
                        "SELECT 'window', name, rank() OVER (ORDER BY age DESC) FROM people QUALIFY rank() OVER (ORDER BY age DESC) = 1;",
                        "SELECT 'sub', name FROM people WHERE city IN (SELECT city FROM cities WHERE country = 'fi');",
                        "!quit",
                        ""));
    }

    @Test
    void sqllineWithOnlyTheDriverJarListsAndQueriesOnMasterAndClient() throws Exception {
        for (String node : List.of(TestDevices.MASTER, TestDevices.CLIENT)) {
            String out = sqlline(flags(), node);
            assertTrue(
                    out.contains("'arrow_famfs','people','VIEW'") && out.contains("'arrow_famfs','cities','VIEW'"),
                    out);
            assertFalse(out.contains("__af"), "no internal view is listed: " + out);
            assertTrue(
                    out.contains("'people','name','12','VARCHAR'") && out.contains("'people','age','-5','BIGINT'"),
                    out);
            assertEquals(2, count(out, "'repeat','4','159'"), out);
            assertTrue(out.contains("'join','barbara','us'\n'join','grace','us'"), out);
            assertTrue(out.contains("'self','1'"), out);
            assertTrue(out.contains("'union','8'"), out);
            assertTrue(out.contains("'cte','2','50'"), out);
            assertTrue(out.contains("'window','barbara','1'"), out);
            assertTrue(out.contains("'sub','linus'"), out);
            assertFalse(out.contains("Error"), out);
        }
    }

    @Test
    void withoutTheJvmFlagsTheDriverNamesThem() throws Exception {
        String out = sqlline(List.of(), TestDevices.MASTER);
        assertTrue(out.contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), out);
    }

    @Test
    void theDriverJarHoldsTheDriverTheQueryLayerAndTheCoreAndNoCommandLine() throws Exception {
        Path jdbcJar = Path.of(System.getProperty("arrowfamfs.jdbcJar"));
        List<String> entries;
        try (ZipFile jar = new ZipFile(jdbcJar.toFile())) {
            entries = jar.stream().map(ZipEntry::getName).toList();
        }
        for (String held : List.of(
                "io/arrowfamfs/jdbc/",
                "io/arrowfamfs/query/",
                "io/arrowfamfs/catalog/",
                "io/arrowfamfs/frame/",
                "io/arrowfamfs/famfs/",
                "io/arrowfamfs/nativeio/",
                "io/arrowfamfs/scan/",
                "io/arrowfamfs/ArrowFamfsException.class")) {
            assertTrue(entries.stream().anyMatch(e -> e.startsWith(held) && e.endsWith(".class")), held);
        }
        for (String absent : List.of("picocli/", "org/jline/", "io/arrowfamfs/cli/", "io/arrowfamfs/bench/")) {
            assertEquals(
                    List.of(),
                    entries.stream().filter(e -> e.startsWith(absent)).limit(3).toList(),
                    "the driver jar holds no " + absent);
        }
    }

    private static List<String> flags() {
        return Arrays.stream(System.getProperty("arrowfamfs.jvm.flags").trim().split("\\s+"))
                .toList();
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** sqlline's output (stdout and stderr) for the script, connected as {@code node}. */
    private String sqlline(List<String> flags, String node) throws Exception {
        Path jdbcJar = Path.of(System.getProperty("arrowfamfs.jdbcJar"));
        Path sqlline = Path.of(System.getProperty("arrowfamfs.sqlline"));
        assertTrue(Files.isReadable(jdbcJar) && Files.isReadable(sqlline), jdbcJar + " " + sqlline);
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(flags);
        command.addAll(List.of(
                "-cp",
                sqlline + ":" + jdbcJar,
                "sqlline.SqlLine",
                "-u",
                "jdbc:arrow-famfs:" + device + "?node-id=" + node,
                "-n",
                "",
                "-p",
                "",
                "--outputformat=csv",
                "--showHeader=false",
                "--run=" + script));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "sqlline exits");
        return out;
    }
}
