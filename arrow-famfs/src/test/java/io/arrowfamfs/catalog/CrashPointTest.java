package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.Fsck;
import io.arrowfamfs.famfs.FsckReport;
import io.arrowfamfs.famfs.FsckReport.Severity;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.hosts.Pins;
import io.arrowfamfs.space.SpaceReport.PoolSpace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL at random moments of every step. A writer on the master (appends, large frames with
 * grants of their own, replaces, drops, retires, checkpoints of a small ring), a client node
 * publishing through its outbox, and a master-host process serving as the master's agent and
 * running gc (closing dead writers' grants, reclaiming with a short lease, grace and quarantine)
 * run at once, each a {@link CrashPointProcess}; round after round one of them is killed after a
 * random delay (three times in four once it has begun a step, so that most kills land inside one)
 * and its next life starts. After every kill the test JVM checks, from a reader node
 * of its own, that famfs's log and the catalog are clean on a fresh replay ({@link Fsck}, {@link
 * CatalogCheck}), that every frame of every table attaches, hashes right and is whole, and that
 * the killed role's tables hold exactly what its finished steps made, with or without the step
 * it was killed in: nothing half-published visible, nothing published lost, nothing twice. At the
 * end every dead writer's grant is closed and every retired byte freed. Every failure message
 * names the seed; {@code -Darrowfamfs.crashpoint.seed=N} runs the same choices again (the kills'
 * timing differs from run to run).
 */
class CrashPointTest extends ScratchDeviceTest {
    /** Kills this class makes at least: with the rest of the suite's, well over a hundred. */
    private static final int KILLS = 75;
    /** The longest a round waits before its kill. */
    private static final int MAX_DELAY_MILLIS = 400;
    /** The longest a kill inside a step waits after the step began: about the longest step. */
    private static final int MAX_IN_STEP_NANOS = 4_000_000;
    /** A small catalog ring: a checkpoint every 64 records, so kills land in checkpoints too. */
    private static final long RING_SLOTS = 128;
    /** Lease L (the grace is L/2, the period L/25); short, so reclamation follows the writer closely. */
    private static final Duration LEASE = Duration.ofSeconds(2);

    private static final NodeId CLIENT = new NodeId(UUID.fromString("eeeeeeee-0000-4000-8000-000000000001"), "client");
    private static final NodeId READER = new NodeId(UUID.fromString("eeeeeeee-0000-4000-8000-000000000002"), "reader");

    private final long seed = Long.getLong("arrowfamfs.crashpoint.seed", new Random().nextLong());
    private final Random random = new Random(seed);

