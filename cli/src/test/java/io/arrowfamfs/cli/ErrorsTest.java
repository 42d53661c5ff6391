package io.arrowfamfs.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.testkit.ShmDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The forms errors take: usage errors (exit 2), runtime failures (exit 1, one line), bugs, and --debug. */
class ErrorsTest {
    @RegisterExtension
    final ShmDir shm = new ShmDir();

    /** Asserts a usage error: exit 2, then exactly {@code line} and the hint to {@code command}'s help. */
    private static void usage(String line, String command, String... args) {
        CliTest.Result result = CliTest.run(args);
        assertEquals(2, result.status(), String.join(" ", args) + ": " + result.err());
        assertEquals("arrow-famfs: " + line + "\ntry '" + command + " --help'\n", result.err());
        assertEquals("", result.out());
    }

    @Test
    void usageErrorsExitTwoWithOneLineAndAHint() {
        usage("ls: unknown option: '--frob'", "arrow-famfs ls", "ls", "--frob");
        usage("unknown verb: frobnicate", "arrow-famfs", "frobnicate");
        usage("unknown verb: lss (did you mean ls?)", "arrow-famfs", "lss");
        usage("unknown verb: frob", "arrow-famfs", "help", "frob");
        usage("unknown option: '--frob'", "arrow-famfs", "--frob");
        usage("export: missing required parameters: 'TABLE', 'FILE'", "arrow-famfs export", "export");
        usage("mkfs: missing required option: '--size=SIZE'", "arrow-famfs mkfs", "mkfs");
        String o = shm.device("o").toString();
        usage(
                "mkfs: invalid value for option '--size': invalid size: 12Q (expected e.g. 512M, 4G or a byte count)",
                "arrow-famfs mkfs",
                "mkfs",
                "-d",
                o,
                "--size",
                "12Q");
        usage(
                "mkfs: device too small: size=1048576 minimum=67108864",
                "arrow-famfs mkfs",
                "mkfs",
                "-d",
                o,
                "--size",
                "1M");
        usage(
                "mkfs: invalid log length: log_length=3145728 expected=a power of two >= 8388608",
                "arrow-famfs mkfs",
                "mkfs",
                "-d",
                o,
                "--size",
                "64M",
                "--log-size",
                "3M");
        usage(
                "ls: invalid value for option '--node-id': invalid node id: source=--node-id value=nope"
                        + " expected=a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e",
                "arrow-famfs ls",
                "ls",
                "-d",
                o,
                "--node-id",
                "nope");
        usage(
                "mkfs: invalid value for option '--famfs-version': '46' is not a famfs version arrow-famfs writes"
                        + " (expected 48 or 47)",
                "arrow-famfs mkfs",
                "mkfs",
                "-d",
                o,
                "--size",
                "64M",
                "--famfs-version",
                "46");
        usage(
                "mkdir: invalid value for option '--mode': invalid mode: 999 (expected octal, e.g. 0644)",
                "arrow-famfs mkdir",
                "mkdir",
                "-d",
                o,
                "-m",
                "999",
                "x");
        usage(
                "sql: invalid value for option '--format': expected one of [TABLE, CSV, JSON] (case-insensitive) but was"
                        + " 'xml'",
                "arrow-famfs sql",
                "sql",
                "--format",
                "xml",
                "-d",
                o,
                "-c",
                "SELECT 1");
        usage(
                "sql: give the SQL once: -c SQL, -f FILE or SQL",
                "arrow-famfs sql",
                "sql",
                "-d",
                o,
                "-c",
                "SELECT 1",
                "SELECT 2");
        usage("demo: --readers must be 1..64: 0", "arrow-famfs demo", "demo", "-d", o, "--readers", "0");
        usage(
                "import: invalid value for option '--batch-rows': 'x' is not an int",
                "arrow-famfs import",
                "import",
                "-d",
                o,
                "--batch-rows",
                "x",
                "a.csv",
                "t");
        assertFalse(java.nio.file.Files.exists(shm.device("o")), "no usage error touched the device");
    }

