package io.arrowfamfs.famfs;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.omf.CorruptMetadataException;
import io.arrowfamfs.famfs.omf.LogDescriptor;
import io.arrowfamfs.famfs.omf.LogEntries;
import io.arrowfamfs.famfs.omf.LogEntry;
import io.arrowfamfs.famfs.omf.LogHeader;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeFile;
import io.arrowfamfs.nativeio.NonCoherentMemory;
import io.arrowfamfs.testkit.ShmDir;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * famfs's log on simulated memory without cache coherence: the master formats and appends
 * entries (544 bytes, so entries share lines, and the header shares its last line with entry 0)
 * while client hosts replay at random moments under random partial evictions. Clients never
 * read an entry that fails famfs's own checks or a header ahead of its entries; without the
 * entries' write-back, they do.
 */
class DeviceLogNonCoherentTest {
    private static final long LOG_LENGTH = 128 << 10;
    private static final int CLIENTS = 2;

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    private int runs;

    /** What clients found wrong while the master appended {@code appends} entries. */
    private List<String> run(long seed, boolean skipEntryWriteBack) {
        MappedRegion memory;
        try (NativeFile file = NativeFile.create(shm.device("log-" + ++runs), 0644, true)) {
            file.truncate(LOG_LENGTH);
            memory = file.map(0, LOG_LENGTH, false);
        }
        try (memory;
                NonCoherentMemory sim = new NonCoherentMemory(memory, seed)) {
            MappedRegion master = sim.host("master", true);
            DeviceLog.format(master, LOG_LENGTH, CachePolicy.NON_COHERENT);
            DeviceLog log = new DeviceLog(master, LOG_LENGTH, CachePolicy.NON_COHERENT, false, "master");
            List<Client> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String name = "client-" + c;
                clients.add(new Client(
                        name, new DeviceLog(sim.host(name, false), LOG_LENGTH, CachePolicy.NON_COHERENT, false, name)));
            }
            if (skipEntryWriteBack) {
                sim.skipWriteBacks("master", (offset, count) -> count == LogDescriptor.ENTRY_SIZE);
            }
            List<String> problems = new ArrayList<>();
            Random choices = new Random(seed);
            sim.interleave(0.3, () -> clients.get(choices.nextInt(CLIENTS)).replay(problems));
            long capacity = LogDescriptor.capacity(LOG_LENGTH);
            for (long index = 0; index < capacity; index++) {
                LogHeader header = log.readHeader();
                log.append(header, new LogEntry.MkdirEntry(index, 0, 0, 0755, "dir" + index));
            }
            sim.interleave(0, null);
            for (Client client : clients) {
                client.replay(problems);
                if (client.next != capacity) {
                    problems.add(client.name + " stopped at next_index=" + client.next + " expected=" + capacity);
                }
            }
            assertEquals(List.of(), sim.violations(), "the master alone writes the log: " + sim);
            return problems;
        }
    }

    /** A client host replaying the log as far as its header says. */
    private static final class Client {
        final String name;
        final DeviceLog log;
        long next;

        Client(String name, DeviceLog log) {
            this.name = name;
            this.log = log;
        }

        void replay(List<String> problems) {
            try {
                LogHeader header = log.readHeader();
                for (; next < header.nextIndex(); next++) {
                    byte[] bytes = log.readEntry(next);
                    LogEntries.checkIntegrity(bytes, next);
                    if (!(LogEntries.decode(bytes) instanceof LogEntry.MkdirEntry mkdir)
                            || !mkdir.relpath().equals("dir" + next)) {
                        problems.add(name + ": wrong entry at index=" + next);
                    }
                }
            } catch (CorruptMetadataException e) {
                problems.add(name + ": " + e.getMessage());
            }
        }
    }

    @Test
    void clientsReplayOnlyCompleteEntries() {
        for (long seed = 1; seed <= 4; seed++) {
            List<String> problems = run(seed, false);
            assertTrue(problems.isEmpty(), "seed=" + seed + " problems=" + problems);
        }
    }

    @Test
    void withoutTheEntriesWriteBackClientsReadDamage() {
        for (long seed = 1; seed <= 4; seed++) {
            List<String> problems = run(seed, true);
            assertTrue(
                    problems.stream().anyMatch(p -> p.contains("log entry crc mismatch")),
                    "seed=" + seed + " problems=" + problems.size());
        }
    }
}
