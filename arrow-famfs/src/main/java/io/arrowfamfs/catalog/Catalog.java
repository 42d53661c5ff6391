package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.Namespace;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.Volume.FileContents;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.frame.VerifyMode;
import io.arrowfamfs.nativeio.ResourceClosedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The tables of a volume. Readers ({@link #snapshot}, {@link #refresh}, {@link #awaitChange})
 * work on any node; writers ({@link #createTable}, {@link #append}, {@link #drop}) on the master.
 * The parts: {@link CatalogFile} (the mapped catalog file), {@link CommitReplay} (records into
 * snapshots), {@link CatalogWriter} (the write path and its protocol), {@link FrameAccess}
 * (attach and the schema cache).
 *
 * <p><b>Threading.</b> Thread-safe. One lock guards the catalog file and the snapshot it is
 * replayed into; it is held only to read the count, read new records and replace the snapshot,
 * never while famfs is replayed or a frame is copied, so a reader in this JVM never waits for a
 * writer's copy. Writers serialise on the volume's log lock (see {@link CatalogWriter}).
 */
public final class Catalog implements AutoCloseable {
    private final Volume volume;
    private final FrameAccess frames;
    private final CatalogWriter writer;
    private final Object lock = new Object();
    private CatalogFile file;
    private volatile CatalogSnapshot snapshot = CatalogSnapshot.EMPTY;
    private volatile boolean closed;

    private Catalog(Volume volume, VerifyMode verify) {
        this.volume = volume;
        this.frames = new FrameAccess(volume, verify);
        this.writer = new CatalogWriter(volume, this, frames);
    }

    /**
     * The catalog of {@code volume}; a volume with no tables yet has an empty one.
     *
     * @param volume the open volume whose catalog to read (and, on the master, write); it must
     *     outlive the catalog, which does not close it
     * @return the catalog, refreshed; the caller closes it
     * @throws CorruptCatalogException if the catalog file is damaged
     * @throws UnsupportedCatalogFormatException if the catalog file was written in a format this build does not read
     */
    public static Catalog open(Volume volume) {
        return open(volume, VerifyMode.FIRST_USE);
    }

    /**
     * The catalog of {@code volume}, whose frames check their batches as {@code verify} says
     * ({@link #attach}). The setting lives here, on the attach path of every reader (query
     * sessions, JDBC, the CLI, the scan package's frame caches), rather than in the volume's
     * options: the famfs layer knows nothing of frames or their checksums.
     *
     * @param volume the open volume whose catalog to read (and, on the master, write); it must
     *     outlive the catalog, which does not close it
     * @param verify whether frames attached through this catalog hash each batch on its first use
     *     in this process ({@link VerifyMode#FIRST_USE}, the default) or never ({@link VerifyMode#OFF})
     * @return the catalog, refreshed; the caller closes it
     * @throws CorruptCatalogException if the catalog file is damaged
     * @throws UnsupportedCatalogFormatException if the catalog file was written in a format this build does not read
     */
    public static Catalog open(Volume volume, VerifyMode verify) {
        Catalog catalog = new Catalog(volume, verify);
        try {
            catalog.refresh();
            return catalog;
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    /**
     * The snapshot as of the last refresh, without reading shared memory: see {@link #refresh()}.
     *
     * @return the immutable snapshot of the last refresh
     * @throws ResourceClosedException if the catalog is closed
     */
    public CatalogSnapshot snapshot() {
        checkOpen();
        return snapshot;
    }

    /**
     * Replays commits made since the last refresh, and the famfs log entries of the files they
     * name; cheap when there are none (one counter read).
     *
     * @return the current snapshot; the same instance when nothing was committed since the last refresh
     * @throws CorruptCatalogException if the commit count or a record is damaged
     * @throws ResourceClosedException if the catalog is closed
     */
    public CatalogSnapshot refresh() {
        if (!attached()) {
            return snapshot;
        }
        long count;
        synchronized (lock) {
            checkOpen();
            count = file.count();
            if (count == snapshot.version()) {
                return snapshot;
            }
            if (count < snapshot.version() || count > file.capacity()) {
                throw new CorruptCatalogException("catalog commit count out of range: count=" + count + " known="
                        + snapshot.version() + " capacity=" + file.capacity());
            }
        }
        // Every file a commit below count names was logged in famfs before the count moved: having
        // read it, replay the famfs log, so that those files can be mapped.
        Namespace namespace = volume.refresh();
        synchronized (lock) {
            checkOpen();
            CatalogSnapshot current = snapshot;
            if (count > current.version()) {
                snapshot = CommitReplay.apply(current, file.read(current.version(), count), namespace);
            }
            return snapshot;
        }
    }

    /**
     * Waits until the catalog has more than {@code version} commits, for at most {@code timeout};
     * returns the new snapshot, or the unchanged one on timeout. Polls one counter in shared
     * memory: spins briefly, then parks for up to 50 microseconds between reads.
     *
     * @param version the snapshot version (commit count) the caller already has
     * @param timeout the longest to wait; zero (or negative) refreshes once and returns
     * @return a snapshot with a version above {@code version}, or the current one when the timeout passed first
     * @throws ResourceClosedException if the catalog is closed
     */
    public CatalogSnapshot awaitChange(long version, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int polls = 0;
        while (true) {
            CatalogSnapshot current = refresh();
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

    /**
     * The table's schema, read once from the schema-only frame written when it was created.
     *
     * @param table a table of one of this catalog's snapshots
     * @param mappingAllocator the allocator the schema frame's mapping is wrapped in while it is read
     * @return the table's Arrow schema, cached per table after the first read
     */
    public Schema schema(TableState table, BufferAllocator mappingAllocator) {
        return frames.schema(table, mappingAllocator);
    }

    /** {@return how frames attached through this catalog check their batches} */
    public VerifyMode verifyMode() {
        return frames.verify();
    }

    /**
     * Attaches a committed frame zero-copy (see {@link Frame#attach}); {@code populate} pre-faults
     * its pages (MAP_POPULATE) instead of faulting them on first scan. Its batches are checked as
     * {@link #verifyMode()} says, once per batch per process (see {@link Frame#checkBatch}). The
     * caller closes it.
     *
     * @param frame a committed frame of one of this catalog's snapshots
     * @param mappingAllocator the allocator the mapping is wrapped as a foreign allocation of,
     *     best dedicated to mappings
     * @param populate true to pre-fault every page now, false to fault them on first read
     * @return the attached frame, which the caller closes
     */
    public Frame attach(FrameRef frame, BufferAllocator mappingAllocator, boolean populate) {
        return frames.attach(frame.path(), mappingAllocator, populate);
    }

    /**
     * Creates an empty table with {@code schema}. Master only.
     *
     * @param name the table's name: letters, digits and {@code _}, not starting with a digit, at most 63
     * @param schema the Arrow schema every frame of the table must have
     * @return the new table, with no frames
     * @throws InvalidTableNameException if {@code name} cannot name a table
     * @throws TableExistsException if a table named {@code name} exists
     * @throws CatalogFullException if the catalog has no free commit slot
     * @throws io.arrowfamfs.famfs.NotMasterException if this node is a client
     */
    public TableState createTable(String name, Schema schema) {
        return writer.createTable(name, schema);
    }

    /**
     * Publishes {@code frame} as the table's next frame; the frame's schema must be the table's.
     * The frame is copied into famfs with no lock held (see {@link CatalogWriter}). Master only.
     *
     * @param name the table to append to; it must exist
     * @param frame the frame to publish; it is copied, and stays the caller's to close
     * @param mappingAllocator the allocator the table's schema frame is mapped with to check the schema
     * @return the committed frame as the table now lists it
     * @throws NoSuchTableException if the table does not exist, or is dropped while the frame is copied
     * @throws SchemaMismatchException if the frame's schema is not the table's
     * @throws CatalogFullException if the catalog has no free commit slot
     * @throws io.arrowfamfs.famfs.OutOfSpaceException if the device has no room for the frame
     * @throws io.arrowfamfs.famfs.NotMasterException if this node is a client
     */
    public FrameRef append(String name, FrameBuilder frame, BufferAllocator mappingAllocator) {
        return writer.append(name, frame, mappingAllocator, false, frame::writeTo);
    }

    /**
     * Like {@link #append(String, FrameBuilder, BufferAllocator)}, creating the table with the
     * frame's schema if it does not exist. Creation and the first frame are one commit.
     *
     * @param name the table to append to or create: letters, digits and {@code _}, not starting with a digit
     * @param frame the frame to publish; it is copied, and stays the caller's to close
     * @param mappingAllocator the allocator the table's schema frame is mapped with to check the schema
     * @return the committed frame as the table now lists it
     * @throws InvalidTableNameException if {@code name} cannot name a table
     * @throws SchemaMismatchException if the table exists with another schema
     * @throws CatalogFullException if the catalog has no free commit slot
     * @throws io.arrowfamfs.famfs.OutOfSpaceException if the device has no room for the frame
     * @throws io.arrowfamfs.famfs.NotMasterException if this node is a client
     */
    public FrameRef createOrAppend(String name, FrameBuilder frame, BufferAllocator mappingAllocator) {
        return writer.append(name, frame, mappingAllocator, true, frame::writeTo);
    }

    /**
     * {@link #append}, with {@code contents} doing the copy instead of the frame: the seam through
     * which tests hold a copy in progress (or fail it). Package-private on purpose: not API.
     */
    FrameRef append(String name, FrameBuilder frame, BufferAllocator mappingAllocator, FileContents contents) {
        return writer.append(name, frame, mappingAllocator, false, contents);
    }

    /**
     * Forgets a table. famfs has no delete: its files stay allocated and are reported as unreclaimable.
     * Master only.
     *
     * @param name the table to drop
     * @throws NoSuchTableException if no table is named {@code name}
     * @throws CatalogFullException if the catalog has no free commit slot
     * @throws io.arrowfamfs.famfs.NotMasterException if this node is a client
     */
    public void drop(String name) {
        writer.drop(name);
    }

    /**
     * For the writer, inside the log lock: the catalog file exists (created if not) and the
     * snapshot is current, with room for {@code records} more records.
     */
    CatalogSnapshot prepareWrite(int records) {
        if (!attached()) {
            CatalogFile.create(volume);
            if (!attached()) {
                throw new CorruptCatalogException(
                        "catalog created but not found: path=" + CatalogDescriptor.CATALOG_PATH);
            }
        }
        CatalogSnapshot current = refresh();
        checkRoom(current, records);
        return current;
    }

    /**
     * For the writer, inside the log lock: publishes {@code records} in one step, then replays
     * them. Once the count has moved the commit is durable and this returns normally: if the
     * replay fails, the next {@link #refresh} replays the records again and reports its own error
     * to its caller, so a writer never sees a failure for a commit that happened (and never
     * retries it into a duplicate).
     */
    void publish(List<CommitRecord> records) {
        synchronized (lock) {
            checkOpen();
            checkRoom(snapshot, records.size());
            file.append(records);
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            // committed: the replay is retried, and its error reported, by the next refresh
        }
    }

    /** For the writer: throws {@link CatalogFullException} unless {@code current} leaves room for {@code records}. */
    void checkRoom(CatalogSnapshot current, int records) {
        long capacity;
        synchronized (lock) {
            checkOpen();
            capacity = file.capacity();
        }
        if (current.version() + records > capacity) {
            throw new CatalogFullException(
                    "catalog full: commits=" + current.version() + " needed=" + records + " capacity=" + capacity);
        }
    }

    /** True once the catalog file is mapped; maps it if famfs has it by now (replaying famfs first). */
    private boolean attached() {
        synchronized (lock) {
            checkOpen();
            if (file != null) {
                return true;
            }
        }
        Namespace namespace = volume.refresh();
        synchronized (lock) {
            checkOpen();
            if (file == null) {
                file = CatalogFile.attach(volume, namespace).orElse(null);
            }
            return file != null;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ResourceClosedException("catalog of " + volume.path());
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                if (file != null) {
                    file.close();
                }
            }
        }
    }
}
