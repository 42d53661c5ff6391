package io.arrowfamfs.hosts;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.hosts.MasterLine.SlotState;
import io.arrowfamfs.testkit.ShmDir;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The master's lease rules on a fake clock: L = 300 ms, G = 300 ms, T = 20 ms, polled every 10 ms. */
class TrackerStateTest {
    private static final long MS = 1_000_000;
    private static final UUID HOST = UUID.fromString("11111111-2222-4333-8444-555555555555");
    private static final UUID BOOT = UUID.fromString("66666666-7777-4888-9999-000000000000");
    private static final UUID REBOOT = UUID.fromString("66666666-7777-4888-9999-000000000001");

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private HostsVolume v;
    private TrackerState tracker;
    private long counter;
    private long nonces;

    @BeforeEach
    void open() {
        v = new HostsVolume(shm.device("dev.img"), 4);
        tracker = new TrackerState(v.hosts, HostsVolume.FAST, clock::get);
    }

    @AfterEach
    void close() {
        v.close();
    }

    @Test
    void aJoinedHostHoldsEverythingBackUntilItsFirstHeartbeat() {
        assertEquals(Long.MAX_VALUE, tracker.reclaimBound(), "no host: nothing held back");
        int slot = join(BOOT);
        MasterLine line = v.hosts.masterLine(slot).orElseThrow();
        assertTrue(line.assigns(HOST, BOOT, 1));
        assertEquals(0, tracker.reclaimBound());
        beat(slot, BOOT, 7);
        assertEquals(7, tracker.reclaimBound());
    }

    @Test
    void aSilentHostIsExpelledAfterTheLeaseAndIgnoredAfterTheGrace() {
        int slot = join(BOOT);
        beat(slot, BOOT, 7);
        advance(290);
        assertEquals(SlotState.ASSIGNED, state(slot), "silent for less than L");
        advance(10);
        assertEquals(SlotState.EXPELLED, state(slot), "silent for L");
        assertTrue(tracker.hosts().get(0).expelled());
        assertEquals(7, tracker.reclaimBound(), "an expelled host's bound holds during the grace");
        advance(290);
        assertEquals(7, tracker.reclaimBound());
        advance(10);
        assertEquals(SlotState.FREE, state(slot));
        assertEquals(Long.MAX_VALUE, tracker.reclaimBound(), "after L + G the bound no longer counts");
        assertEquals(List.of(), tracker.hosts());
    }

    @Test
    void aHostThatKeepsHeartbeatingIsNeverExpelled() {
        int slot = join(BOOT);
        for (int i = 0; i < 100; i++) {
            beat(slot, BOOT, 7 + i);
            advance(20);
        }
        assertEquals(SlotState.ASSIGNED, state(slot));
        assertEquals(106, tracker.reclaimBound());
    }

    @Test
    void aMasterPausedPastTwoPeriodsRestartsSilenceInsteadOfExpelling() {
        int slot = join(BOOT);
        beat(slot, BOOT, 7);
        clock.addAndGet(1_000 * MS); // the master was stopped for a second: no polls
        tracker.poll();
        assertEquals(SlotState.ASSIGNED, state(slot), "no expulsion on evidence gathered across the pause");
        advance(290);
        assertEquals(SlotState.ASSIGNED, state(slot));
        advance(10);
        assertEquals(SlotState.EXPELLED, state(slot), "silent for L after the pause");
    }

    @Test
    void aRebootedHostsOldSlotIsFreedAtOnce() {
        int old = join(BOOT);
        beat(old, BOOT, 3);
        int fresh = join(REBOOT);
        assertEquals(
                List.of(REBOOT),
                tracker.hosts().stream().map(HostStatus::bootId).toList(),
                "no reader of the earlier boot survives: its slot is free at once, with no grace");
        beat(fresh, REBOOT, 9);
        assertEquals(9, tracker.reclaimBound(), "the earlier boot's bound 3 no longer counts");
    }

    @Test
    void aHostRejoiningInTheSameBootGetsANewGenerationAndItsOldSlotKeepsItsGrace() {
        int old = join(BOOT);
        beat(old, BOOT, 3);
        int fresh = join(BOOT);
        assertEquals(SlotState.EXPELLED, state(old));
        beat(fresh, BOOT, 9);
        assertEquals(3, tracker.reclaimBound(), "the old generation's pins count until its grace ends");
        advance(150);
        beat(fresh, BOOT, 9);
        advance(150);
        beat(fresh, BOOT, 9);
        assertEquals(SlotState.FREE, state(old));
        assertEquals(9, tracker.reclaimBound());
        int again = join(BOOT);
        assertEquals(old, again, "the freed slot is reused");
        assertEquals(2, v.hosts.masterLine(again).orElseThrow().generation(), "with the next generation");
        assertEquals(SlotState.EXPELLED, state(fresh));
    }

