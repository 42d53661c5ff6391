package io.arrowfamfs.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.arrowfamfs.testkit.ShmDir;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

public class CliTest {
    public static final String MASTER = "aaaaaaaa-0000-4000-8000-000000000001";
    public static final String CLIENT = "bbbbbbbb-0000-4000-8000-000000000002";

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    public record Result(int status, String out, String err) {}

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    /**
     * A fresh 128 MiB device in {@code shm}, with one table per entry of {@code csvTables} (table
     * name to CSV text) imported by the master; returns the device's path.
     */
    public static String deviceWithTables(ShmDir shm, Map<String, String> csvTables) throws IOException {
        String device = shm.device("dev.img").toString();
        assertEquals(
                0,
                run("mkfs", "-d", device, "--node-id", MASTER, "--size", "128M").status());
        for (Map.Entry<String, String> table : csvTables.entrySet()) {
            Path csv = shm.device(table.getKey() + ".csv");
            Files.writeString(csv, table.getValue());
            Result imported = run("import", "-d", device, "--node-id", MASTER, csv.toString(), table.getKey());
            assertEquals(0, imported.status(), imported.err());
        }
        return device;
    }

    private Path device() {
        Path device = shm.device("dev.img");
        Result mkfs = run("mkfs", "-d", device.toString(), "--node-id", MASTER, "--size", "64M");
        assertEquals(0, mkfs.status(), mkfs.err());
        assertTrue(mkfs.err().contains("below famfs's own mkfs minimum of 4 GiB"), mkfs.err());
        return device;
    }