    @Test
    void writersClientsAndAgentsKilledAtRandomPointsLeaveNothingHalfPublishedAndLoseNothing() throws Exception {
        try (Volume master = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER))) {
            CatalogFile.create(master, RING_SLOTS);
            try (Catalog catalog = Catalog.open(master)) {
                catalog.configure(Map.of(
                        VolumeSettings.LEASE, LEASE,
                        VolumeSettings.GRACE, LEASE.dividedBy(2),
                        VolumeSettings.QUARANTINE, Duration.ofMillis(50)));
            }
        }
        Map<String, Integer> crashPoints = new TreeMap<>();
        int kills = 0;
        int round = 0;
        List<CrashPointRole> roles = new ArrayList<>();
        try (Volume readerHost = Volume.open(device, VolumeOptions.of(READER));
                Catalog heartbeats = Catalog.open(readerHost)) {
            heartbeats.serveAsAgent(); // the checks' host heartbeats all along: their leases hold, their bounds follow
            Path masterHost = Pins.directory();
            roles.add(role(0, "writer", CatalogTest.MASTER, CrashPointProcess.WRITER_TABLES, masterHost));
            roles.add(role(1, "agent", CatalogTest.MASTER, List.of(), masterHost));
            Path clientHost = shm.path().resolve("client-host");
            roles.add(role(2, "client", CLIENT, CrashPointProcess.CLIENT_TABLES, clientHost));
            for (; kills < KILLS; round++) {
                CrashPointRole role = nextToKill(roles);
                Thread.sleep(random.nextInt(MAX_DELAY_MILLIS));
                if (!role.tables.isEmpty() && random.nextInt(4) != 0) { // three kills in four inside a step
                    role.awaitStep();
                    LockSupport.parkNanos(random.nextInt(MAX_IN_STEP_NANOS));
                }
                CrashPointSteps steps = role.kill();
                kills++;
                String point = role.tables.isEmpty()
                        ? "gc, reclaim or outbox commit"
                        : steps.underWay().map(CrashPointSteps.Step::op).orElse("between steps");
                crashPoints.merge(role.name + ": " + point, 1, Integer::sum);
                if (steps.failures() > 0) {
                    crashPoints.merge(
                            role.name + ": steps failed (lease lapsed, agent away)",
                            (int) steps.failures(),
                            Integer::sum);
                }
                checkAfterKill(roles, role, steps);
                role.start();
            }
            // the last kills: the client first, while a master-host process commits its outbox
            for (int r = roles.size() - 1; r >= 0; r--) {
                CrashPointRole role = roles.get(r);
                checkAfterKill(roles, role, role.kill());
                kills++;
            }
            collectEverything();
            checkAfterKill(roles, null, null);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(
                    "seed=" + seed + " round=" + round + " kills=" + kills + " " + crashPoints + ": " + e.getMessage(),
                    e);
        } finally {
            for (CrashPointRole role : roles) {
                role.close();
            }
        }
        System.out.println("crash points: seed=" + seed + " kills=" + kills + " " + crashPoints);
        assertTrue(kills >= KILLS, "kills=" + kills);
    }

    private CrashPointRole role(int index, String name, NodeId node, List<String> tables, Path pins) {
        CrashPointRole role = new CrashPointRole(index, name, node, tables, device, pins, random);
        role.start();
        return role;
    }

    /**
     * The role to kill next: one picked at random among those whose life runs its role (one
     * still starting its JVM would only be killed in class loading), else the first to.
     */
    private CrashPointRole nextToKill(List<CrashPointRole> roles) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<CrashPointRole> ready =
                    roles.stream().filter(CrashPointRole::isReady).toList();
            if (!ready.isEmpty()) {
                return ready.get(random.nextInt(ready.size()));
            }
            assertTrue(System.nanoTime() - deadline < 0, "no role got ready within a minute");
            Thread.sleep(5);
        }
    }

    /**
     * The checks after a kill of {@code killed} (null: at the end, everything settled): famfs's
     * log and the catalog clean, every frame whole, the killed role's tables one of the outcomes
     * its steps allow, then settled as found.
     */
    private void checkAfterKill(List<CrashPointRole> roles, CrashPointRole killed, CrashPointSteps steps)
            throws InterruptedException {
        if (killed != null && killed.node.equals(CLIENT)) {
            awaitOutboxConsumed(); // a commit it left in its ring is the catalog's now, or never
        }
        FsckReport famfs = Fsck.check(device);
        assertTrue(famfs.clean(), famfs.findings().toString());
        assertEquals(
                List.of(),
                CatalogCheck.check(device, READER).stream()
                        .filter(f -> f.severity() == Severity.DAMAGE)
                        .toList(),
                "fsck of the catalog");
        try (Volume volume = Volume.open(device, VolumeOptions.of(READER));
                Catalog catalog = Catalog.open(volume)) {
            CatalogSnapshot snapshot = catalog.snapshot();
            Set<Long> firsts = new HashSet<>();
            for (CrashPointRole role : roles) {
                boolean settled = killed == null || role == killed; // nothing changes its tables now
                Map<String, List<Long>> found = new HashMap<>();
                for (String name : role.tables) {
                    Optional<TableState> table = snapshot.table(name);
                    if (table.isPresent()) {
                        List<Long> frames = new ArrayList<>();
                        for (FrameRef ref : table.get().frames()) {
                            readWhole(catalog, role, ref, settled).ifPresent(first -> {
                                assertTrue(firsts.add(first), "frame committed once: first_id=" + first);
                                frames.add(first);
                            });
                        }
                        found.put(name, frames);
                    }
                }
                if (settled) {
                    List<Map<String, List<Long>>> outcomes =
                            steps == null ? List.of(role.settled) : steps.outcomes(role.settled);
                    if (!outcomes.contains(found)) {
                        fail(role.name + "'s tables " + found + " are none of " + outcomes + " after " + steps + "\n"
                                + history(volume, catalog, role.tables) + "the last lines " + role.name
                                + " printed:\n" + role.transcript(200));
                    }
                    role.settled = found;
                }
            }
            Set<String> known = new HashSet<>();
            roles.forEach(r -> known.addAll(r.tables));
            assertTrue(known.containsAll(snapshot.tables().keySet()), "no table but the roles': " + snapshot.tables());
        }
    }

    /**
     * What the catalog says happened to {@code tables}: the checkpoint root, then every record
     * still in the ring that names one of them (the last 300), for a failure to show.
     */
    private static String history(Volume volume, Catalog catalog, List<String> tables) {
        StringBuilder out = new StringBuilder("root=" + catalog.root() + "\n");
        try (CatalogFile file = CatalogFile.attach(volume, volume.refresh()).orElseThrow()) {
            long count = file.count();
            List<String> lines = new ArrayList<>();
            for (RecordCodec.Stored stored : file.read(Math.max(0, count - file.slots()), count)) {
                CatalogRecord r = stored.record();
                String table = r instanceof CatalogRecord.AppendFrame a
                        ? a.table()
                        : r instanceof CatalogRecord.CreateTable c
                                ? c.table()
                                : r instanceof CatalogRecord.DropTable d
                                        ? d.table()
                                        : r instanceof CatalogRecord.ReplaceTable t
                                                ? t.table()
                                                : r instanceof CatalogRecord.RetireFrame f ? f.table() : null;
                if (table != null && tables.contains(table)) {
                    lines.add(stored.seq() + " " + r);
                }
            }
            lines.subList(0, Math.max(0, lines.size() - 300)).clear();
            lines.forEach(line -> out.append(line).append('\n'));
        } catch (RuntimeException e) {
            out.append("ring unreadable: ").append(e);
        }
        return out.toString();
    }

    /**
     * Attaches {@code ref}, hashes every batch and checks that its ids run one by one from its
     * first, as many as {@code role} announced for that first id; its first id. Empty if the
     * frame was retired since the snapshot, which only a table of a running role may be.
     */
    private Optional<Long> readWhole(Catalog catalog, CrashPointRole role, FrameRef ref, boolean settled) {
        try (Frame frame = catalog.attach(ref, allocator, false)) {
            frame.verify();
            long first = -1;
            long rows = 0;
            for (int b = 0; b < frame.batchCount(); b++) {
                try (VectorSchemaRoot batch = frame.batch(b)) {
                    BigIntVector id = (BigIntVector) batch.getVector("id");
                    for (int i = 0; i < batch.getRowCount(); i++, rows++) {
                        first = rows == 0 ? id.get(i) : first;
                        if (id.get(i) != first + rows) {
                            fail("frame not whole: " + ref.name() + " row=" + rows + " id=" + id.get(i) + " first_id="
                                    + first);
                        }
                    }
                }
            }
            assertEquals(ref.rows(), rows, "rows of " + ref.name());
            if (!announced(role, first).equals(Optional.of(rows))) {
                fail("a frame " + role.name + " announced: " + ref.name() + " first_id=" + first + " rows=" + rows
                        + " announced=" + role.rowsOf(first) + "; the last lines " + role.name + " printed:\n"
                        + role.transcript(200));
            }
            return Optional.of(first);
        } catch (FrameRetiredException e) {
            if (settled) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** The rows {@code role} announced for {@code first}: a running role's line may still be in the pipe. */
    private static Optional<Long> announced(CrashPointRole role, long first) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Optional<Long> rows = role.rowsOf(first);
        while (rows.isEmpty() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(5_000_000);
            rows = role.rowsOf(first);
        }
        return rows;
    }

    /** Waits until the master's agent has consumed every record the client left in its outbox. */
    private void awaitOutboxConsumed() throws InterruptedException {
        try (Volume volume = Volume.open(device, VolumeOptions.of(READER))) {
            if (OutboxFile.exists(volume, CLIENT.uuid())) {
                OutboxClientProcess.awaitConsumed(volume, CLIENT.uuid());
            }
        }
    }

    /**
     * With every role dead, the test JVM as the master's agent: runs gc until every grant of a
     * dead writer is closed and every retired byte freed; then every byte is live, free or in an
     * open grant, and only the client's ring and a checkpoint hold grants.
     */
    private void collectEverything() throws InterruptedException {
        try (Volume volume = Volume.open(device, VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(volume)) {
            awaitOutboxConsumed();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                catalog.collect();
                PoolSpace total = catalog.space().total();
                List<GrantView> dead = catalog.grants().stream()
                        .filter(g -> WriterName.parse(g.writerName()).isPresent())
                        .toList();
                if (total.retired() + total.quarantined() == 0 && dead.isEmpty()) {
                    break;
                }
                assertTrue(System.nanoTime() - deadline < 0, "never collected: " + total + " dead writers' " + dead);
                Thread.sleep(20);
            }
            for (GrantView open : catalog.grants()) {
                assertTrue(
                        open.writerName().startsWith("node=" + CLIENT.uuid() + " ring=")
                                || open.grant().writer() == WriterSpace.CHECKPOINT_WRITER,
                        "only the client's ring and a checkpoint hold grants: " + open);
            }
        }
    }
}
