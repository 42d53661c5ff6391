package io.arrowfamfs.catalog;

import io.arrowfamfs.catalog.CatalogRecord.GrantSpace;
import io.arrowfamfs.catalog.RecordCodec.Stored;
import io.arrowfamfs.famfs.Namespace;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Role;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.Volume.FileContents;
import io.arrowfamfs.frame.CorruptFrameException;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.frame.VerifyMode;
import io.arrowfamfs.hosts.HostSettings;
import io.arrowfamfs.hosts.LeaseExpiredException;
import io.arrowfamfs.hosts.LeaseTracker;
import io.arrowfamfs.hosts.Pin;
import io.arrowfamfs.hosts.Ticker;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.ResourceClosedException;
import io.arrowfamfs.space.Pool;
import io.arrowfamfs.space.SpaceLayout;
import io.arrowfamfs.space.SpaceReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.zip.CRC32C;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The tables of a volume. Readers ({@link #snapshot}, {@link #refresh}, {@link #awaitChange})
 * work on any node; so do the publishers ({@link #append}, {@link #createOrAppend}, {@link
 * #replace}, {@link #write}, {@link #appendWritten}); the other writers ({@link #createTable},
 * {@link #drop}, {@link #handOver} and the like) work on the master only. Frames live in pools
 * ({@link io.arrowfamfs.space}); the catalog file is a ring of records plus checkpoints, so it
 * never fills and a new reader's open costs the live state, not the history. The parts: {@link
 * CatalogFile} (the mapped file, its ring and roots), {@link CommitReplay} and {@link Checkpoint}
 * (records into state), {@link CatalogWriter} (the write path and its protocol), {@link
 * FrameAccess} (attach, pool mappings, the schema cache).
 *
 * <p><b>Threading.</b> Thread-safe. One lock guards the catalog file and the state it is replayed
 * into; it is held only to read the count, read new records and replace the snapshot, never
 * while famfs is replayed or a frame is copied, so a reader in this JVM never waits for a
 * writer's copy. Writers serialise on the volume's log lock (see {@link CatalogWriter}).
 *
 * <p><b>Publishing from a client.</b> Only the master writes the catalog. A client node's
 * publish goes through the node's outbox (docs/outbox.md, {@link OutboxWriter}): this process
 * takes a ring of it, asks the master's agent for space (a grant of at least 16 MiB), copies the
 * frame into it and appends a commit record; the agent ({@link OutboxAgent}) checks the frame
 * (its grant, footer, checksums, schema, the table's publisher) and commits it, and the call
 * returns once the catalog lists it. What the master would throw reaches the client as a {@link
 * PublishRejectedException} with the master's message, but for a full device or famfs log: the
 * client throws the master's {@link io.arrowfamfs.famfs.OutOfSpaceException} or {@link
 * io.arrowfamfs.famfs.LogFullException}. An agent that does not answer in 30 s is an {@link
 * AgentUnavailableException} ({@link OutboxFullException} when the ring it left full has no
 * room). A client publishes only the tables it publishes ({@link #publisher}): those it created,
 * or that the master handed it ({@link #handOver}).
 */
public final class Catalog implements AutoCloseable {
    private static final int LOAD_ATTEMPTS = 8;

    private final Volume volume;
    private final FrameAccess frames;
    private final CatalogWriter writer;
    private final boolean migrating;
    private final Object lock = new Object();
    private CatalogFile file;
    /** The replayed state; null when it must be loaded again (never opened, lapped, or a replay failed half-way). */
    private CatalogState state;

    private volatile CatalogSnapshot snapshot = CatalogSnapshot.EMPTY;
    private volatile boolean closed;

    /** Host services and this catalog's pins, from {@link #startHosts} on; null before. */
    private HostServices services;

    private ReaderPins readers;
    /** The master's reclamation, on the master only. */
    private Reclaimer reclaimer;
    /** Moves pins up while frames are attached, and reclaims on the master. */
    private Ticker upkeep;
    /** The master's side of the outboxes, on the master only. */
    private OutboxAgent outboxAgent;
    /** This client's ring of its node's outbox, from its first publish on. */
    private OutboxWriter outboxWriter;

    private Catalog(Volume volume, VerifyMode verify, boolean migrating) {
        this.volume = volume;
        this.frames = new FrameAccess(volume, verify);
        this.writer = new CatalogWriter(volume, this, frames);
        this.migrating = migrating;
    }

    /**
     * The catalog of {@code volume}; a volume with no tables yet has an empty one.
     *
     * @param volume the open volume whose catalog to read (and, on the master, write); it must
     *     outlive the catalog, which does not close it
     * @return the catalog, refreshed; the caller closes it
     * @throws CorruptCatalogException if the catalog file is damaged
     * @throws UnsupportedCatalogFormatException if the catalog was written in a format this build
     *     does not read; a format-1 catalog names the command that converts it
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
     * @throws UnsupportedCatalogFormatException if the catalog was written in a format this build
     *     does not read; a format-1 catalog names the command that converts it
     */
    public static Catalog open(Volume volume, VerifyMode verify) {
        return open(volume, verify, false);
    }

    /** For {@link LegacyMigration}: a catalog that may be written while a migration is unfinished. */
    static Catalog openForMigration(Volume volume) {
        return open(volume, VerifyMode.FIRST_USE, true);
    }

    private static Catalog open(Volume volume, VerifyMode verify, boolean migrating) {
        Catalog catalog = new Catalog(volume, verify, migrating);
        try {
            catalog.refresh();
            catalog.startHosts();
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
     * Replays commits made since the last refresh, and the famfs log entries of the pools they
     * name; cheap when there are none (one counter read). A reader the ring lapped reloads from
     * the newest checkpoint.
     *
     * @return the current snapshot; the same instance when nothing was committed since the last refresh
     * @throws CorruptCatalogException if the commit count, a record or a checkpoint is damaged
     * @throws UnsupportedCatalogFormatException if the volume holds a format-1 catalog not yet migrated
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
            if (state != null && count == state.version) {
                return snapshot;
            }
            if (state != null && count < state.version) {
                throw new CorruptCatalogException(
                        "catalog commit count went back: count=" + count + " known=" + state.version);
            }
        }
        // Frames held: pin the new count before its records are read, to move them up to it.
        Pin fresh = readers == null ? null : readers.pinIfHolding(this::count);
        boolean moved = false;
        try {
            // Every pool a commit below count names was logged in famfs before the count moved:
            // having read it, replay the famfs log, so that those pools can be mapped.
            volume.refresh();
            synchronized (lock) {
                checkOpen();
                catchUp();
                if (readers != null) {
                    readers.moveUp(fresh, state);
                }
                moved = true;
                CatalogSnapshot next = state.snapshot();
                if (!migrating
                        && LegacyCatalogFile.exists(volume.namespace())
                        && state.migratedFrom == CatalogState.NOT_MIGRATED) {
                    throw LegacyCatalogFile.unmigrated(volume, true);
                }
                snapshot = next;
                return snapshot;
            }
        } finally {
            if (!moved && fresh != null) {
                fresh.close();
            }
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
        return frames.schema(table, pool(table.schema().extent().pool()), mappingAllocator, this::hold);
    }

    /** {@return how frames attached through this catalog check their batches} */
    public VerifyMode verifyMode() {
        return frames.verify();
    }

    /**
     * Attaches a committed frame zero-copy from its pool's mapping (see {@link Frame#attach});
     * {@code populate} faults its pages in now instead of on first scan. Its batches are checked
     * as {@link #verifyMode()} says, once per batch while the frame is attached in the process
     * (see {@link Frame#checkBatch}).
     * The caller closes it.
     *
     * @param frame a committed frame of one of this catalog's snapshots
     * @param mappingAllocator the allocator the mapping is wrapped as a foreign allocation of,
     *     best dedicated to mappings
     * @param populate true to fault every page in now, false to fault them on first read
     * @return the attached frame, which the caller closes
     */
    public Frame attach(FrameRef frame, BufferAllocator mappingAllocator, boolean populate) {
        FrameLocation location = frame.location();
        ReaderPins.Hold hold = hold(location);
        try {
            return frames.attach(location, pool(location.extent().pool()), mappingAllocator, populate, hold);
        } catch (CorruptFrameException e) {
            try {
                hold.check(); // the lease ran out while the footer was read: say that, not "corrupt"
            } finally {
                hold.run();
            }
            throw e;
        } catch (RuntimeException e) {
            hold.run();
            throw e;
        }
    }

    /**
     * A pin covering the frame at {@code location}: the top rung when the frame is live (a new
     * one pinned first, and the catalog refreshed past it, when the top is missing or newer than
     * the state), else an older rung below its retirement.
     */
    private ReaderPins.Hold hold(FrameLocation location) {
        while (true) {
            synchronized (lock) {
                checkOpen();
                ReaderPins.Hold hold = readers.hold(location, state == null ? new CatalogState(0) : state);
                if (hold != null) {
                    return hold;
                }
            }
            readers.pinTop(this::count);
            refresh();
        }
    }

    /**
     * Starts the pins and the upkeep thread; on the master also the host services (the tracker
     * candidate, and the reclaimer), with the settings as of the first refresh. A client starts
     * its host services at its first pin.
     */
    private void startHosts() {
        readers = new ReaderPins(this::hostServices, volume.path().toString());
        if (volume.role() == Role.MASTER) {
            HostServices started = hostServices().orElseThrow();
            reclaimer = new Reclaimer(this, writer, started.tracker().orElseThrow(), System::nanoTime);
            outboxAgent = new OutboxAgent(
                    volume,
                    writer,
                    started.hosts(),
                    started.tracker().orElseThrow(),
                    started.settings().period());
        }
        upkeep = new Ticker(
                "arrow-famfs-catalog-upkeep",
                HostServices.hostSettings(settings()).period(),
                this::upkeep);
    }

    /** The host services, started on first use; empty on a client of a volume with no host table yet. */
    private synchronized Optional<HostServices> hostServices() {
        checkOpen();
        if (services == null) {
            services = HostServices.start(volume, settings()).orElse(null);
        }
        return Optional.ofNullable(services);
    }

    /** Every period: moves pins up while frames are held (so the host's bound follows), and reclaims on the master. */
    private void upkeep() {
        if (closed) {
            return;
        }
        if (readers.held() > 0) {
            refresh();
        }
        if (reclaimer != null) {
            reclaimer.pass();
        }
    }

    /** The commit count in shared memory now. */
    private long count() {
        synchronized (lock) {
            checkOpen();
            return file == null ? 0 : file.count();
        }
    }

    /**
     * Creates an empty table with {@code schema}. Master only.
     *
     * @param name the table's name: letters, digits and {@code _}, not starting with a digit, at most 63
     * @param schema the Arrow schema every frame of the table must have
     * @return the new table, with no frames
     * @throws InvalidTableNameException if {@code name} cannot name a table
     * @throws TableExistsException if a table named {@code name} exists
     * @throws io.arrowfamfs.famfs.OutOfSpaceException if no pool has room and the device none for a new pool
     * @throws io.arrowfamfs.famfs.NotMasterException if this node is a client
     */
    public TableState createTable(String name, Schema schema) {
        return writer.createTable(name, schema);
    }

    /**
     * Publishes {@code frame} as the table's next frame; the frame's schema must be the table's.
     * On the master the frame is copied into pool space with no lock held, then committed (see
     * {@link CatalogWriter}); on a client it goes through the node's outbox, and the master's
     * agent checks and commits it (see the class comment).
     *
     * @param name the table to append to; it must exist
     * @param frame the frame to publish; it is copied, and stays the caller's to close
     * @param mappingAllocator the allocator the table's schema frame is mapped with to check the
     *     schema, on the master (on a client the agent checks it)
     * @return the committed frame as the table now lists it
     * @throws NoSuchTableException if the table does not exist, or is dropped while the frame is
     *     copied (on a client: a {@link PublishRejectedException} saying so)
     * @throws SchemaMismatchException if the frame's schema is not the table's (on a client: a
     *     {@link PublishRejectedException} saying so)
     * @throws TablePublisherException if a client node publishes the table (on a client: a
     *     {@link PublishRejectedException} saying so)
     * @throws PublishRejectedException on a client, if the master's agent refuses the commit, with its reason
     * @throws io.arrowfamfs.famfs.OutOfSpaceException if no pool has room and the device none for a new pool
     * @throws io.arrowfamfs.famfs.LogFullException if a new pool is needed and the famfs log has no entry left
     * @throws AgentUnavailableException on a client, if the master's agent does not answer
     * @throws OutboxFullException on a client, if its outbox ring has no room and the agent consumes none
     */
    public FrameRef append(String name, FrameBuilder frame, BufferAllocator mappingAllocator) {
        return publish(name, frame, mappingAllocator, CatalogWriter.Mode.APPEND);
    }

    private FrameRef publish(
            String name, FrameBuilder frame, BufferAllocator mappingAllocator, CatalogWriter.Mode mode) {
        if (volume.role() == Role.MASTER) {
            return writer.append(
                    name, CatalogWriter.FrameShape.of(frame), mappingAllocator, mode, FrameContents.of(frame));
        }
        OutboxWriter outbox = outbox();
        FrameRef written = outbox.write(frame.sizeBound(), frame.rows(), frame.batchCount(), FrameContents.of(frame));
        return outbox.commit(name, mode, List.of(written)).get(0);
    }

    /**
     * Writes {@code frame} into this node's granted space without publishing it: a frame one
     * commit ({@link #appendWritten}) will publish with frames other nodes wrote, as a Spark job's
     * driver publishes what its executors wrote. On a client the space comes from the master's
     * agent through this node's outbox; on the master from the master's own grants.
     *
     * @param frame the frame; it is copied, and stays the caller's to close
     * @return where it is written, for the commit that publishes it (commit -1: not yet)
     * @throws io.arrowfamfs.famfs.OutOfSpaceException if the master's agent finds no room for a grant
     * @throws io.arrowfamfs.famfs.LogFullException if the grant needs a new pool and the famfs log has no entry left
     * @throws AgentUnavailableException if the master's agent does not answer
     */
    public FrameRef write(FrameBuilder frame) {
        return outbox().write(frame.sizeBound(), frame.rows(), frame.batchCount(), FrameContents.of(frame));
    }

    /**
     * Publishes frames written with {@link #write} (by any nodes) as table {@code name}, in one
     * commit, creating the table with their schema if it does not exist; or, with {@code replace},
     * as the table's only frames. The master checks each frame (its writer's grant, unused space,
     * footer, checksums, schema) before anything is visible.
     *
     * @param name the table
     * @param frames what {@link #write} returned, on this or other nodes
     * @param replace true to retire every frame the table had
     * @return the frames as the table now lists them
     * @throws PublishRejectedException if a frame fails the master's checks: nothing is published
     * @throws TablePublisherException if another node publishes the table (on a client: a
     *     {@link PublishRejectedException} saying so)
     * @throws AgentUnavailableException if the master's agent does not answer a client
     * @throws OutboxFullException on a client, if its outbox ring has no room and the agent consumes none
     */
    public List<FrameRef> appendWritten(String name, List<FrameRef> frames, boolean replace) {
        CatalogWriter.Mode mode = replace ? CatalogWriter.Mode.REPLACE : CatalogWriter.Mode.CREATE_OR_APPEND;
        if (volume.role() == Role.MASTER) {
            try (RootAllocator allocator = new RootAllocator()) {
                return writer.commitWritten(name, mode, frames, volume.node().uuid(), allocator);
            }
        }
        return outbox().commit(name, mode, frames);
    }

    /**
     * {@return the node that publishes table {@code name}: empty when the master does (every
     * table made on the master), else the client that created it or was handed it}
     *
     * @param name a table's name
     */
    public Optional<UUID> publisher(String name) {
        return inState(s -> Optional.ofNullable(s.publishers.get(name)));
    }

    /**
     * Hands table {@code name} to {@code node}: from the next commit on, only that node appends to
     * or replaces it. Master only.
     *
     * @param name the table
     * @param node the node that publishes it from now on
     * @throws NoSuchTableException if there is no such table
     * @throws io.arrowfamfs.famfs.NotMasterException if this node is a client
     */
    public void handOver(String name, UUID node) {
        writer.handOver(name, node);
    }

    /**
     * Grants {@code bytes} of pool space to a client node ahead of its first publish, and makes
     * its outbox: what {@code pool grant --node} does. Master only.
     *
     * @param node the client node
     * @param bytes the space, rounded up to whole 2 MiB units
     * @return the grant
     * @throws io.arrowfamfs.famfs.OutOfSpaceException if no pool has room and the device none for a new pool
     * @throws io.arrowfamfs.famfs.NotMasterException if this node is a client
     */
    public GrantView grant(UUID node, long bytes) {
        OutboxFile.createIfMissing(volume, node);
        String name = "node=" + node + " ring=0";
        // read under the log lock: a lease tracker retiring the grants of a node that never took a host
        // slot holds it too, so the grant is still open when its use is read
        return writer.grantTo(
                OutboxDescriptor.writerId(node, 0),
                name,
                bytes,
                GrantSpace.NONE,
                grant -> new GrantView(grant, name, inState(s -> s.space.used(grant.id()))));
    }

    /**
     * Runs this process as an agent candidate from now on, for {@code arrow-famfs agent}: the
     * host agent (heartbeats, so readers of this host pin at once), and on the master the lease
     * tracker, the reclaimer and the outboxes' committer, which the catalog runs anyway.
     *
     * @throws LeaseExpiredException if the volume has no host table yet (a client before the
     *     master first opened it)
     */
    public void serveAsAgent() {
        HostServices started = hostServices()
                .orElseThrow(() -> new LeaseExpiredException("cannot serve: volume=" + volume.path()
                        + " has no host table yet; hint: open the volume once on the master"));
        started.pinsWithAgent();
    }

    /** {@return whether this process is the master's agent now: its lease tracker is elected} */
    public boolean isMasterAgent() {
        return startedAnd(s -> s.tracker().map(LeaseTracker::isTracking).orElse(false));
    }

    /** {@return whether this process is its host's agent now: it heartbeats for the host} */
    public boolean isHostAgent() {
        return startedAnd(HostServices::isHostAgent);
    }

    /** Whether the host services are started and {@code role} holds of them; never starts them. */
    private boolean startedAnd(Predicate<HostServices> role) {
        HostServices started;
        synchronized (this) {
            started = services;
        }
        return started != null && role.test(started);
    }

    /** This process's ring of its node's outbox, taken at its first publish (client) or write (any node). */
    private OutboxWriter outbox() {
        return outbox(AgentWait.PATIENCE);
    }

    /**
     * {@link #outbox()}, each wait for the master's agent lasting at most {@code patience} if this
     * call takes the ring: the seam through which tests meet an absent agent quickly.
     * Package-private on purpose: not API.
     */
    synchronized OutboxWriter outbox(Duration patience) {
        checkOpen();
        if (outboxWriter == null) {
            if (volume.role() == Role.MASTER) {
                OutboxFile.createIfMissing(volume, volume.node().uuid());
            }
            HostServices started = hostServices()
                    .orElseThrow(() -> new AgentUnavailableException("cannot publish: volume=" + volume.path()
                            + " has no host table yet; hint: open the volume once on the master"));
            outboxWriter = OutboxWriter.open(
                    volume,
                    this,
                    started.pinsWithAgent(),
                    new AgentWait(volume.node().uuid(), patience));
        }
        return outboxWriter;
    }

    /**
     * Like {@link #append(String, FrameBuilder, BufferAllocator)}, creating the table with the
     * frame's schema if it does not exist. Creation and the first frame are one commit; a table a
     * client node creates is published by that node from then on ({@link #publisher}).
     *
     * @param name the table to append to or create: letters, digits and {@code _}, not starting with a digit
     * @param frame the frame to publish; it is copied, and stays the caller's to close
     * @param mappingAllocator the allocator the table's schema frame is mapped with to check the
     *     schema, on the master (on a client the agent checks it)
     * @return the committed frame as the table now lists it
     * @throws InvalidTableNameException if {@code name} cannot name a table
     * @throws SchemaMismatchException if the table exists with another schema (on a client: a
     *     {@link PublishRejectedException} saying so)
     * @throws TablePublisherException if a client node publishes the table (on a client: a
     *     {@link PublishRejectedException} saying so)
     * @throws PublishRejectedException on a client, if the master's agent refuses the commit, with its reason
     * @throws io.arrowfamfs.famfs.OutOfSpaceException if no pool has room and the device none for a new pool
     * @throws io.arrowfamfs.famfs.LogFullException if a new pool is needed and the famfs log has no entry left
     * @throws AgentUnavailableException on a client, if the master's agent does not answer
     * @throws OutboxFullException on a client, if its outbox ring has no room and the agent consumes none
     */
    public FrameRef createOrAppend(String name, FrameBuilder frame, BufferAllocator mappingAllocator) {
        return publish(name, frame, mappingAllocator, CatalogWriter.Mode.CREATE_OR_APPEND);
    }

    /**
     * A new version of the table holding {@code frame} alone, in one commit: every frame it had is
     * retired, and the table is created, or recreated with the frame's schema if that differs. The
     * overwrite Spark and compaction need. The retired frames' space is held as {@link #drop}
     * says. On a client it goes through the node's outbox as {@link #append(String, FrameBuilder,
     * BufferAllocator)} does, for a table the node publishes or a new one.
     *
     * @param name the table to replace or create
     * @param frame the table's new contents; it is copied, and stays the caller's to close
     * @param mappingAllocator the allocator the table's schema frame is mapped with to compare
     *     schemas, on the master (on a client the agent compares them)
     * @return the committed frame as the table now lists it
     * @throws InvalidTableNameException if {@code name} cannot name a table
     * @throws TablePublisherException if a client node publishes the table (on a client: a
     *     {@link PublishRejectedException} saying so)
     * @throws PublishRejectedException on a client, if the master's agent refuses the commit, with its reason
     * @throws io.arrowfamfs.famfs.OutOfSpaceException if no pool has room and the device none for a new pool
     * @throws io.arrowfamfs.famfs.LogFullException if a new pool is needed and the famfs log has no entry left
     * @throws AgentUnavailableException on a client, if the master's agent does not answer
     * @throws OutboxFullException on a client, if its outbox ring has no room and the agent consumes none
     */
    public FrameRef replace(String name, FrameBuilder frame, BufferAllocator mappingAllocator) {
        return publish(name, frame, mappingAllocator, CatalogWriter.Mode.REPLACE);
    }

    /**
     * {@link #append}, with {@code contents} doing the copy instead of the frame: the seam through
     * which tests hold a copy in progress (or fail it). Package-private on purpose: not API.
     */
    FrameRef append(String name, FrameBuilder frame, BufferAllocator mappingAllocator, FrameContents contents) {
        return writer.append(
                name, CatalogWriter.FrameShape.of(frame), mappingAllocator, CatalogWriter.Mode.APPEND, contents);
    }

    /**
     * Drops a table: its frames are retired at this commit. Their space stays held (reported as
     * retired) until quarantine and free records release it, once no host can still read a
     * snapshot that has them. Master only.
     *
     * @param name the table to drop
     * @throws NoSuchTableException if no table is named {@code name}
     * @throws io.arrowfamfs.famfs.NotMasterException if this node is a client
     */
    public void drop(String name) {
        writer.drop(name);
    }

    /**
     * Retires one frame of a table: the table no longer lists it, and its space stays held until
     * no host can still read a snapshot that has it. For compaction and the SST store. Master only.
     *
     * @param name the table
     * @param frame one of the table's frames
     * @throws NoSuchTableException if no table is named {@code name}
     * @throws IllegalArgumentException if the table does not list {@code frame}
     * @throws io.arrowfamfs.famfs.NotMasterException if this node is a client
     */
    public void retire(String name, FrameRef frame) {
        writer.retire(name, frame);
    }

    /**
     * Changes a volume setting, for every host. Master only.
     *
     * @param name {@link VolumeSettings#LEASE}, {@link VolumeSettings#GRACE} or {@link VolumeSettings#QUARANTINE}
     * @param value the new value
     * @return the settings after the change
     * @throws InvalidSettingException if the name or the value is not valid
     * @throws io.arrowfamfs.famfs.NotMasterException if this node is a client
     */
    public VolumeSettings configure(String name, Duration value) {
        return configure(Map.of(name, value));
    }

    /**
     * Changes several volume settings in one commit, checked together (so a lease and a grace
     * can be shortened or lengthened at once). Master only. Processes already running keep the
     * timing they opened the volume with; new ones take the new one.
     *
     * @param values new values by setting name
     * @return the settings after the change
     * @throws InvalidSettingException if a name or value is not valid, or the settings do not fit together
     * @throws io.arrowfamfs.famfs.NotMasterException if this node is a client
     */
    public VolumeSettings configure(Map<String, Duration> values) {
        Map<String, Duration> checked = new LinkedHashMap<>();
        values.forEach((name, value) -> checked.put(VolumeSettings.check(name, value), value));
        writer.configure(checked);
        return settings();
    }

    /**
     * Creates a pool of {@code size} bytes now, laid out as {@code placement} says, instead of
     * waiting for a publish to need one; on an emulated device its memory is reserved at once
     * (a pool made by a publish reserves it grant by grant). Master only.
     *
     * @param size the pool's bytes, rounded up to whole units
     * @param placement how famfs lays the pool file out (striped across memory devices, or packed)
     * @return the new pool
     * @throws io.arrowfamfs.famfs.OutOfSpaceException if the device has no room for it
     * @throws io.arrowfamfs.famfs.NotMasterException if this node is a client
     */
    public Pool createPool(long size, Placement placement) {
        return writer.createPool(size, placement);
    }

    /**
     * One garbage-collection pass, now: closes the grants of this host's writer processes that
     * died, so that what they set aside and never published is reused; and, if this process is
     * the master's agent (no other process of the master host is), one reclamation pass, after
     * waiting a few heartbeat periods for the hosts to be heard. Master only.
     *
     * @return what the pass did
     * @throws io.arrowfamfs.famfs.NotMasterException if this node is a client
     */
    public GcReport collect() {
        GcReport grants = writer.collect();
        ReclaimReport reclaimed = ReclaimReport.NOT_RECLAIMING;
        if (reclaimer != null && reclaimer.awaitAgent()) {
            reclaimed = reclaimer.pass();
        }
        return new GcReport(grants.grantsClosed(), grants.bytesClosed(), reclaimed);
    }

    /**
     * {@return the grants not yet closed, each with who its writer is}
     */
    public List<GrantView> grants() {
        return inState(s -> s.space.openGrants().stream()
                .map(g -> new GrantView(g, s.grantNames.getOrDefault(g.id(), ""), s.space.used(g.id())))
                .toList());
    }

    /**
     * {@return the heartbeat timing of this volume's hosts: its lease and grace, as of the last
     * refresh, and a period derived from the lease (a 25th of it, 2 to 100 ms)}
     */
    public HostSettings hostSettings() {
        return HostServices.hostSettings(settings());
    }

    /** {@return the volume's reclamation settings, as of the last refresh} */
    public VolumeSettings settings() {
        return inState(CatalogState::settings);
    }

    /** {@return where the bytes of every pool are, as of the last refresh} */
    public SpaceReport space() {
        return inState(s -> s.space.report());
    }

    /** {@return the pools, by id, as of the last refresh} */
    public List<Pool> pools() {
        return inState(s -> List.copyOf(s.space.pools()));
    }

    /**
     * {@return the commit count of the format-1 catalog this one was converted from, if it was}
     */
    public Optional<Long> migratedFrom() {
        return inState(
                s -> s.migratedFrom == CatalogState.NOT_MIGRATED ? Optional.empty() : Optional.of(s.migratedFrom));
    }

    /** For {@link LegacyMigration}: appends a frame whose bytes {@code contents} copies verbatim. */
    FrameRef appendCopy(
            String name, CatalogWriter.FrameShape shape, BufferAllocator mappingAllocator, FileContents contents) {
        return writer.append(
                name,
                shape,
                mappingAllocator,
                CatalogWriter.Mode.CREATE_OR_APPEND,
                FrameContents.writtenBack(contents));
    }

    /** For {@link LegacyMigration}: marks the migration done. */
    void markMigrated(long legacyCommits) {
        writer.markMigrated(legacyCommits);
    }

    /** Pool {@code id}, as of the last refresh. */
    Pool pool(int id) {
        return inState(s -> s.space.pool(id))
                .orElseThrow(() -> new CorruptCatalogException("frame names an unknown pool: pool=" + id));
    }

    /** Runs {@code read} on the replayed state, under the lock. */
    <T> T inState(Function<CatalogState, T> read) {
        synchronized (lock) {
            checkOpen();
            if (state == null) {
                return read.apply(new CatalogState(0));
            }
            return read.apply(state);
        }
    }

    /**
     * For the writer, inside the log lock: the catalog file exists (created if not) and the
     * state is current.
     */
    CatalogSnapshot prepareWrite() {
        if (!attached()) {
            if (!migrating && LegacyCatalogFile.exists(volume.refresh())) {
                throw LegacyCatalogFile.unmigrated(volume, false);
            }
            CatalogFile.create(volume, CatalogDescriptor.DEFAULT_SLOTS);
            if (!attached()) {
                throw new CorruptCatalogException(
                        "catalog created but not found: path=" + CatalogDescriptor.CATALOG_PATH);
            }
        }
        return refresh();
    }

    /**
     * For the writer, inside the log lock: publishes {@code records} (the first at the current
     * count) in one step, then replays them. Once the count has moved the commit is durable and
     * this returns normally: if the replay fails, the next {@link #refresh} replays the records
     * again and reports its own error to its caller, so a writer never sees a failure for a
     * commit that happened (and never retries it into a duplicate).
     *
     * @return the sequence number of the first record
     */
    long publish(List<CatalogRecord> records) {
        long first;
        synchronized (lock) {
            checkOpen();
            if (state == null) {
                catchUp();
            }
            first = state.version;
            if (file.count() != first) {
                throw new CorruptCatalogException(
                        "catalog moved under its writer: count=" + file.count() + " known=" + first);
            }
            long time = System.currentTimeMillis() * 1000;
            List<byte[]> encoded = new ArrayList<>(records.size());
            for (int k = 0; k < records.size(); k++) {
                encoded.add(RecordCodec.encode(first + k, time, records.get(k)));
            }
            file.append(first, encoded);
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            // committed: the replay is retried, and its error reported, by the next refresh
        }
        return first;
    }

    /** For the writer: the ring's slot count and the current checkpoint root. */
    long slots() {
        synchronized (lock) {
            checkOpen();
            return file.slots();
        }
    }

    Optional<CheckpointRoot> root() {
        synchronized (lock) {
            checkOpen();
            return file.root();
        }
    }

    void writeRoot(CheckpointRoot root) {
        synchronized (lock) {
            checkOpen();
            file.writeRoot(root);
        }
    }

    /** Under the lock: brings {@link #state} to the current count, loading a checkpoint where the ring cannot. */
    private void catchUp() {
        StaleRecordException lapped = null;
        for (int attempt = 0; attempt < LOAD_ATTEMPTS; attempt++) {
            long count = file.count();
            try {
                if (state == null || count - state.version > file.slots()) {
                    state = load(count);
                }
                for (Stored stored : file.read(state.version, count)) {
                    CommitReplay.apply(state, stored);
                }
                return;
            } catch (StaleRecordException e) {
                lapped = e;
                state = null;
                volume.refresh();
            } catch (RuntimeException e) {
                state = null; // half-applied: load again next time
                throw e;
            }
        }
        throw new CorruptCatalogException("catalog kept lapping its reader: attempts=" + LOAD_ATTEMPTS + " "
                + lapped.getMessage() + "; hint: the writer commits faster than this reader can load a checkpoint");
    }

    /** The state as of the newest checkpoint (or the empty catalog, if none was written). */
    private CatalogState load(long count) {
        Optional<CheckpointRoot> found = file.root();
        if (found.isEmpty()) {
            if (count > file.slots()) {
                throw new CorruptCatalogException("catalog has no valid checkpoint root and more commits than its ring:"
                        + " count=" + count + " slots=" + file.slots());
            }
            return new CatalogState(0);
        }
        CheckpointRoot root = found.get();
        if (root.base() > count) {
            throw new StaleRecordException("catalog checkpoint ahead of the count read: base=" + root.base());
        }
        byte[] body = readBody(root);
        Optional<CheckpointRoot> after = file.root();
        if (after.isEmpty() || after.get().generation() != root.generation()) {
            throw new StaleRecordException(
                    "catalog checkpoint replaced while it was read: generation=" + root.generation());
        }
        String where = "checkpoint generation=" + root.generation() + " base=" + root.base();
        List<Stored> records = new ArrayList<>(root.records());
        for (int i = 0; i < root.records(); i++) {
            byte[] record = new byte[CatalogDescriptor.RECORD_SIZE];
            System.arraycopy(body, i * CatalogDescriptor.RECORD_SIZE, record, 0, record.length);
            records.add(RecordCodec.decode(record, i, where));
        }
        return Checkpoint.restore(root.base(), records, where);
    }

    /** A validated copy of a checkpoint's records: its pool mapped, its lines invalidated, its CRC checked. */
    private byte[] readBody(CheckpointRoot root) {
        Namespace namespace = volume.namespace();
        String path = SpaceLayout.poolPath(root.body().pool());
        if (namespace.lookup(path).isEmpty()) {
            throw new StaleRecordException("catalog checkpoint pool not in famfs yet: path=" + path);
        }
        long poolSize = namespace.file(path).size();
        Pool pool =
                new Pool(root.body().pool(), path, poolSize - poolSize % SpaceLayout.UNIT_SIZE, SpaceLayout.UNIT_SIZE);
        if (!pool.contains(root.body()) || root.body().length() > Integer.MAX_VALUE - 8) {
            throw new CorruptCatalogException("catalog checkpoint outside its pool: " + root.body());
        }
        try (MappedRegion slice = frames.pools().slice(pool, root.body())) {
            slice.invalidate(0, slice.length(), volume.cachePolicy());
            byte[] body = slice.copyOf(0, (int) slice.length());
            CRC32C crc = new CRC32C();
            crc.update(body);
            if ((int) crc.getValue() != root.bodyCrc()) {
                throw new StaleRecordException(String.format(
                        "catalog checkpoint crc mismatch: generation=%d stored=%08x computed=%08x",
                        root.generation(), root.bodyCrc(), (int) crc.getValue()));
            }
            return body;
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
            if (file == null && !migrating && LegacyCatalogFile.exists(namespace)) {
                throw LegacyCatalogFile.unmigrated(volume, false);
            }
            return file != null;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ResourceClosedException("catalog of " + volume.path());
        }
    }

    /**
     * Gives back this process's packing grant if it has one (its unused units are free again at
     * once, instead of when the writer is found gone), then closes
     * the catalog file and this process's reference on each pool mapping; attached frames stay
     * valid. Idempotent.
     *
     * @throws io.arrowfamfs.famfs.LockTimeoutException if the grant could not be given back within
     *     the lock timeout: the catalog is closed anyway, and the grant's unused space counts as
     *     orphaned until the writer is found gone
     */
    @Override
    public void close() {
        if (upkeep != null) {
            upkeep.close();
        }
        if (outboxAgent != null) {
            outboxAgent.close();
        }
        synchronized (this) {
            if (outboxWriter != null) {
                outboxWriter.close();
            }
        }
        try {
            if (!closed && writer.holdsSpace()) {
                writer.release();
            }
        } finally {
            boolean wasOpen = !closed;
            closeFiles();
            if (wasOpen && readers != null) {
                readers.close();
            }
            synchronized (this) {
                if (wasOpen && services != null) {
                    services.release(); // frames still attached keep it through their rungs
                }
            }
        }
    }

    private void closeFiles() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                try {
                    if (file != null) {
                        file.close();
                    }
                } finally {
                    frames.close();
                }
            }
        }
    }
}
