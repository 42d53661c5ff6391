package io.arrowfamfs.famfs;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.ArrowFamfsException;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NodeIdTest {
    static final String A = "0f8fad5b-d9cb-469f-a165-70867728950e";
    static final String B = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    @Test
    void resolutionOrder() throws Exception {
        Path system = shm.device("system_uuid");
        Path machine = shm.device("machine-id");
        Files.writeString(system, B + "\0");
        Files.writeString(machine, "3d1219c7c4c5404aaa1f6d2a48adfda4\n");
        Path none = shm.device("none");
        assertEquals(
                new NodeId(UUID.fromString(A), "--node-id"), NodeId.resolve(A, Map.of(NodeId.ENV, B), system, machine));
        assertEquals(
                new NodeId(UUID.fromString(B), NodeId.ENV),
                NodeId.resolve(null, Map.of(NodeId.ENV, B), system, machine));
        assertEquals(
                new NodeId(UUID.fromString(B), system.toString()), NodeId.resolve(null, Map.of(), system, machine));
        NodeId derived = NodeId.resolve(null, Map.of(), none, machine);
        assertEquals(machine.toString(), derived.source());
        assertEquals(derived, NodeId.resolve(null, Map.of(), none, machine), "stable per machine");
        ArrowFamfsException e =
                assertThrows(ArrowFamfsException.class, () -> NodeId.resolve(null, Map.of(), none, none));
        assertTrue(e.getMessage().contains("hint: pass --node-id UUID"), e.getMessage());
    }

    @Test
    void anUnreadableIdFileIsAnIoFailureNotABadOption() throws Exception {
        Path system = shm.path().resolve("system_uuid");
        Files.createDirectory(system); // readable, but reading it fails
        NodeIdUnreadableException e = assertThrows(
                NodeIdUnreadableException.class,
                () -> NodeId.resolve(null, Map.of(), system, shm.path().resolve("machine-id")));
        assertTrue(e.getMessage().startsWith("cannot read node id: file=" + system + " error="), e.getMessage());
    }

    @Test
    void invalidIdsAreRefusedWithTheirSource() {
        ArrowFamfsException e = assertThrows(ArrowFamfsException.class, () -> NodeId.resolve("host-1"));
        assertEquals(
                "invalid node id: source=--node-id value=host-1 expected=a UUID like "
                        + "0f8fad5b-d9cb-469f-a165-70867728950e",
                e.getMessage());
        assertThrows(ArrowFamfsException.class, () -> NodeId.resolve("1-1-1-1-1"));
    }
}
