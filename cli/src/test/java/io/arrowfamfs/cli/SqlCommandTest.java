package io.arrowfamfs.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.query.QuerySession;
import io.arrowfamfs.testkit.ShmDir;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
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
        d = CliTest.deviceWithTables(
                shm, Map.of("people", "name,age,note\nada,36,\"likes, commas\"\ngrace,45,\nlinus,28,quote\"d\n"));
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
        CliTest.Result json =
                CliTest.run("sql", "--format", "json", "-d", d, "SELECT name, age FROM people WHERE age > 40");
        assertEquals("[ {\n  \"name\" : \"grace\",\n  \"age\" : 45\n} ]\n", json.out());
    }

    @Test
    void errorsNameTheUsersTables() {
        CliTest.Result unknown = CliTest.run("sql", "-d", d, "SELECT * FROM persons");
        assertEquals(1, unknown.status());
        assertTrue(
                unknown.err().startsWith("arrow-famfs: line 1: Catalog Error: Table with name persons does not exist"),
                unknown.err());
        assertTrue(unknown.err().endsWith("(tables: people)\n"), unknown.err());
        CliTest.Result column = CliTest.run("sql", "-d", d, "SELECT nope FROM people");
        assertEquals(1, column.status());
        assertEquals(1, column.err().lines().count(), column.err());
        assertTrue(
                column.err().contains("Referenced column \"nope\" not found")
                        && !column.err().contains("__af"),
                column.err());
    }

    /** Three statements over five lines, the second failing on line 3. */
    private static final String SCRIPT = "SELECT count(*) AS n\n FROM people;\n-- the next one fails;\n"
            + "  SELECT oops;SELECT\n max(age) AS oldest FROM people";

    @Test
    void scriptsRunEveryStatementReportingFailuresByLine() throws Exception {
        CliTest.Result command = CliTest.run("sql", "-d", d, "-c", SCRIPT);
        assertEquals(1, command.status(), "a statement failed");
        assertTrue(command.out().contains("| 3 |") && command.out().contains("| 45     |"), command.out());
        assertTrue(
                command.err().startsWith("arrow-famfs: line 4: Binder Error: Referenced column \"oops\" "),
                command.err());
        assertEquals(1, command.err().lines().count(), command.err());
        java.nio.file.Path file = shm.device("report.sql");
        java.nio.file.Files.writeString(file, SCRIPT);
        CliTest.Result fromFile = CliTest.run("sql", "-d", d, "-f", file.toString());
        assertEquals(command, fromFile);
        CliTest.Result bail = CliTest.run("sql", "-d", d, "--bail", "--file", file.toString());
        assertEquals(1, bail.status());
        assertEquals(command.err(), bail.err());
        assertTrue(bail.out().contains("| 3 |") && !bail.out().contains("oldest"), "--bail stops at the failure");
        CliTest.Result clean = CliTest.run("sql", "-d", d, "-c", "SELECT 1 AS one; SELECT 'a;b' AS two;");
        assertEquals(0, clean.status(), clean.err());
        assertEquals("", clean.err());
        assertTrue(clean.out().contains("| a;b |"), clean.out());
    }

    private CliTest.Result withStdin(String input, String... args) {
        InputStream savedIn = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return CliTest.run(args);
        } finally {
            System.setIn(savedIn);
        }
    }

    @Test
    void pipedStdinIsAScript() {
        CliTest.Result piped = withStdin(SCRIPT, "sql", "-d", d);
        assertEquals(CliTest.run("sql", "-d", d, "-c", SCRIPT), piped);
        CliTest.Result dash = withStdin(SCRIPT, "sql", "-d", d, "--bail", "-f", "-");
        assertEquals(1, dash.status());
        assertFalse(dash.out().contains("oldest"), dash.out());
        CliTest.Result fine = withStdin("SELECT 41 + 1 AS answer;\n", "sql", "--format", "csv", "-d", d);
        assertEquals(new CliTest.Result(0, "answer\n42\n", ""), fine);
    }

    @Test
    void thePromptRunsEachStatementWhenItsSemicolonArrives() throws Exception {
        DeviceOptions device = new DeviceOptions();
        device.device = java.nio.file.Path.of(d);
        java.io.StringWriter shown = new java.io.StringWriter();
        try (Tables tables = new Tables(device);
                io.arrowfamfs.query.QuerySession session = io.arrowfamfs.query.QuerySession.open(tables.catalog())) {
            SqlStatements prompt =
                    new SqlStatements(session, ResultPrinter.Format.CSV, new java.io.PrintWriter(shown, true), false);
            prompt.line("SELECT count(*) AS n");
            assertTrue(prompt.pending());
            assertEquals("", shown.toString(), "nothing runs before the ';'");
            prompt.line(" FROM people; SELECT 'x;y' AS s; SELECT");
            assertEquals("n\n3\ns\nx;y\n", shown.toString());
            assertTrue(prompt.pending(), "the third statement waits for its end");
            prompt.line("oops;");
            assertTrue(
                    shown.toString()
                            .endsWith("error: Binder Error: Referenced column \"oops\" was not found because"
                                    + " the FROM clause is missing\n"),
                    shown.toString());
            assertFalse(prompt.pending());
            prompt.line("SELECT 'unfinished");
            prompt.discard();
            prompt.line("SELECT 2 AS two;");
            assertTrue(shown.toString().endsWith("two\n2\n"), "Ctrl-C forgot the unfinished statement: " + shown);
        }
    }

    @Test
    void aCommentLeftOpenAfterAStatementStaysOpenAtThePrompt() throws Exception {
        try (Tables tables = new Tables(device());
                QuerySession session = QuerySession.open(tables.catalog())) {
            StringWriter shown = new StringWriter();
            SqlStatements prompt =
                    new SqlStatements(session, ResultPrinter.Format.CSV, new PrintWriter(shown, true), false);
            prompt.line("SELECT 1 AS one; /* open");
            assertEquals("one\n1\n", shown.toString());
            assertTrue(prompt.pending(), "the comment waits for its end");
            prompt.line("still a comment; */ SELECT 2 AS two;");
            assertEquals("one\n1\ntwo\n2\n", shown.toString(), "the comment's text is no SQL");
            assertFalse(prompt.pending());
            prompt.line("SELECT 3 AS three; -- a closed comment");
            assertFalse(prompt.pending(), "a finished line comment leaves nothing pending");
        }
    }

    @Test
    void anUnexpectedFailureIsAnInternalErrorOnItsLineAndTheRestRuns() throws Exception {
        try (Tables tables = new Tables(device());
                QuerySession session = QuerySession.open(tables.catalog())) {
            SqlStatements.Executor buggy = sql -> {
                if (sql.contains("boom")) {
                    throw new IllegalStateException("bug: state=broken");
                }
                return session.execute(sql);
            };
            String script = "SELECT 1 AS a;\nSELECT 'boom';\nSELECT 2 AS b;";
            String internal = "internal error: java.lang.IllegalStateException: bug: state=broken\n";
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            SqlStatements statements =
                    new SqlStatements(buggy, ResultPrinter.Format.CSV, new PrintWriter(out, true), false);
            assertFalse(statements.script(script, false, new PrintWriter(err, true)));
            assertEquals("a\n1\nb\n2\n", out.toString(), "the statement after the bug runs");
            assertEquals(
                    "arrow-famfs: line 2: " + internal + "rerun with --debug for the stack trace\n", err.toString());

            out.getBuffer().setLength(0);
            assertFalse(statements.script(script, true, new PrintWriter(new StringWriter(), true)));
            assertEquals("a\n1\n", out.toString(), "--bail stops at the bug");

            out.getBuffer().setLength(0);
            statements.line("SELECT 'boom'; SELECT 3 AS c;");
            assertEquals("error: " + internal + "rerun with --debug for the stack trace\nc\n3\n", out.toString());

            StringWriter traced = new StringWriter();
            new SqlStatements(buggy, ResultPrinter.Format.CSV, new PrintWriter(new StringWriter(), true), true)
                    .script(script, false, new PrintWriter(traced, true));
            assertTrue(
                    traced.toString()
                            .startsWith("arrow-famfs: line 2: " + internal
                                    + "java.lang.IllegalStateException: bug: state=broken\n\tat "),
                    traced.toString());
        }
    }

    private DeviceOptions device() {
        DeviceOptions device = new DeviceOptions();
        device.device = java.nio.file.Path.of(d);
        return device;
    }
}
