package io.arrowfamfs.catalog;

import io.arrowfamfs.catalog.CatalogRecord.AppendFrame;
import io.arrowfamfs.catalog.CatalogRecord.CloseGrant;
import io.arrowfamfs.catalog.CatalogRecord.CreateTable;
import io.arrowfamfs.catalog.CatalogRecord.DropTable;
import io.arrowfamfs.catalog.CatalogRecord.Free;
import io.arrowfamfs.catalog.CatalogRecord.GrantSpace;
import io.arrowfamfs.catalog.CatalogRecord.Quarantine;
import io.arrowfamfs.catalog.CatalogRecord.ReplaceTable;
import io.arrowfamfs.catalog.CatalogRecord.RetireFrame;
import io.arrowfamfs.catalog.CatalogRecord.SetConfig;
import io.arrowfamfs.catalog.CatalogRecord.SetPublisher;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.frame.CorruptFrameException;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.space.Extent;
import io.arrowfamfs.space.Grant;
import io.arrowfamfs.space.Pool;
import io.arrowfamfs.space.SpaceLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The catalog's write path (master only). Publishing a frame takes the log lock twice and copies
 * in between with no lock and no monitor held:
 * <ol>
 *   <li><b>Allocate</b>, under the log lock: catch up with the catalog, check the table and
 *       schema, and take the frame's range from this writer's grant ({@link WriterSpace}; a new
 *       grant, or a new pool, is itself a commit). A small frame to a table that exists, when the
 *       writer's packing grant has room, takes no lock in this step: the grant is the writer's
 *       alone, and stays open while frames are being copied into it.
 *   <li><b>Copy</b>, no lock: write the frame into its range of the pool's mapping and write it
 *       back. Other writers commit meanwhile; readers never wait for it.
 *   <li><b>Commit</b>, under the log lock: catch up again, check the table against the catalog as
 *       it is now (another writer may have created, dropped or recreated it), and publish the
 *       records in one store of the commit count.
 * </ol>
 * A writer that stops after step 1 (killed, or refused in step 3) leaves bytes in its grant that
 * no commit names: orphaned space, reported by {@code info}, invisible to readers. Before a commit
 * would let the ring overwrite records no checkpoint covers, the writer writes a checkpoint
 * ({@link CheckpointWriter}).
 */
final class CatalogWriter {
    /** How a publish treats the table. */
    enum Mode {
        /** Add a frame to a table that exists. */
        APPEND,
        /** Add a frame, creating the table if it does not exist. */
        CREATE_OR_APPEND,
        /** Make the frame the table's only one, creating or recreating the table as needed. */
        REPLACE
    }

    private final Volume volume;
    private final Catalog catalog;
    private final FrameAccess frames;
    private final WriterSpace space;
    private final CheckpointWriter checkpoints;
    /** The last schema found equal to a table's: the next append of the same object skips the comparison. */
    private volatile SchemaMatch lastMatch;

    CatalogWriter(Volume volume, Catalog catalog, FrameAccess frames) {
        this.volume = volume;
        this.catalog = catalog;
        this.frames = frames;
        this.space = new WriterSpace(volume, catalog, frames.pools(), this::commit, this::checkpointIfDue);
        this.checkpoints = new CheckpointWriter(volume, catalog, frames.pools(), space);
    }

    TableState createTable(String name, Schema schema) {
        TableNames.check(name);
        return volume.exclusive(() -> {
            CatalogSnapshot current = catalog.prepareWrite();
            if (current.table(name).isPresent()) {
                throw new TableExistsException("table exists: table=" + name);
            }
            FrameLocation schemaFrame = writeSchemaFrame(schema);
            commit(List.of(new CreateTable(name, schemaFrame, 1)));
            return new TableState(name, 1, schemaFrame, List.of());
        });
    }

    /** What the write path needs to know of a frame before and after copying it. */
    record FrameShape(Schema schema, long size, long rows, int batchCount) {
        /** A frame's shape, its size the bound to reserve ({@link FrameBuilder#sizeBound()}). */
        static FrameShape of(FrameBuilder frame) {
            return new FrameShape(frame.schema(), frame.sizeBound(), frame.rows(), frame.batchCount());
        }
    }