    /** The scalar fields of the object {@code field} of a JSON object. */
    static Map<String, String> object(String json, String field) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(field) && value == JsonToken.START_OBJECT) {
                    Map<String, String> fields = new HashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        if (p.nextToken().isStructStart()) {
                            p.skipChildren();
                        } else {
                            fields.put(inner, p.getText());
                        }
                    }
                    return fields;
                }
                if (value.isStructStart()) {
                    p.skipChildren();
                }
            }
        }
        throw new AssertionError("no object " + field + " in " + json);
    }

    /** Flat fields of a JSON object. */
    static Map<String, String> object(String json) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isStructStart()) {
                    p.skipChildren();
                } else {
                    fields.put(name, p.getText());
                }
            }
        }
        return fields;
    }

    @Test
    void infoReportsRoleVersionAndSpace() throws IOException {
        Path device = device();
        Map<String, String> master = object(run("info", "--json", "-d", device.toString(), "--node-id", MASTER)
                .out());
        assertEquals("master", master.get("role"));
        assertEquals("48", master.get("famfs_version"));
        assertEquals(MASTER, master.get("system_uuid"));
        assertEquals("67108864", master.get("device_size"));
        assertEquals("0", master.get("log_entries_used"));
        assertEquals("15420", master.get("log_entries_total"));
        assertEquals("0", master.get("allocated_bytes"));
        assertEquals(String.valueOf(54L << 20), master.get("free_bytes"));
        assertEquals(
                "client",
                object(run("info", "--json", "-d", device.toString(), "--node-id", CLIENT)
                                .out())
                        .get("role"));
    }

    @Test
    void famfsVerbsRoundTrip() throws IOException {
        Path device = device();
        String d = device.toString();
        Path local = shm.device("local.bin");
        byte[] data = io.arrowfamfs.testkit.FamfsSpecImage.data(5 << 20, 7);
        Files.write(local, data);
        assertEquals(0, run("mkdir", "-d", d, "--node-id", MASTER, "-p", "x/y").status());
        Result cp =
                run("cp", "-d", d, "--node-id", MASTER, "-B", "4", "-N", "2", "-C", "2M", local.toString(), "x/y/f");
        assertEquals(0, cp.status(), cp.err());
        Result ls = run("ls", "--json", "-R", "-d", d, "--node-id", CLIENT);
        assertEquals(0, ls.status(), ls.err());
        assertTrue(ls.out().contains("\"path\" : \"x/y/f\""), ls.out());
        assertTrue(ls.out().contains("\"nstrips\" : 2"), ls.out());
        assertTrue(ls.out().contains("\"type\" : \"dir\""), ls.out());
        Result lsLong = run("ls", "-l", "-d", d, "--node-id", CLIENT, "x/y");
        assertEquals("-rw-r--r--", lsLong.out().substring(0, 10));

        CatCommand cat = new CatCommand();
        cat.device = new DeviceOptions();
        cat.device.device = device;
        cat.device.nodeId = io.arrowfamfs.famfs.NodeId.resolve(CLIENT);
        cat.path = "/x/y/f";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        cat.sink = bytes;
        assertEquals(0, cat.call());
        assertArrayEquals(data, bytes.toByteArray());

        Result refused = run("mkdir", "-d", d, "--node-id", CLIENT, "z");
        assertEquals(1, refused.status());
        assertTrue(refused.err().startsWith("arrow-famfs: not the master: node=" + CLIENT), refused.err());
        Map<String, String> fsck = object(run("fsck", "--json", "-d", d).out());
        assertEquals("true", fsck.get("clean"));
        assertEquals("3", fsck.get("log_entries"));
    }

    @Test
    void fsckExitsOneOnDamageAndNamesIt() throws IOException {
        Path device = device();
        assertEquals(
                0,
                run("mkdir", "-d", device.toString(), "--node-id", MASTER, "d").status());
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(1).order(ByteOrder.LITTLE_ENDIAN).put(0, (byte) 'Q'), 0x200000 + 48 + 30);
        }
        Result fsck = run("fsck", "-d", device.toString());
        assertEquals(1, fsck.status());
        assertTrue(fsck.out().contains("DAMAGE log entry 0: log entry crc mismatch: index=0"), fsck.out());
        assertTrue(fsck.out().endsWith("DAMAGED\n"), fsck.out());
        Result ls = run("ls", "-d", device.toString(), "--node-id", CLIENT);
        assertEquals(0, ls.status());
        assertTrue(ls.err().contains("warning: log replay stopped at log entry 0"), ls.err());
    }

    @Test
    void badInputGivesMessagesAndExitCodes() {
        Path device = device();
        Result exists = run("mkfs", "-d", device.toString(), "--size", "64M");
        assertEquals(1, exists.status());
        assertTrue(exists.err().contains("pass --force to overwrite it"), exists.err());
        Result small = run("mkfs", "-d", shm.device("s").toString(), "--size", "1M");
        assertEquals(2, small.status(), "a size below the minimum is a usage error");
        assertEquals(
                "arrow-famfs: mkfs: device too small: size=1048576 minimum=67108864\ntry 'arrow-famfs mkfs --help'\n",
                small.err());
        Result nodeId = run("info", "-d", device.toString(), "--node-id", "nope");
        assertEquals(2, nodeId.status(), "a node id that is no UUID is a usage error");
        assertTrue(
                nodeId.err()
                        .startsWith("arrow-famfs: info: invalid value for option '--node-id': invalid node id:"
                                + " source=--node-id value=nope"),
                nodeId.err());
        assertTrue(nodeId.err().endsWith("\ntry 'arrow-famfs info --help'\n"), nodeId.err());
        Result v47 = run(
                "mkfs",
                "-d",
                shm.device("v47").toString(),
                "--size",
                "64M",
                "--famfs-version",
                "47",
                "--node-id",
                MASTER);
        assertEquals(0, v47.status(), v47.err());
        assertTrue(v47.out().contains("famfs v47"), v47.out());
        assertEquals(
                2,
                run("mkfs", "-d", shm.device("v46").toString(), "--size", "64M", "--famfs-version", "46")
                        .status());
    }

    @Test
    void sizesParse() {
        assertEquals(512L << 20, Sizes.parse("512M"));
        assertEquals(4L << 30, Sizes.parse("4G"));
        assertEquals(1L << 30, Sizes.parse("1GiB"));
        assertEquals(4096, Sizes.parse("4096"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("-1"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("99999999999T"));
        assertEquals("1.5 GiB", Sizes.human(3L << 29));
    }
}
