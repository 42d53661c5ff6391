package io.arrowfamfs.famfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A node's identity, compared with the superblock's system UUID to decide its {@link Role}.
 * Resolved in order: an explicit value ({@code --node-id}), {@code $ARROW_FAMFS_NODE_ID}, famfs's
 * own {@code /opt/famfs/system_uuid}, else a UUID derived from {@code /etc/machine-id} (stable per
 * machine, so every process on a host is the same node unless told otherwise).
 *
 * @param source where the UUID came from, for {@code info}
 */
public record NodeId(UUID uuid, String source) {
    /** The environment variable that names this node when no {@code --node-id} is given. */
    public static final String ENV = "ARROW_FAMFS_NODE_ID";

    static final Path FAMFS_SYSTEM_UUID = Path.of("/opt/famfs/system_uuid");
    static final Path MACHINE_ID = Path.of("/etc/machine-id");

    /**
     * Resolves the node id; {@code explicit} may be null.
     *
     * @param explicit the UUID given with {@code --node-id}, or null to fall back to the environment
     *     variable, famfs's system UUID file, then {@code /etc/machine-id}
     * @return the node id and where it came from
     * @throws InvalidOptionException if a given UUID does not parse, or no source is available
     * @throws NodeIdUnreadableException if the system UUID file or the machine id is readable but reading it fails
     */
    public static NodeId resolve(String explicit) {
        return resolve(explicit, System.getenv(), FAMFS_SYSTEM_UUID, MACHINE_ID);
    }

    static NodeId resolve(String explicit, Map<String, String> env, Path systemUuidFile, Path machineIdFile) {
        if (explicit != null) {
            return new NodeId(parse(explicit, "--node-id"), "--node-id");
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new NodeId(parse(fromEnv.trim(), ENV), ENV);
        }
        if (Files.isReadable(systemUuidFile)) {
            return new NodeId(parse(read(systemUuidFile), systemUuidFile.toString()), systemUuidFile.toString());
        }
        if (Files.isReadable(machineIdFile)) {
            byte[] name = ("arrow-famfs:" + read(machineIdFile)).getBytes(StandardCharsets.UTF_8);
            return new NodeId(UUID.nameUUIDFromBytes(name), machineIdFile.toString());
        }
        throw new InvalidOptionException("no node id: none given and neither " + systemUuidFile + " nor "
                + machineIdFile + " is readable; hint: pass --node-id UUID or set " + ENV);
    }

    private static UUID parse(String text, String source) {
        try {
            String trimmed = text.trim();
            if (trimmed.length() != 36) {
                throw new IllegalArgumentException("length " + trimmed.length());
            }
            return UUID.fromString(trimmed);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("invalid node id: source=" + source + " value=" + text.trim()
                    + " expected=a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e");
        }
    }

    private static String read(Path file) {
        try {
            // famfs writes 36 characters and a NUL.
            return Files.readString(file, StandardCharsets.US_ASCII)
                    .replace("\0", "")
                    .trim();
        } catch (IOException e) {
            throw new NodeIdUnreadableException("cannot read node id: file=" + file + " error=" + e, e);
        }
    }

    @Override
    public String toString() {
        return uuid.toString();
    }
}