    /** Publishes a frame shaped {@code frame} to {@code name} as {@code mode} says; {@code contents} copies it. */
    FrameRef append(
            String name, FrameShape frame, BufferAllocator mappingAllocator, Mode mode, FrameContents contents) {
        TableNames.check(name);
        Allocation allocation = packed(name, frame, mappingAllocator, mode)
                .orElseGet(() -> volume.exclusive(() -> {
                    CatalogSnapshot current = catalog.prepareWrite();
                    Optional<TableState> table =
                            mode == Mode.APPEND ? Optional.of(current.require(name)) : current.table(name);
                    if (table.isPresent() && sameSchema(table.get(), frame.schema(), mappingAllocator, mode)) {
                        return new Allocation(Optional.of(table.get().schema()), space.allocate(frame.size()));
                    }
                    return new Allocation(Optional.empty(), space.allocate(frame.size()));
                }));
        try {
            long length = copy(allocation.frame(), contents);
            return volume.exclusive(() -> commitFrame(name, frame, length, mappingAllocator, mode, allocation));
        } finally {
            space.settle(allocation.frame()); // committed (settled already) or given up: the grant may close
        }
    }

    /**
     * Step 1 without the log lock, for a small frame to a table that exists: the table and schema
     * are checked against the newest snapshot (and again at commit), and the range comes from
     * this writer's packing grant, which no other writer touches.
     */
    private Optional<Allocation> packed(String name, FrameShape frame, BufferAllocator mappingAllocator, Mode mode) {
        if (mode == Mode.REPLACE) {
            return Optional.empty();
        }
        Optional<TableState> table = catalog.refresh().table(name);
        if (table.isEmpty() || !sameSchema(table.get(), frame.schema(), mappingAllocator, mode)) {
            return Optional.empty();
        }
        return space.pack(frame.size())
                .map(placed -> new Allocation(Optional.of(table.get().schema()), placed));
    }

    void drop(String name) {
        volume.exclusive(() -> {
            catalog.prepareWrite().require(name);
            commit(List.of(new DropTable(name)));
            return null;
        });
    }

    void retire(String name, FrameRef frame) {
        volume.exclusive(() -> {
            TableState table = catalog.prepareWrite().require(name);
            if (!table.frames().contains(frame)) {
                throw new IllegalArgumentException("frame not in table: table=" + name + " frame=" + frame.name()
                        + " frames=" + table.frames().size());
            }
            commit(List.of(new RetireFrame(name, frame.location().extent())));
            return null;
        });
    }

    /** Sets every setting of {@code values} (names checked, lower case) in one commit, if together they fit. */
    void configure(Map<String, Duration> values) {
        volume.exclusive(() -> {
            catalog.prepareWrite();
            catalog.settings().with(values); // they fit together
            List<CatalogRecord> records = new ArrayList<>();
            values.forEach((name, value) -> records.add(new SetConfig(name, value.toMillis())));
            commit(records);
            return null;
        });
    }

    void markMigrated(long legacyCommits) {
        volume.exclusive(() -> {
            catalog.prepareWrite();
            commit(List.of(new CatalogRecord.Migrated(legacyCommits)));
            return null;
        });
    }

    Pool createPool(long size, Placement placement) {
        return volume.exclusive(() -> {
            catalog.prepareWrite();
            return space.createPool(size, placement, true);
        });
    }

    /** Closes the grants of this host's writer processes that died: their unused units are free again. */
    GcReport collect() {
        return volume.exclusive(() -> {
            catalog.prepareWrite();
            int closed = 0;
            long bytes = 0;
            for (Grant grant : catalog.inState(s -> List.copyOf(s.space.openGrants()))) {
                String name = catalog.inState(s -> s.grantNames.getOrDefault(grant.id(), ""));
                boolean dead = WriterName.parse(name)
                        .map(writer -> writer.isDeadProcessOf(volume.node().uuid()))
                        .orElse(false);
                if (dead) {
                    commit(List.of(new CloseGrant(grant.id())));
                    closed++;
                    bytes += grant.range().length();
                }
            }
            return new GcReport(closed, bytes, ReclaimReport.NOT_RECLAIMING);
        });
    }

