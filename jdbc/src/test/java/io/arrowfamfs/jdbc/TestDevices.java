package io.arrowfamfs.jdbc;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.TableImport;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.query.ImportSource;
import io.arrowfamfs.testkit.ShmDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** Devices with tables for the driver's tests, made through the library as the master. */
final class TestDevices {
    static final String MASTER = "aaaaaaaa-0000-4000-8000-000000000001";
    static final String CLIENT = "bbbbbbbb-0000-4000-8000-000000000002";

    private TestDevices() {}

    /** A fresh 128 MiB device in {@code shm} with one table per entry (table name to CSV text); returns its path. */
    static String withTables(ShmDir shm, Map<String, String> csvTables) throws Exception {
        return withTables(shm, csvTables, TableImport.DEFAULT_DICTIONARY_THRESHOLD);
    }

    /** As {@link #withTables(ShmDir, Map)}, columns of at most {@code dictionaryThreshold} distinct values as dictionary codes. */
    static String withTables(ShmDir shm, Map<String, String> csvTables, int dictionaryThreshold) throws Exception {
        Path device = shm.device("dev.img");
        Mkfs.format(device, MkfsOptions.of(128L << 20, NodeId.resolve(MASTER)));
        for (Map.Entry<String, String> table : csvTables.entrySet()) {
            importCsv(device.toString(), table.getKey(), table.getValue(), shm, dictionaryThreshold);
        }
        return device.toString();
    }

    /** Imports CSV text as (a new frame of) {@code table}, as the master. */
    static void importCsv(String device, String table, String csv, ShmDir shm) throws Exception {
        importCsv(device, table, csv, shm, TableImport.DEFAULT_DICTIONARY_THRESHOLD);
    }

    private static void importCsv(String device, String table, String csv, ShmDir shm, int dictionaryThreshold)
            throws Exception {
        Path file = shm.device(table + ".csv");
        Files.writeString(file, csv);
        try (Volume volume = Volume.open(Path.of(device), VolumeOptions.of(NodeId.resolve(MASTER)));
                Catalog catalog = Catalog.open(volume);
                BufferAllocator allocator = new RootAllocator();
                ImportSource source = open(file, allocator)) {
            TableImport.run(
                    catalog,
                    table,
                    source.reader(),
                    allocator,
                    TableImport.DEFAULT_BATCH_ROWS,
                    dictionaryThreshold,
                    rows -> {});
        }
    }

    private static ImportSource open(Path file, BufferAllocator allocator) throws IOException {
        return ImportSource.open(file, allocator, TableImport.DEFAULT_BATCH_ROWS);
    }
}
