package io.arrowfamfs.catalog;

import static io.arrowfamfs.catalog.CatalogDescriptor.*;

import io.arrowfamfs.famfs.FamfsNode;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.ResourceClosedException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The tables of a volume. Readers ({@link #snapshot}, {@link #refresh}, {@link #awaitChange})
 * work on any node; writers ({@link #createTable}, {@link #append}, {@link #drop}) on the master.
 * The publication protocol is described in the package documentation and in {@link #commit}.
 */
public final class Catalog implements AutoCloseable {
    private final Volume volume;
    private MappedRegion region;
    private long capacity;
    private CatalogSnapshot snapshot = CatalogSnapshot.EMPTY;
    /** Schemas by schema-frame path: a path is written once and never changes. */
    private final java.util.Map<String, Schema> schemas = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean closed;

    private Catalog(Volume volume) {
        this.volume = volume;
    }

    /** The catalog of {@code volume}; a volume with no tables yet has an empty one. */
    public static Catalog open(Volume volume) {
        Catalog catalog = new Catalog(volume);
        try {
            catalog.refresh();
            return catalog;
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    /** The snapshot as of the last refresh. */
    public synchronized CatalogSnapshot snapshot() {
        checkOpen();
        return snapshot;
    }

    /**
     * Replays commits made since the last refresh, and the famfs log entries of the files they
     * name; cheap when there are none (one counter read).
     */
    public synchronized CatalogSnapshot refresh() {
        checkOpen();
        if (region == null && !attach()) {
            return snapshot;
        }
        long count = commitCount();
        if (count == snapshot.version()) {
            return snapshot;
        }
        if (count < snapshot.version() || count > capacity) {
            throw new CorruptCatalogException("catalog commit count out of range: count=" + count + " known="
                    + snapshot.version() + " capacity=" + capacity);
        }
        // Every file a commit names was logged in famfs before the commit: having seen the count,
        // replay the famfs log so that those files can be mapped.
        volume.refresh();
        TreeMap<String, TableState> tables = new TreeMap<>(snapshot.tables());
        long dropped = snapshot.unreclaimableBytes();
        java.util.Set<String> paths = new java.util.HashSet<>(snapshot.committedPaths());
        for (long seq = snapshot.version(); seq < count; seq++) {
            CommitRecord record = readRecord(seq);
            if (!record.path().isEmpty()) {
                paths.add(record.path());
            }
            TableState table = tables.get(record.table());
            switch (record.type()) {
                case TYPE_CREATE -> {
                    if (table != null) {
                        throw new CorruptCatalogException("catalog record " + seq + " creates existing table " + record.table());
                    }
                    tables.put(record.table(), new TableState(record.table(), 1, record.path(), List.of()));
                }
                case TYPE_APPEND -> tables.put(record.table(), existing(table, record).append(
                        new FrameRef(record.path(), record.rows(), record.bytes(), record.batches(), seq)));
                default -> {
                    TableState gone = existing(table, record);
                    tables.remove(record.table());
                    dropped += gone.bytes() + schemaBytes(gone);
                }
            }
        }
        snapshot = new CatalogSnapshot(count, tables, dropped, paths);
        return snapshot;
    }

    private static TableState existing(TableState table, CommitRecord record) {
        if (table == null) {
            throw new CorruptCatalogException("catalog record " + record.seq() + " names missing table " + record.table());
        }
        return table;
    }

    private long schemaBytes(TableState table) {
        return volume.namespace().lookup(table.schemaPath()).map(n -> ((FamfsFile) n).size()).orElse(0L);
    }

    /**
     * Waits until the catalog has more than {@code version} commits, for at most {@code timeout};
     * returns the new snapshot, or the unchanged one on timeout. Polls one counter in shared
     * memory: spins briefly, then parks for up to 50 microseconds between reads.
     */
    public CatalogSnapshot awaitChange(long version, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int polls = 0;
        while (true) {
            CatalogSnapshot current = region == null ? attachAndRefresh() : pollRefresh();
            if (current.version() > version || System.nanoTime() - deadline > 0) {
                return current;
            }
            if (++polls < 1000) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(50_000);
            }
        }
    }

    private synchronized CatalogSnapshot pollRefresh() {
        return refresh();
    }

    private synchronized CatalogSnapshot attachAndRefresh() {
        volume.refresh();
        return refresh();
    }

    /** The table's schema, read once from the schema-only frame written when it was created. */
    public Schema schema(TableState table, BufferAllocator mappingAllocator) {
        return schemas.computeIfAbsent(table.schemaPath(), path -> {
            try (Frame frame = attach(path, mappingAllocator, false)) {
                return frame.schema();
            }
        });
    }

    /**
     * Attaches a committed frame zero-copy (see {@link Frame#attach}); {@code populate} pre-faults
     * its pages (MAP_POPULATE) instead of faulting them on first scan. The caller closes it.
     */
    public Frame attach(FrameRef frame, BufferAllocator mappingAllocator, boolean populate) {
        return attach(frame.path(), mappingAllocator, populate);
    }

    private Frame attach(String path, BufferAllocator mappingAllocator, boolean populate) {
        try (MappedRegion mapped = volume.map(volume.namespace().file(path), populate)) {
            return Frame.attach(path, mapped, mappingAllocator);
        }
    }

    /** Creates an empty table with {@code schema}. */
    public TableState createTable(String name, Schema schema) {
        CommitRecord.checkTableName(name);
        return volume.exclusive(() -> {
            CatalogSnapshot current = prepareWrite();
            if (current.table(name).isPresent()) {
                throw new TableExistsException("table exists: " + name);
            }
            try (FrameBuilder empty = new FrameBuilder(schema)) {
                FamfsFile file = writeFrame(empty);
                commit(List.of(new CommitRecord(current.version(), TYPE_CREATE, name, file.relpath(), 0, file.size(), 0,
                        now())));
            }
            return snapshot.require(name);
        });
    }

    /** Publishes {@code frame} as the table's next frame; the frame's schema must be the table's. */
    public FrameRef append(String name, FrameBuilder frame, BufferAllocator mappingAllocator) {
        return append(name, frame, mappingAllocator, false);
    }

    /**
     * Like {@link #append(String, FrameBuilder, BufferAllocator)}, creating the table with the
     * frame's schema if it does not exist. Creation and the first frame are one commit.
     */
    public FrameRef createOrAppend(String name, FrameBuilder frame, BufferAllocator mappingAllocator) {
        CommitRecord.checkTableName(name);
        return append(name, frame, mappingAllocator, true);
    }

    private FrameRef append(String name, FrameBuilder frame, BufferAllocator mappingAllocator, boolean create) {
        return volume.exclusive(() -> {
            CatalogSnapshot current = prepareWrite();
            TableState table = create ? current.table(name).orElse(null) : current.require(name);
            List<CommitRecord> records = new ArrayList<>();
            if (table == null) {
                try (FrameBuilder empty = new FrameBuilder(frame.schema())) {
                    FamfsFile schemaFile = writeFrame(empty);
                    records.add(new CommitRecord(current.version(), TYPE_CREATE, name, schemaFile.relpath(), 0,
                            schemaFile.size(), 0, now()));
                }
            } else {
                Schema schema = schema(table, mappingAllocator);
                if (!schema.equals(frame.schema())) {
                    throw new SchemaMismatchException("schema mismatch appending to " + name + ": table=" + schema
                            + " frame=" + frame.schema());
                }
            }
            FamfsFile file = writeFrame(frame);
            records.add(new CommitRecord(current.version() + records.size(), TYPE_APPEND, name, file.relpath(),
                    frame.rows(), file.size(), frame.batchCount(), now()));
            commit(records);
            List<FrameRef> frames = snapshot.require(name).frames();
            return frames.get(frames.size() - 1);
        });
    }

    /** Forgets a table. famfs has no delete: its files stay allocated and are reported as unreclaimable. */
    public void drop(String name) {
        volume.exclusive(() -> {
            CatalogSnapshot current = prepareWrite();
            current.require(name);
            commit(List.of(new CommitRecord(current.version(), TYPE_DROP, name, "", 0, 0, 0, now())));
            return null;
        });
    }

    private FamfsFile writeFrame(FrameBuilder frame) {
        String path = FRAMES_DIR + "/" + UUID.randomUUID().toString().replace("-", "") + ".arrow";
        return volume.createFile(path, frame.size(), 0444, Placement.PACKED, frame::writeTo);
    }

    /** Under the log lock: make sure the catalog file exists and is current, and has a free slot. */
    private synchronized CatalogSnapshot prepareWrite() {
        checkOpen();
        volume.refresh();
        if (region == null && !attach()) {
            create();
        }
        CatalogSnapshot current = refresh();
        if (current.version() >= capacity) {
            throw new CatalogFullException("catalog full: commits=" + current.version() + " capacity=" + capacity);
        }
        return current;
    }

    /**
     * Publishes records in one step, the only step that makes a commit visible:
     * <ol>
     *   <li>copy each record into its slot (seq = the commit count onwards; no reader reads
     *       those slots yet) and write them back, with everything they refer to already written
     *       back;
     *   <li>store the new count with release ordering and write the counter's line back.
     * </ol>
     * A reader that loads the new count (acquire) finds complete records and complete frames,
     * all of them or, before the store, none.
     */
    private synchronized void commit(List<CommitRecord> records) {
        CachePolicy policy = volume.cachePolicy();
        if (snapshot.version() + records.size() > capacity) {
            throw new CatalogFullException("catalog full: commits=" + snapshot.version() + " capacity=" + capacity);
        }
        for (CommitRecord record : records) {
            byte[] bytes = record.encode();
            long offset = recordOffset(record.seq());
            region.putBytes(offset, bytes, 0, bytes.length);
            region.writeBack(offset, RECORD_SIZE, policy);
        }
        long count = records.get(records.size() - 1).seq() + 1;
        region.putLongRelease(COMMIT_COUNT_OFFSET, count);
        region.writeBack(COMMIT_COUNT_OFFSET, 8, policy);
        if (!volume.isMemoryBacked()) {
            region.sync(0, region.length());
        }
        refresh();
    }

    private void create() {
        volume.exclusive(() -> {
            if (volume.namespace().lookup(ROOT).isEmpty()) {
                volume.mkdir(ROOT, 0755);
            }
            if (volume.namespace().lookup(FRAMES_DIR).isEmpty()) {
                volume.mkdir(FRAMES_DIR, 0755);
            }
            return volume.createFile(CATALOG_PATH, fileSize(DEFAULT_CAPACITY), 0644, Placement.PACKED, region -> {
                ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                header.put(MAGIC).putInt(FORMAT_OFFSET, FORMAT).putInt(RECORD_SIZE_OFFSET, RECORD_SIZE)
                        .putLong(CAPACITY_OFFSET, DEFAULT_CAPACITY);
                header.putInt(HEADER_CRC_OFFSET, headerCrc(header.array()));
                region.putBytes(0, header.array(), 0, HEADER_SIZE);
                region.fill(HEADER_SIZE, region.length() - HEADER_SIZE, (byte) 0);
            });
        });
        if (!attach()) {
            throw new IllegalStateException("catalog created but not found: " + CATALOG_PATH);
        }
    }

    /** Maps the catalog file if famfs has it, checking its header; false if it does not exist yet. */
    private boolean attach() {
        FamfsNode node = volume.namespace().lookup(CATALOG_PATH).orElse(null);
        if (!(node instanceof FamfsFile file)) {
            return false;
        }
        MappedRegion mapped = volume.map(file, false);
        try {
            byte[] header = mapped.copyOf(0, HEADER_SIZE);
            ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            if (!Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC) || b.getInt(FORMAT_OFFSET) != FORMAT
                    || b.getInt(RECORD_SIZE_OFFSET) != RECORD_SIZE || b.getInt(HEADER_CRC_OFFSET) != headerCrc(header)) {
                throw new CorruptCatalogException("catalog header invalid: path=" + CATALOG_PATH);
            }
            long slots = b.getLong(CAPACITY_OFFSET);
            if (slots <= 0 || fileSize(slots) > file.size()) {
                throw new CorruptCatalogException("catalog capacity invalid: capacity=" + slots + " file_size=" + file.size());
            }
            capacity = slots;
            region = mapped;
            return true;
        } catch (RuntimeException e) {
            mapped.close();
            throw e;
        }
    }

    private long commitCount() {
        region.invalidate(COMMIT_COUNT_OFFSET, 8, volume.cachePolicy());
        return region.getLongAcquire(COMMIT_COUNT_OFFSET);
    }

    private CommitRecord readRecord(long seq) {
        long offset = recordOffset(seq);
        region.invalidate(offset, RECORD_SIZE, volume.cachePolicy());
        return CommitRecord.decode(region.copyOf(offset, RECORD_SIZE), seq);
    }

    private static int headerCrc(byte[] header) {
        CRC32C crc = new CRC32C();
        crc.update(header, 0, HEADER_CRC_COVERAGE);
        return (int) crc.getValue();
    }

    private static long now() {
        return System.currentTimeMillis() * 1000;
    }

    private void checkOpen() {
        if (closed) {
            throw new ResourceClosedException("catalog of " + volume.path());
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (region != null) {
                region.close();
            }
        }
    }
}