    /**
     * Closes the open grants of {@code node}'s outbox rings, the node being gone (its slot freed
     * L + G after its last heartbeat, or never taken): what they left unused is retired, and reused only after the
     * quarantine, in case the node is paused rather than dead.
     *
     * @param stillGone asked again under the log lock, just before the records are committed
     * @return the bytes the closed grants held
     */
    long retireGrantsOf(UUID node, BooleanSupplier stillGone) {
        catalog.refresh();
        if (ringGrantsOf(node).isEmpty()) {
            return 0; // the usual answer, without the log lock
        }
        return volume.exclusive(() -> {
            catalog.prepareWrite();
            if (!stillGone.getAsBoolean()) {
                return 0L;
            }
            long bytes = 0;
            for (Grant grant : ringGrantsOf(node)) {
                commit(List.of(new CloseGrant(grant.id(), true)));
                bytes += grant.range().length();
            }
            return bytes;
        });
    }

    private List<Grant> ringGrantsOf(UUID node) {
        return catalog.inState(s -> s.space.openGrants().stream()
                .filter(g -> OutboxDescriptor.isRingWriter(g.writer(), node))
                .toList());
    }

    /**
     * Commits {@code Quarantine(bound)} if a retired range at or below {@code bound} is not in
     * quarantine yet (checked again under the log lock).
     *
     * @return the bytes it moved into quarantine
     */
    long quarantine(long hostsBound) {
        return volume.exclusive(() -> {
            // no host counting reads as "every count": the bound is then the count this record gets
            long bound = Math.min(hostsBound, catalog.prepareWrite().version());
            long bytes = catalog.inState(s -> s.space.retired().stream()
                    .filter(r -> !r.quarantined() && r.retiredAt() <= bound)
                    .mapToLong(r -> SpaceLayout.footprint(r.extent().length()))
                    .sum());
            if (bytes > 0) {
                commit(List.of(new Quarantine(bound)));
            }
            return bytes;
        });
    }

    /**
     * Commits {@code Free(quarantineSeq)}: every range quarantined by that record or an earlier
     * one becomes free.
     *
     * @return the bytes it freed
     */
    long free(long quarantineSeq) {
        return volume.exclusive(() -> {
            catalog.prepareWrite();
            long bytes = catalog.inState(s -> s.space.retired().stream()
                    .filter(r -> r.quarantined() && r.quarantinedAt() <= quarantineSeq)
                    .mapToLong(r -> SpaceLayout.footprint(r.extent().length()))
                    .sum());
            if (bytes > 0) {
                commit(List.of(new Free(quarantineSeq)));
            }
            return bytes;
        });
    }

    /** True while this writer holds a packing grant it should give back. */
    boolean holdsSpace() {
        return space.holdsGrant();
    }

    /** Gives back this writer's packing grant, if any. */
    void release() {
        if (!space.holdsGrant()) {
            return;
        }
        volume.exclusive(() -> {
            catalog.prepareWrite();
            space.release();
            return null;
        });
    }

    /** Step 3, under the log lock. */
    private FrameRef commitFrame(
            String name,
            FrameShape frame,
            long length,
            BufferAllocator mappingAllocator,
            Mode mode,
            Allocation allocation) {
        CatalogSnapshot current = catalog.prepareWrite();
        Optional<TableState> table = current.table(name);
        checkPublisher(name, volume.node().uuid());
        WriterSpace.Allocated placed = allocation.frame();
        List<CatalogRecord> records = new ArrayList<>(4);
        if (table.isEmpty() && mode == Mode.APPEND) {
            throw new NoSuchTableException("table dropped while a frame was written to it: table=" + name + " "
                    + placed.extent() + " (its space is orphaned)");
        }
        boolean keepsSchema = table.isPresent()
                && (allocation.checkedSchema().equals(Optional.of(table.get().schema()))
                        || sameSchema(table.get(), frame.schema(), mappingAllocator, mode));
        if (table.isPresent() && keepsSchema && mode == Mode.REPLACE) {
            records.add(new ReplaceTable(name));
        } else if (table.isPresent() && !keepsSchema) {
            records.add(new DropTable(name)); // REPLACE with another schema: the table is recreated
        }
        if (table.isEmpty() || !keepsSchema) {
            records.add(new CreateTable(name, writeSchemaFrame(frame.schema()), 1));
        }
        checkpoints.beforeCommit(records.size() + 2);
        long seq = catalog.snapshot().version() + records.size();
        FrameLocation location = space.stamp(placed, length);
        records.add(new AppendFrame(name, location, frame.rows(), frame.batchCount(), seq));
        space.closingRecord(placed).ifPresent(records::add);
        catalog.publish(records);
        return new FrameRef(location, frame.rows(), frame.batchCount(), seq);
    }

