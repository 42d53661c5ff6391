package io.arrowfamfs.hosts;

import static io.arrowfamfs.hosts.HostsVolume.FAST;
import static io.arrowfamfs.hosts.HostsVolume.await;
import static io.arrowfamfs.hosts.HostsVolume.holds;
import static io.arrowfamfs.hosts.HostsVolume.joined;
import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.NotMasterException;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The host agent and the lease tracker running for real, in one JVM standing for a client host and the master. */
class HostAgentTest {
    private static final HostIdentity ME = new HostIdentity(HostsVolume.CLIENT.uuid(), UUID.randomUUID());

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    private HostsVolume v;
    private Pins masterPins;
    private LeaseTracker tracker;
    private Pins pins;

    @BeforeEach
    void open() {
        v = new HostsVolume(shm.device("dev.img"), 8);
        masterPins = Pins.open(shm.path().resolve("master"), v.volume.filesystemUuid(), FAST);
        tracker = LeaseTracker.start(v.volume, v.hosts, masterPins, FAST);
        pins = Pins.open(shm.path().resolve("client"), v.volume.filesystemUuid(), FAST);
    }

    @AfterEach
    void close() {
        pins.close();
        tracker.close();
        masterPins.close();
        v.close();
    }

    @Test
    void theAgentJoinsAndHeartbeatsTheLowerOfSeenAndPinned() {
        try (HostAgent agent = HostAgent.start(v.hosts, pins, ME, () -> 20, FAST)) {
            await("a lease", () -> joined(pins.lease()));
            assertTrue(agent.isAgent());
            try (Pin pin = pins.pin(() -> 12)) {
                assertNotEquals(0, pin.lease().generation(), "taken under the host's slot generation");
                await("bound 12", () -> tracker.reclaimBound().equals(OptionalLong.of(12)));
            }
            await("bound 20", () -> tracker.reclaimBound().equals(OptionalLong.of(20)));
            HostStatus status = tracker.hosts().get(0);
            assertEquals(ME.host(), status.host());
            assertEquals(ME.bootId(), status.bootId());
            assertFalse(status.expelled());
            assertEquals(agent.lastFailure(), java.util.Optional.empty());
        }
    }

    @Test
    void theLeaseExpiresWhenHeartbeatsStop() {
        try (Pin pin = joinedPin()) {
            LeaseExpiredException e = assertThrows(LeaseExpiredException.class, () -> {
                while (true) {
                    pin.lease().check();
                    Thread.onSpinWait();
                }
            });
            assertEquals(LeaseExpiredException.class, e.getClass(), e.getMessage());
            assertTrue(
                    e.getMessage().startsWith("lease expired: host=" + ME.host() + " since_heartbeat="),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith(" lease=300ms trusted=150ms"), e.getMessage());
        }
    }

    @Test
    void anExpelledHostRejoinsWithANewGenerationAndNeverWithItsOldPins() {
        try (Pin old = joinedPin()) {
            await("expulsion", () -> tracker.hosts().stream().allMatch(HostStatus::expelled));
            try (HostAgent agent = HostAgent.start(v.hosts, pins, ME, () -> 20, FAST)) {
                await(
                        "a lease in a new generation",
                        () -> pins.lease().generation() > old.lease().generation() && holds(pins.lease()));
                HostExpelledException e = assertThrows(
                        HostExpelledException.class, () -> old.lease().check());
                assertTrue(
                        e.getMessage()
                                .startsWith("host expelled: host=" + ME.host() + " generation="
                                        + old.lease().generation() + " current_generation="),
                        e.getMessage());
                await("the old pin 5 ignored", () -> tracker.reclaimBound().equals(OptionalLong.of(20)));
            }
        }
    }

    @Test
    void aPinTakenWhileJoiningHoldsReclamationAndCountsInTheGenerationTheJoinBrings() {
        tracker.close(); // no tracker answers: the host stays joining
        try (HostAgent agent = HostAgent.start(v.hosts, pins, ME, () -> 20, FAST)) {
            pins.awaitAgent(java.time.Duration.ofSeconds(5));
            try (Pin early = pins.pin(() -> 7)) {
                assertEquals(0, early.lease().generation(), "taken while joining");
                early.lease().check();
                try (Pins masterPins2 = Pins.open(shm.path().resolve("master2"), v.volume.filesystemUuid(), FAST);
                        LeaseTracker late = LeaseTracker.start(v.volume, v.hosts, masterPins2, FAST)) {
                    await("the late tracker tracks", late::isTracking);
                    await("the joining pin counts", () -> late.reclaimBound().equals(OptionalLong.of(7)));
                    early.lease().check(); // now the lease of the generation the join brought
                    assertNotEquals(0, pins.lease().generation());
                }
            }
        }
    }