    @Test
    void tornStaleAndForeignHostLinesReadAsNotThere() {
        int slot = join(BOOT);
        beat(slot, BOOT, 7);
        byte[] torn = new HostLine(HOST, BOOT, counter + 1, 100, 100, 1).encode();
        torn[45] ^= 1;
        v.hosts.write(HostsDescriptor.hostLineOffset(slot), torn);
        advance(10);
        v.hosts.writeHostLine(slot, new HostLine(HOST, BOOT, counter - 1, 50, 50, 1)); // an older line
        advance(10);
        v.hosts.writeHostLine(slot, new HostLine(HOST, BOOT, counter + 5, 60, 60, 2)); // another generation
        advance(10);
        v.hosts.writeHostLine(slot, new HostLine(HOST, REBOOT, counter + 5, 60, 60, 1)); // another boot
        advance(10);
        assertEquals(7, tracker.reclaimBound());
        advance(260);
        assertEquals(SlotState.EXPELLED, state(slot), "none of those lines was a heartbeat");
    }

    @Test
    void aTrackerTakingOverTrustsNoSilenceItDidNotSee() {
        int slot = join(BOOT);
        beat(slot, BOOT, 7);
        advance(250);
        TrackerState successor = new TrackerState(v.hosts, HostsVolume.FAST, clock::get);
        assertEquals(7, successor.reclaimBound(), "the bound is read back from the host line");
        for (int i = 0; i < 29; i++) {
            clock.addAndGet(10 * MS);
            successor.poll();
        }
        assertEquals(SlotState.ASSIGNED, state(slot), "silent for L on the old tracker's clock, not on its own");
        clock.addAndGet(10 * MS);
        successor.poll();
        assertEquals(SlotState.EXPELLED, state(slot));
    }

    @Test
    void aTornMasterLineOverALiveHostLineIsExpelledNotFreed() {
        int slot = join(BOOT);
        beat(slot, BOOT, 7);
        byte[] master = v.hosts.read(HostsDescriptor.masterLineOffset(slot));
        master[3] ^= 1;
        v.hosts.write(HostsDescriptor.masterLineOffset(slot), master);
        TrackerState successor = new TrackerState(v.hosts, HostsVolume.FAST, clock::get);
        assertEquals(SlotState.EXPELLED, state(slot));
        assertEquals(7, successor.reclaimBound(), "its bound holds through the grace");
    }

    @Test
    void aRequestAlreadyAnsweredIsNotServedAgain() {
        int slot = join(BOOT);
        advance(10);
        advance(10);
        assertEquals(1, tracker.hosts().size());
        assertEquals(1, v.hosts.masterLine(slot).orElseThrow().generation());
        TrackerState successor = new TrackerState(v.hosts, HostsVolume.FAST, clock::get);
        successor.poll();
        assertEquals(1, successor.hosts().size(), "the answer in the master line carries the nonce");
    }

    @Test
    void aHostIsGoneOnlyWithNoSlotAndNoJoinRequest() {
        assertTrue(tracker.isGone(HOST), "never joined");
        int slot = join(BOOT);
        assertFalse(tracker.isGone(HOST), "asked to join, and assigned");
        v.hosts.clearJoinLine(JoinRequest.line(HOST, 0));
        beat(slot, BOOT, 7);
        assertFalse(tracker.isGone(HOST), "assigned");
        advance(300);
        assertEquals(SlotState.EXPELLED, state(slot));
        assertFalse(tracker.isGone(HOST), "expelled, in its grace: a process of it may be restarting");
        advance(300);
        assertEquals(SlotState.FREE, state(slot));
        assertTrue(tracker.isGone(HOST), "silent for L + G");
        v.hosts.writeJoinRequest(JoinRequest.line(HOST, 0), new JoinRequest(HOST, BOOT, ++nonces, 0));
        assertFalse(tracker.isGone(HOST), "asking to join again: it may be working on a joining lease already");
        advance(10);
        v.hosts.clearJoinLine(JoinRequest.line(HOST, 0));
        assertFalse(tracker.isGone(HOST), "joined again, in another slot");
    }

    /** Writes a join request for HOST booted as {@code boot}, polls, and returns the slot assigned. */
    private int join(UUID boot) {
        JoinRequest request = new JoinRequest(HOST, boot, ++nonces, 0);
        v.hosts.writeJoinRequest(JoinRequest.line(HOST, 0), request);
        advance(10);
        for (int slot = 0; slot < v.hosts.slots(); slot++) {
            MasterLine line = v.hosts.masterLine(slot).orElse(null);
            if (line != null && line.nonce() == request.nonce() && line.state() == SlotState.ASSIGNED) {
                return slot;
            }
        }
        throw new AssertionError("no slot assigned to " + request);
    }

    private void beat(int slot, UUID boot, long bound) {
        int generation = v.hosts.masterLine(slot).orElseThrow().generation();
        v.hosts.writeHostLine(slot, new HostLine(HOST, boot, ++counter, bound + 1, bound, generation));
        advance(0);
    }

    /** Moves the clock on by {@code millis} in polls 10 ms apart (well inside 2T). */
    private void advance(long millis) {
        if (millis == 0) {
            tracker.poll();
        }
        for (long done = 0; done < millis; done += 10) {
            clock.addAndGet(10 * MS);
            tracker.poll();
        }
    }

    private SlotState state(int slot) {
        return v.hosts.masterLine(slot).orElseThrow().state();
    }
}