    /**
     * Grants {@code bytes} (whole units) to writer {@code writerId} of another node, under the log
     * lock; the same record closes grant {@code closes} if it is still open and that writer's (a
     * grant the writer filled and gives back; a request answered twice, after a restart, finds it
     * closed), else nothing.
     */
    Grant grantTo(long writerId, String writerName, long bytes, long closes) {
        return grantTo(writerId, writerName, bytes, closes, grant -> grant);
    }

    /** As {@link #grantTo(long, String, long, long)}, applying {@code view} to the grant while the log lock is held. */
    <T> T grantTo(long writerId, String writerName, long bytes, long closes, Function<Grant, T> view) {
        return volume.exclusive(() -> {
            catalog.prepareWrite();
            boolean givenBack = closes != GrantSpace.NONE
                    && catalog.inState(s -> s.space.openGrant(closes))
                            .filter(g -> g.writer() == writerId)
                            .isPresent();
            return view.apply(space.grant(
                    writerId, writerName, bytes, givenBack ? closes : GrantSpace.NONE, SpaceLayout.UNIT_SIZE));
        });
    }

    /** Hands table {@code name} to {@code node}: from now on only it publishes the table. Master only. */
    void handOver(String name, UUID node) {
        volume.exclusive(() -> {
            catalog.prepareWrite().require(name);
            commit(List.of(new SetPublisher(name, node)));
            return null;
        });
    }

    /** Throws unless {@code node} may publish table {@code name}: the node the catalog names, else the master. */
    private void checkPublisher(String name, UUID node) {
        UUID publisher = catalog.inState(
                s -> s.publishers.getOrDefault(name, volume.node().uuid()));
        if (!publisher.equals(node)) {
            throw new TablePublisherException("table published by another node: table=" + name + " publisher="
                    + publisher + " node=" + node + "; hint: publish from that node, or have the master hand it on");
        }
    }

