package io.arrowfamfs.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.testkit.HostileWriter;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * sql and export over a value changed on the device after its commit; {@code sql --verify off}.
 * The column has two distinct values, so import stores it as codes into a dictionary, and the
 * changed value is in the dictionary batch, checked like a record batch.
 */
class VerifyOptionTest {
    static final long MARKER = 6_842_472_732_094_365_698L;

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    String d;

    @BeforeEach
    void corruptTable() throws Exception {
        d = CliTest.deviceWithTables(shm, Map.of("bad", "v\n1\n" + MARKER + "\n"));
        HostileWriter.replaceLong(Path.of(d), MARKER, 3);
    }

    @Test
    void sqlFailsNamingFrameAndBatchUnlessVerifyIsOff() {
        CliTest.Result checked = CliTest.run("sql", "-d", d, "--node-id", CliTest.CLIENT, "SELECT sum(v) FROM bad");
        assertEquals(1, checked.status(), checked.out());
        assertTrue(
                checked.err()
                        .matches("(?s)arrow-famfs: line 1: frame pool0000@[0-9]+\\.g0: dictionary 0 fails its"
                                + " checksum: stored=[0-9a-f]{8} computed=[0-9a-f]{8}\n"),
                checked.err());
        CliTest.Result off = CliTest.run(
                "sql",
                "-d",
                d,
                "--node-id",
                CliTest.CLIENT,
                "--verify",
                "off",
                "--format",
                "csv",
                "SELECT sum(v) FROM bad");
        assertEquals(0, off.status(), off.err());
        assertEquals("sum(v)\n4\n", off.out(), "the user's choice: the changed value, unchecked");
        CliTest.Result bad = CliTest.run("sql", "-d", d, "--verify", "always", "-c", "SELECT 1");
        assertEquals(2, bad.status());
        assertTrue(
                bad.err()
                        .contains("invalid value for option '--verify': invalid verify mode: verify=always"
                                + " expected=first-use|off"),
                bad.err());
    }

    @Test
    void exportRefusesTheChangedBatch() {
        Path out = shm.device("bad.arrow");
        CliTest.Result export = CliTest.run("export", "-d", d, "--node-id", CliTest.CLIENT, "bad", out.toString());
        assertEquals(1, export.status(), export.out());
        assertTrue(export.err().contains(": dictionary 0 fails its checksum: stored="), export.err());
        assertFalse(export.out().contains("exported"), export.out());
    }
}
