package io.arrowfamfs.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.testkit.ShmDir;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sql verb in its three formats, its errors, and the interactive prompt fed from stdin. */
class SqlCommandTest {
    @RegisterExtension
    final ShmDir shm = new ShmDir();

    String d;

    @BeforeEach
    void table() throws Exception {
        d = CliTest.deviceWithTables(shm, Map.of("people", "name,age,note\nada,36,\"likes, commas\"\ngrace,45,\nlinus,28,quote\"d\n"));
    }

    @Test
    void tableCsvAndJson() {
        String sql = "SELECT name, age, note FROM people ORDER BY age";
        CliTest.Result table = CliTest.run("sql", "-d", d, "--node-id", CliTest.CLIENT, sql);
        assertEquals(0, table.status(), table.err());
        assertTrue(table.out().contains("| linus | 28  | quote\"d       |"), table.out());
        assertTrue(table.out().contains("| grace | 45  | NULL          |"), table.out());
        assertTrue(table.out().endsWith("3 rows\n"), table.out());
        CliTest.Result csv = CliTest.run("sql", "--format", "csv", "-d", d, sql);
        assertEquals("name,age,note\nlinus,28,\"quote\"\"d\"\nada,36,\"likes, commas\"\ngrace,45,\n", csv.out());
        CliTest.Result json = CliTest.run("sql", "--format", "json", "-d", d, "SELECT name, age FROM people WHERE age > 40");
        assertEquals("[ {\n  \"name\" : \"grace\",\n  \"age\" : 45\n} ]\n", json.out());
    }

    @Test
    void errorsNameTheUsersTables() {
        CliTest.Result unknown = CliTest.run("sql", "-d", d, "SELECT * FROM persons");
        assertEquals(1, unknown.status());
        assertTrue(unknown.err().contains("(tables: people)"), unknown.err());
        CliTest.Result column = CliTest.run("sql", "-d", d, "SELECT nope FROM people");
        assertEquals(1, column.status());
        assertTrue(column.err().contains("FROM people") && !column.err().contains("__af"), column.err());
        CliTest.Result format = CliTest.run("sql", "--format", "xml", "-d", d, "SELECT 1");
        assertEquals(1, format.status());
        assertEquals("arrow-famfs: invalid --format: xml (expected table, csv or json)\n", format.err());
    }

    @Test
    void interactivePromptRunsStatementsUntilEndOfInput() {
        InputStream savedIn = System.in;
        System.setIn(new ByteArrayInputStream("SELECT count(*) AS n\n FROM people;\nSELECT oops;\nSELECT max(age) AS oldest FROM people;\n"
                .getBytes(StandardCharsets.UTF_8)));
        CliTest.Result prompt;
        try {
            prompt = CliTest.run("sql", "-d", d);
        } finally {
            System.setIn(savedIn);
        }
        assertEquals(0, prompt.status(), prompt.err());
        String shown = prompt.out();
        assertTrue(shown.contains("| 3 |"), shown);
        assertTrue(shown.contains("error: "), shown);
        assertTrue(shown.contains("| 45     |"), shown);
    }
}