    /**
     * Publishes frames other writers wrote into their grants (a node through its outbox, or
     * several nodes' writers for one commit) as table {@code name}, as {@code mode} says, for
     * {@code node}. Each frame is checked before anything is committed: it must lie in an open
     * grant of its writer, at or past the grant's used mark, apart from the commit's other frames;
     * its footer and every batch checksum must hold, and its schema must be the table's (or make
     * a new one). A commit whose frames are all live already (a retry after the master restarted)
     * returns them as they are.
     *
     * @throws PublishRejectedException if a frame fails a check
     * @throws TablePublisherException if another node publishes the table
     */
    List<FrameRef> commitWritten(
            String name, Mode mode, List<FrameRef> written, UUID node, BufferAllocator mappingAllocator) {
        TableNames.check(name);
        if (written.isEmpty()) {
            throw new PublishRejectedException("commit names no frame: table=" + name + " node=" + node);
        }
        List<Schema> schemas = new ArrayList<>(written.size());
        for (FrameRef frame : written) {
            schemas.add(verifyWritten(frame, mappingAllocator));
        }
        for (Schema schema : schemas) {
            if (!schema.equals(schemas.get(0))) {
                throw new PublishRejectedException("frames of one commit with different schemas: table=" + name + " "
                        + SchemaDifference.describe(schemas.get(0), schema));
            }
        }
        return volume.exclusive(() -> {
            CatalogSnapshot current = catalog.prepareWrite();
            if (written.stream().allMatch(f -> catalog.inState(s -> s.isLive(f.location())))) {
                return alreadyCommitted(current, name, written); // a retry of a commit that happened
            }
            checkGrants(written);
            Optional<TableState> table = current.table(name);
            if (table.isEmpty() && mode == Mode.APPEND) {
                throw new NoSuchTableException("no such table: table=" + name);
            }
            if (table.isPresent()) {
                checkPublisher(name, node);
            }
            boolean keepsSchema = table.isPresent() && sameSchema(table.get(), schemas.get(0), mappingAllocator, mode);
            List<CatalogRecord> records = new ArrayList<>(written.size() + 4);
            if (table.isPresent() && keepsSchema && mode == Mode.REPLACE) {
                records.add(new ReplaceTable(name));
            } else if (table.isPresent() && !keepsSchema) {
                records.add(new DropTable(name));
            }
            if (table.isEmpty() || !keepsSchema) {
                records.add(new CreateTable(name, writeSchemaFrame(schemas.get(0)), 1));
                if (!node.equals(volume.node().uuid())) {
                    records.add(new SetPublisher(name, node));
                }
            }
            checkpoints.beforeCommit(records.size() + written.size());
            long seq = catalog.snapshot().version() + records.size();
            List<FrameRef> committed = new ArrayList<>(written.size());
            for (FrameRef frame : written) {
                records.add(new AppendFrame(name, frame.location(), frame.rows(), frame.batches(), seq));
                committed.add(new FrameRef(frame.location(), frame.rows(), frame.batches(), seq));
                seq++;
            }
            catalog.publish(records);
            return committed;
        });
    }

    /** The frames of a commit found live already, as table {@code name} lists them; refused if it does not list them all. */
    private static List<FrameRef> alreadyCommitted(CatalogSnapshot current, String name, List<FrameRef> written) {
        Map<Extent, FrameRef> listed = new HashMap<>();
        current.table(name)
                .ifPresent(t -> t.frames().forEach(f -> listed.put(f.location().extent(), f)));
        List<FrameRef> found = new ArrayList<>(written.size());
        for (FrameRef frame : written) {
            FrameRef committed = listed.get(frame.location().extent());
            if (committed == null) {
                throw new PublishRejectedException("frame published already, in another table: "
                        + frame.location().name() + " table=" + name);
            }
            found.add(committed);
        }
        return found;
    }

    /** Attaches a written frame from its pool, checks its footer, shape and every batch; returns its schema. */
    private Schema verifyWritten(FrameRef frame, BufferAllocator mappingAllocator) {
        FrameLocation at = frame.location();
        Pool pool = catalog.inState(s -> s.space.pool(at.extent().pool()))
                .orElseThrow(() -> new PublishRejectedException("frame in no pool: " + at.name()));
        if (!pool.contains(at.extent())) {
            throw new PublishRejectedException("frame outside its pool: " + at.name() + " " + at.extent());
        }
        try (MappedRegion slice = frames.pools().slice(pool, at.extent());
                Frame attached = Frame.attach(at.name(), slice, mappingAllocator, volume.cachePolicy())) {
            if (attached.rows() != frame.rows() || attached.batchCount() != frame.batches()) {
                throw new PublishRejectedException("frame shape is not what its writer says: " + at.name() + " rows="
                        + attached.rows() + " said=" + frame.rows() + " batches=" + attached.batchCount()
                        + " said=" + frame.batches());
            }
            attached.verify();
            return attached.schema();
        } catch (CorruptFrameException e) {
            throw new PublishRejectedException("frame fails its checks: " + at.name() + ": " + e.getMessage());
        }
    }