    @Test
    void missingDeviceIsOneLineNamingMkfsAndTheVariable() {
        String missing = shm.device("missing").toString();
        String expected = "arrow-famfs: open failed: device=" + missing + ": no such file (create it with 'arrow-famfs"
                + " mkfs -d " + missing
                + " --size 4G', or point -d/--device or $ARROW_FAMFS_DEVICE at an existing device)\n";
        for (String verb : new String[] {"ls", "info", "fsck", "tables", "sql", "drop", "verify"}) {
            String[] args = verb.equals("sql")
                    ? new String[] {verb, "-d", missing, "-c", "SELECT 1"}
                    : verb.equals("drop") || verb.equals("verify")
                            ? new String[] {verb, "-d", missing, "t"}
                            : new String[] {verb, "-d", missing};
            CliTest.Result result = CliTest.run(args);
            assertEquals(1, result.status(), verb);
            assertEquals(expected, result.err(), verb);
        }
    }

    @Test
    void runtimeFailuresAreOneLineAndDebugAddsTheTrace() throws Exception {
        String d = CliTest.deviceWithTables(shm, Map.of("t", "a\n1\n"));
        String nowhere = shm.device("nowhere").resolve("t.arrow").toString();
        String line = "arrow-famfs: open failed: file=" + nowhere + ": no such file or directory (directory "
                + shm.device("nowhere") + " does not exist)\n";
        CliTest.Result export = CliTest.run("export", "-d", d, "t", nowhere);
        assertEquals(1, export.status());
        assertEquals(line, export.err());
        for (String[] args : new String[][] {
            {"export", "--debug", "-d", d, "t", nowhere}, {"--debug", "export", "-d", d, "t", nowhere}
        }) {
            CliTest.Result debug = CliTest.run(args);
            assertEquals(1, debug.status());
            assertTrue(
                    debug.err().startsWith(line + "java.nio.file.NoSuchFileException: " + nowhere + "\n\tat "),
                    debug.err());
        }
        CliTest.Result input = CliTest.run("import", "-d", d, "--node-id", CliTest.MASTER, nowhere, "u");
        assertEquals(1, input.status());
        assertEquals(1, input.err().lines().count(), input.err());
        assertTrue(input.err().startsWith("arrow-famfs: ") && input.err().contains(nowhere), input.err());
        CliTest.Result script = CliTest.run("sql", "-d", d, "-f", nowhere);
        assertEquals(line, script.err());
    }

    /** A verb with a bug. */
    @Command(name = "boom", description = "fails as a bug would")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("boom: state=broken");
        }
    }

    /** A verb with a bug that throws an IllegalArgumentException with a message. */
    @Command(name = "badarg", description = "fails as a bug would, with an IllegalArgumentException")
    static final class BadArgument implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalArgumentException("slice invalid: offset=-1");
        }
    }

    private static CliTest.Result runWithBug(String... args) {
        CommandLine cli = Main.commandLine();
        cli.addSubcommand(new Boom());
        cli.addSubcommand(new BadArgument());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(cli, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliTest.Result(status, out.toString(), err.toString());
    }

    /** Asserts that {@code verb} fails as a bug: exit 1, the exception as an internal error and the hint to --debug. */
    private static void assertInternalError(String verb, String exception) {
        CliTest.Result bug = runWithBug(verb);
        assertEquals(1, bug.status());
        assertEquals(
                "arrow-famfs: internal error: " + exception + "\nrerun with --debug for the stack trace\n", bug.err());
    }

    @Test
    void bugsAreOneLineWithAHintToDebug() {
        assertInternalError("boom", "java.lang.IllegalStateException: boom: state=broken");
        CliTest.Result traced = runWithBug("boom", "--debug");
        assertEquals(1, traced.status());
        assertTrue(
                traced.err()
                        .startsWith(
                                "arrow-famfs: internal error: java.lang.IllegalStateException: boom: state=broken\n"
                                        + "java.lang.IllegalStateException: boom: state=broken\n\tat io.arrowfamfs.cli.ErrorsTest$Boom.call"),
                traced.err());
    }

    @Test
    void anIllegalArgumentExceptionIsABugNotAUserFailure() {
        assertInternalError("badarg", "java.lang.IllegalArgumentException: slice invalid: offset=-1");
    }
}
