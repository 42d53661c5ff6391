package io.arrowfamfs.hosts;

import static io.arrowfamfs.hosts.HostsVolume.PROCESSES;
import static io.arrowfamfs.hosts.HostsVolume.await;
import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.testkit.LineChild;
import io.arrowfamfs.testkit.ShmDir;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LineChild JVMs as the processes of a client host, this JVM as the master running the lease
 * tracker: the agent killed and taken over, the host stopped past its lease.
 */
class HostProcessTest {
    @RegisterExtension
    final ShmDir shm = new ShmDir();

    private HostsVolume v;
    private Pins masterPins;
    private LeaseTracker tracker;

    @BeforeEach
    void open() {
        v = new HostsVolume(shm.device("dev.img"), 8);
        masterPins = Pins.open(shm.path().resolve("master"), v.volume.filesystemUuid(), PROCESSES);
        tracker = LeaseTracker.start(v.volume, v.hosts, masterPins, PROCESSES);
    }

    @AfterEach
    void close() {
        tracker.close();
        masterPins.close();
        v.close();
    }

    @Test
    void whenTheAgentIsKilledAnotherProcessTakesOverAndTheHeartbeatGoesOn() throws Exception {
        try (LineChild first = host()) {
            assertEquals("started", first.line());
            assertEquals("elected", first.line());
            try (LineChild second = host()) {
                assertEquals("started", second.line());
                tookOver(first, second);
            }
        }
    }

    /** Kills the agent {@code first} and checks that {@code second} heartbeats on in the same slot and generation. */
    private void tookOver(LineChild first, LineChild second) {
        await("a heartbeat", () -> status().size() == 1 && status().get(0).counter() > 0);
        HostStatus before = status().get(0);
        first.kill();
        assertEquals("elected", second.line());
        long atKill = status().get(0).counter();
        await("heartbeats from the new agent", () -> status().get(0).counter() > atKill + 3);
        HostStatus after = status().get(0);
        assertEquals(before.slot(), after.slot(), "the same slot");
        assertEquals(before.generation(), after.generation(), "the same generation: no rejoin");
        assertFalse(after.expelled());
        second.finish();
    }

    @Test
    void aHostStoppedPastItsLeaseFindsItsLeaseGoneWhenItResumes() throws Exception {
        try (LineChild host = host()) {
            assertEquals("started", host.line());
            assertEquals("elected", host.line());
            host.send("pin");
            assertEquals("pinned 42", host.line());
            host.signal("STOP");
            await("the master expels the stopped host", () -> status().stream().allMatch(HostStatus::expelled));
            host.signal("CONT");
            host.send("check");
            String answer = host.line();
            assertTrue(answer.startsWith("expired "), answer);
            host.finish();
        }
    }

    private LineChild host() {
        return new LineChild(
                HostProcess.class,
                v.device.toString(),
                HostsVolume.CLIENT.uuid().toString(),
                shm.path().resolve("client").toString());
    }

    private List<HostStatus> status() {
        return tracker.hosts();
    }
}