    /** Each frame in an open grant of its writer, at or past the used mark, apart from the others. */
    private void checkGrants(List<FrameRef> written) {
        List<FrameRef> sorted = new ArrayList<>(written);
        sorted.sort(Comparator.comparing((FrameRef f) -> f.location().extent().pool())
                .thenComparing(f -> f.location().extent().offset()));
        for (int i = 0; i < sorted.size(); i++) {
            FrameLocation at = sorted.get(i).location();
            Grant grant = catalog.inState(s -> s.space.openGrant(at.grant()))
                    .orElseThrow(() -> new PublishRejectedException(
                            "frame in a grant that is not open: " + at.name() + " grant=" + at.grant()));
            long used = catalog.inState(s -> s.space.used(at.grant()));
            Extent e = at.extent();
            if (grant.writer() != at.writer()
                    || e.pool() != grant.range().pool()
                    || e.offset() < used
                    || e.end() > grant.range().end()
                    || at.generation() != grant.generation()) {
                throw new PublishRejectedException("frame not in unused space of its writer's grant: " + at.name()
                        + " " + e + " grant=" + grant.id() + " range=" + grant.range() + " used=" + used
                        + " writer=" + at.writer() + " grant_writer=" + grant.writer());
            }
            if (i > 0) {
                Extent before = sorted.get(i - 1).location().extent();
                if (before.pool() == e.pool()
                        && SpaceLayout.alignUp(before.end(), SpaceLayout.FRAME_ALIGNMENT) > e.offset()) {
                    throw new PublishRejectedException("frames of one commit overlap: " + before + " " + e);
                }
            }
        }
    }

    /**
     * True if {@code schema} is the table's. A mismatch is a {@link SchemaMismatchException},
     * except when replacing, where it means the table is recreated with the new schema.
     */
    private boolean sameSchema(TableState table, Schema schema, BufferAllocator mappingAllocator, Mode mode) {
        SchemaMatch last = lastMatch;
        if (last != null && last.schema() == schema && last.tableSchema().equals(table.schema())) {
            return true; // a writer appending batch after batch of one root: the same Schema object
        }
        Schema expected = catalog.schema(table, mappingAllocator);
        if (expected.equals(schema)) {
            lastMatch = new SchemaMatch(table.schema(), schema);
            return true;
        }
        if (mode == Mode.REPLACE) {
            return false;
        }
        throw new SchemaMismatchException(
                "schema mismatch: table=" + table.name() + " " + SchemaDifference.describe(expected, schema));
    }

    /** A schema object found equal to the schema in a table's schema frame. */
    private record SchemaMatch(FrameLocation tableSchema, Schema schema) {}

    /** A table's schema-only frame, a few KB: written into this writer's grant under the log lock. */
    private FrameLocation writeSchemaFrame(Schema schema) {
        try (FrameBuilder empty = FrameBuilder.forSchema(schema)) {
            WriterSpace.Allocated placed = space.allocate(empty.size());
            long length = copy(placed, FrameContents.of(empty));
            space.settle(placed); // committed in this hold of the log lock: no grant change can come between
            return space.stamp(placed, length);
        }
    }

    /**
     * Has a frame's bytes written into its range and written back, then msyncs them on a disk
     * device; returns the frame's length, at most the range's.
     */
    private long copy(WriterSpace.Allocated placed, FrameContents contents) {
        // prefaulted (once per process) in one call instead of a page fault per page, no lock held
        try (MappedRegion slice = frames.pools().sliceForWrite(placed.pool(), placed.extent())) {
            long length = contents.write(slice, volume.cachePolicy());
            if (length <= 0 || length > slice.length()) {
                throw new IllegalStateException("frame length " + length + " outside its range " + placed.extent());
            }
            if (!volume.isMemoryBacked()) {
                slice.sync(0, length);
            }
            return length;
        }
    }

    /** Under the log lock: writes the checkpoint that a commit of one more record would write. */
    private void checkpointIfDue() {
        checkpoints.beforeCommit(1);
    }

    /**
     * Publishes {@code records} (none of which names its own seq) as one commit, under the log
     * lock, writing a checkpoint first if the ring would otherwise overwrite records no
     * checkpoint covers. Returns the first record's seq.
     */
    private long commit(List<CatalogRecord> records) {
        checkpoints.beforeCommit(records.size());
        return catalog.publish(records);
    }

    /** What step 1 made: the frame's range, and the schema frame the table had when its schema was checked. */
    private record Allocation(Optional<FrameLocation> checkedSchema, WriterSpace.Allocated frame) {}
}
