package io.arrowfamfs.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The verbs of pools and settings: mkfs's settings, pool create, config set, gc, migrate. */
class SpaceVerbsTest {
    static final String M = CliTest.MASTER;

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    @Test
    void settingsStartAtMkfsShowInInfoAndChangeOnTheMasterOnly() throws Exception {
        String d = shm.device("dev.img").toString();
        CliTest.Result made = CliTest.run(
                "mkfs",
                "-d",
                d,
                "--node-id",
                M,
                "--size",
                "128M",
                "--lease",
                "2s",
                "--grace",
                "1500ms",
                "--quarantine",
                "1m");
        assertEquals(0, made.status(), made.err());
        Map<String, String> info =
                CliTest.object(CliTest.run("info", "--json", "-d", d).out());
        assertEquals("2000", info.get("lease_ms"));
        assertEquals("1500", info.get("grace_ms"));
        assertEquals("60000", info.get("quarantine_ms"));
        assertTrue(CliTest.run("info", "-d", d).out().contains("settings      lease 2s, grace 1500ms, quarantine 1m"));

        CliTest.Result set = CliTest.run("config", "set", "-d", d, "--node-id", M, "quarantine", "300ms");
        assertEquals(0, set.status(), set.err());
        assertEquals("lease 2s, grace 1500ms, quarantine 300ms\n", set.out());
        CliTest.Result refused = CliTest.run("config", "set", "-d", d, "--node-id", CliTest.CLIENT, "lease", "1s");
        assertEquals(1, refused.status());
        assertTrue(refused.err().startsWith("arrow-famfs: not the master"), refused.err());
        CliTest.Result unknown = CliTest.run("config", "set", "-d", d, "--node-id", M, "speed", "1s");
        assertEquals(1, unknown.status());
        assertEquals("arrow-famfs: unknown setting: name=speed expected=lease,grace,quarantine\n", unknown.err());
        CliTest.Result badValue = CliTest.run("config", "set", "-d", d, "--node-id", M, "lease", "soon");
        assertEquals(2, badValue.status(), "a value that is no duration is a usage error");
        assertTrue(badValue.err().contains("invalid duration: soon"), badValue.err());
        CliTest.Result badMkfs = CliTest.run(
                "mkfs", "-d", shm.device("other.img").toString(), "--node-id", M, "--size", "64M", "--lease", "0ms");
        assertEquals(2, badMkfs.status(), badMkfs.err());
        assertFalse(Files.exists(shm.path().resolve("other.img")), "refused before anything is written");
    }

    @Test
    void poolsAreCreatedOnDemandOrByHandAndGcReportsTheSpace() throws Exception {
        String d = shm.device("dev.img").toString();
        assertEquals(
                0,
                CliTest.run("mkfs", "-d", d, "--node-id", M, "--size", "256M").status());
        CliTest.Result created = CliTest.run("pool", "create", "-d", d, "--node-id", M, "--size", "40M");
        assertEquals(0, created.status(), created.err());
        assertEquals("created pool 0: .af/pools/0000, 40.0 MiB (20 units of 2.0 MiB)\n", created.out());
        CliTest.Result striped = CliTest.run(
                "pool", "create", "-d", d, "--node-id", M, "--size", "32M", "--stripes", "2", "--buckets", "4");
        assertEquals(0, striped.status(), striped.err());
        assertTrue(striped.out().startsWith("created pool 1: .af/pools/0001, 32.0 MiB"), striped.out());
        Path csv = shm.device("people.csv");
        Files.writeString(csv, "name,age\nada,36\nalan,41\n");
        assertEquals(
                0,
                CliTest.run("import", "-d", d, "--node-id", M, csv.toString(), "people")
                        .status());

        Map<String, String> space =
                CliTest.object(CliTest.run("info", "--json", "-d", d).out(), "space");
        assertEquals(String.valueOf(72L << 20), space.get("size_bytes"), "two pools, and no third one made");
        assertTrue(Long.parseLong(space.get("live_bytes")) > 0, space.toString());
        assertEquals("0", space.get("granted_bytes"), "the importer gave its grant back when it exited");
        CliTest.Result gc = CliTest.run("gc", "-d", d, "--node-id", M);
        assertEquals(0, gc.status(), gc.err());
        assertTrue(gc.out().startsWith("closed 0 grants of writers that died (0 B)\n"), gc.out());
        assertTrue(gc.out().contains("pool         size"), gc.out());
        CliTest.Result fsck = CliTest.run("fsck", "-d", d);
        assertEquals(0, fsck.status(), fsck.out());

        CliTest.Result tooBig = CliTest.run("pool", "create", "-d", d, "--node-id", M, "--size", "1G");
        assertEquals(1, tooBig.status());
        assertTrue(tooBig.err().startsWith("arrow-famfs: device full"), tooBig.err());
    }

    @Test
    void migrateOnADeviceWithNothingToConvertSaysSo() {
        String d = shm.device("dev.img").toString();
        assertEquals(
                0, CliTest.run("mkfs", "-d", d, "--node-id", M, "--size", "64M").status());
        CliTest.Result migrate = CliTest.run("migrate", "-d", d, "--node-id", M);
        assertEquals(0, migrate.status(), migrate.err());
        assertTrue(migrate.out().startsWith("nothing to migrate: "), migrate.out());
    }
}
