package io.arrowfamfs.hosts;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeFile;
import io.arrowfamfs.nativeio.NonCoherentMemory;
import io.arrowfamfs.testkit.ShmDir;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The join and heartbeat protocol on simulated memory without cache coherence: one host's agent
 * joins and heartbeats every period T on a fake clock while the master's tracker polls at random
 * moments between any two of the host's accesses (and after each heartbeat), with random partial
 * evictions. The tracker assigns the host a slot, hears every heartbeat at its next poll, never
 * expels the host, and takes its bound; the simulator catches a host that skips its host line's
 * write-back (with no random eviction to write it back by chance), a tracker that skips its
 * invalidations, and a tracker that writes the host's line.
 */
class HeartbeatNonCoherentTest {
    private static final HostIdentity HOST =
            new HostIdentity(UUID.fromString("12345678-0000-4000-8000-000000000001"), UUID.randomUUID());
    private static final UUID FS = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950f");
    private static final int SLOTS = 4;
    private static final int BEATS = 120;
    private static final long[] SEEDS = {1, 2, 3, 4, 5, 6};
    private static final long T = HostsVolume.FAST.period().toNanos();

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    private int runs;

    /** What the tracker did wrong in one run with {@code faults}; empty when the protocol held. */
    private List<String> run(long seed, Consumer<NonCoherentMemory> faults, boolean trackerWritesHostLine) {
        List<String> problems = new ArrayList<>();
        long size = HostsDescriptor.fileSize(SLOTS);
        MappedRegion memory;
        try (NativeFile file = NativeFile.create(shm.device("hosts-" + ++runs), 0644, true)) {
            file.truncate(size);
            memory = file.map(0, size, false);
        }
        memory.putBytes(0, HostsDescriptor.header(SLOTS), 0, HostsDescriptor.LINE_SIZE);
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        Random choices = new Random(seed);
        try (NonCoherentMemory sim = new NonCoherentMemory(memory, seed);
                HostsFile hostView = HostsFile.over(sim.host("host", true), CachePolicy.NON_COHERENT);
                HostsFile masterView = HostsFile.over(sim.host("master", true), CachePolicy.NON_COHERENT);
                Pins pins = Pins.open(shm.path().resolve("pins-" + runs), FS, HostsVolume.FAST)) {
            Heartbeat agent = new Heartbeat(hostView, pins, HOST, () -> 20);
            TrackerState tracker = new TrackerState(masterView, HostsVolume.FAST, clock::get);
            faults.accept(sim);
            Runnable poll = () -> {
                tracker.poll();
                if (trackerWritesHostLine) {
                    masterView.writeHostLine(0, new HostLine(HOST.host(), HOST.bootId(), 0, 0, 0, 1)); // not its line
                }
                for (HostStatus s : tracker.hosts()) {
                    if (s.expelled()) {
                        problems.add("live host expelled at " + clock.get() / 1_000_000 + " ms: " + s);
                    }
                }
            };
            sim.interleave(0.3, () -> {
                if (choices.nextInt(4) == 0) {
                    poll.run();
                }
            });
            for (int beat = 0; beat < BEATS; beat++) {
                agent.step();
                clock.addAndGet(T);
                poll.run();
                AgentState state = pins.state().read();
                if (state.beating()) {
                    long heard = tracker.hosts().stream()
                            .filter(h -> h.slot() == state.slot())
                            .mapToLong(HostStatus::counter)
                            .findFirst()
                            .orElse(-1);
                    if (heard != state.counter()) { // written back and invalidated: seen at the next poll
                        problems.add("tracker heard counter " + heard + " after the host wrote " + state.counter());
                    }
                }
            }
            sim.interleave(0, null);
            poll.run();
            if (tracker.reclaimBound() != 20) {
                problems.add("bound " + tracker.reclaimBound() + ", the host heartbeat 20");
            }
            if (trackerWritesHostLine) {
                problems.addAll(sim.violations());
            } else {
                assertEquals(List.of(), sim.violations(), "one writer per line: " + sim);
            }
        } finally {
            memory.close();
        }
        return problems;
    }

    @Test
    void theTrackerHearsEveryHeartbeatAndNeverExpelsALiveHost() {
        for (long seed : SEEDS) {
            List<String> problems = run(seed, sim -> {}, false);
            assertTrue(problems.isEmpty(), NonCoherentMemory.summary(seed, problems));
        }
    }

    @Test
    void aHostThatSkipsItsHostLinesWriteBackIsCaught() {
        long hostLines = HostsDescriptor.hostLineOffset(0);
        for (long seed : SEEDS) {
            List<String> problems = run(
                    seed,
                    sim -> sim.events(0.0, 0.0, 0.0) // no eviction writes the line back by chance
                            .skipWriteBacks("host", (offset, count) -> offset >= hostLines),
                    false);
            assertTrue(
                    problems.stream().anyMatch(p -> p.startsWith("tracker heard counter")),
                    NonCoherentMemory.summary(seed, problems));
        }
    }

    @Test
    void aTrackerThatSkipsItsInvalidatesIsCaught() {
        for (long seed : SEEDS) {
            List<String> problems = run(
                    seed,
                    sim -> sim.events(0.2, 0.0, 0.5) // clean lines stay cached until invalidated
                            .skipInvalidates("master", (offset, count) -> true),
                    false);
            assertFalse(problems.isEmpty(), NonCoherentMemory.summary(seed, problems));
        }
    }

    @Test
    void aTrackerThatWritesAHostLineIsCaught() {
        for (long seed : SEEDS) {
            List<String> problems = run(seed, sim -> {}, true);
            assertFalse(problems.isEmpty(), NonCoherentMemory.summary(seed, problems));
        }
    }
}