    @Test
    void aJoinWaitingForASlotHoldsEveryBoundAtZero() {
        try (HostsVolume full = new HostsVolume(shm.device("full.img"), 1);
                Pins mp = Pins.open(shm.path().resolve("m-full"), full.volume.filesystemUuid(), FAST);
                LeaseTracker t = LeaseTracker.start(full.volume, full.hosts, mp, FAST);
                Pins first = Pins.open(shm.path().resolve("first"), full.volume.filesystemUuid(), FAST);
                Pins second = Pins.open(shm.path().resolve("second"), full.volume.filesystemUuid(), FAST);
                HostAgent a = HostAgent.start(
                        full.hosts, first, new HostIdentity(UUID.randomUUID(), UUID.randomUUID()), () -> 30, FAST)) {
            await("the only slot taken and heard", () -> t.reclaimBound().equals(OptionalLong.of(30)));
            try (HostAgent b = HostAgent.start(
                    full.hosts, second, new HostIdentity(UUID.randomUUID(), UUID.randomUUID()), () -> 30, FAST)) {
                second.awaitAgent(java.time.Duration.ofSeconds(5));
                await("the waiting join holds reclamation", () -> t.reclaimBound()
                        .equals(OptionalLong.of(0)));
                try (Pin waiting = second.pin(() -> 30)) {
                    waiting.lease().check(); // the request is in its line: the pin holds
                }
            }
            await("the request no longer renewed: after a lease the bound is back", () -> t.reclaimBound()
                    .equals(OptionalLong.of(30)));
        }
    }

    @Test
    void noPinCountsBeforeAnAgentAsksToJoin() {
        LeaseExpiredException e =
                assertThrows(LeaseExpiredException.class, () -> pins.awaitAgent(java.time.Duration.ofMillis(50)));
        assertTrue(e.getMessage().startsWith("no lease: host="), e.getMessage());
        try (Pin orphan = pins.pin(() -> 3)) {
            assertThrows(LeaseExpiredException.class, () -> orphan.lease().check());
        }
    }

    @Test
    void oneTrackerTracksAndAnotherTakesOverWhenItCloses() {
        try (Pins otherPins = Pins.open(shm.path().resolve("master"), v.volume.filesystemUuid(), FAST);
                LeaseTracker other = LeaseTracker.start(v.volume, v.hosts, otherPins, FAST)) {
            // either may win the election: each takes the tracker's lock on a thread of its own
            await("a tracker elected", () -> tracker.isTracking() || other.isTracking());
            LeaseTracker elected = tracker.isTracking() ? tracker : other;
            LeaseTracker waiting = elected == tracker ? other : tracker;
            assertFalse(waiting.isTracking());
            assertEquals(OptionalLong.empty(), waiting.reclaimBound(), "a tracker that does not track has no word");
            elected.close();
            await("the other takes over", waiting::isTracking);
            assertEquals(OptionalLong.of(Long.MAX_VALUE), waiting.reclaimBound());
        }
    }

    @Test
    void onlyTheMasterTracks() {
        try (Volume client = Volume.open(v.device, VolumeOptions.of(HostsVolume.CLIENT));
                HostsFile hosts = HostsFile.open(client)) {
            Path dir = shm.path().resolve("client");
            assertThrows(NotMasterException.class, () -> LeaseTracker.start(client, hosts, pins, FAST));
            assertTrue(dir.toFile().isDirectory());
        }
    }

    /** Joins with an agent, pins 5 under a valid lease, and stops the agent. */
    private Pin joinedPin() {
        try (HostAgent agent = HostAgent.start(v.hosts, pins, ME, () -> 20, FAST)) {
            await("a lease", () -> joined(pins.lease()));
            Pin pin = pins.pin(() -> 5);
            await("bound 5", () -> tracker.reclaimBound().equals(OptionalLong.of(5)));
            return pin;
        }
    }
}
