package io.arrowfamfs.catalog;

import io.arrowfamfs.catalog.CatalogRecord.AppendFrame;
import io.arrowfamfs.catalog.CatalogRecord.CloseGrant;
import io.arrowfamfs.catalog.CatalogRecord.CreateTable;
import io.arrowfamfs.catalog.CatalogRecord.DropTable;
import io.arrowfamfs.catalog.CatalogRecord.Free;
import io.arrowfamfs.catalog.CatalogRecord.Quarantine;
import io.arrowfamfs.catalog.CatalogRecord.ReplaceTable;
import io.arrowfamfs.catalog.CatalogRecord.RetireFrame;
import io.arrowfamfs.catalog.CatalogRecord.SetConfig;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.Volume.FileContents;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.space.Extent;
import io.arrowfamfs.space.Grant;
import io.arrowfamfs.space.Pool;
import io.arrowfamfs.space.SpaceLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The catalog's write path (master only). Publishing a frame takes the log lock twice and copies
 * in between with no lock and no monitor held:
 * <ol>
 *   <li><b>Allocate</b>, under the log lock: catch up with the catalog, check the table and
 *       schema, and take the frame's range from this writer's grant ({@link WriterSpace}; a new
 *       grant, or a new pool, is itself a commit). For a new table, its schema-only frame (a few
 *       KB) is written here too. A small frame to a table that exists, when the writer's packing
 *       grant has room, takes no lock in this step: the grant is the writer's alone.
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

    CatalogWriter(Volume volume, Catalog catalog, FrameAccess frames) {
        this.volume = volume;
        this.catalog = catalog;
        this.frames = frames;
        this.space = new WriterSpace(volume, catalog, frames.pools(), this::commit);
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
        static FrameShape of(FrameBuilder frame) {
            return new FrameShape(frame.schema(), frame.size(), frame.rows(), frame.batchCount());
        }
    }

    /** Publishes a frame shaped {@code frame} to {@code name} as {@code mode} says; {@code contents} copies it. */
    FrameRef append(String name, FrameShape frame, BufferAllocator mappingAllocator, Mode mode, FileContents contents) {
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
        copy(allocation.frame(), contents);
        return volume.exclusive(() -> commitFrame(name, frame, mappingAllocator, mode, allocation));
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
     * Commits {@code Quarantine(bound)} if a retired range at or below {@code bound} is not in
     * quarantine yet (checked again under the log lock).
     *
     * @return the bytes it moved into quarantine
     */
    long quarantine(long bound) {
        return volume.exclusive(() -> {
            catalog.prepareWrite();
            long bytes = catalog.inState(s -> s.space.retired().stream()
                    .filter(r -> !r.quarantined() && r.retiredAt() <= bound)
                    .mapToLong(r -> footprint(r.extent()))
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
                    .mapToLong(r -> footprint(r.extent()))
                    .sum());
            if (bytes > 0) {
                commit(List.of(new Free(quarantineSeq)));
            }
            return bytes;
        });
    }

    private static long footprint(Extent extent) {
        return SpaceLayout.alignUp(extent.length(), SpaceLayout.FRAME_ALIGNMENT);
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
            String name, FrameShape frame, BufferAllocator mappingAllocator, Mode mode, Allocation allocation) {
        CatalogSnapshot current = catalog.prepareWrite();
        Optional<TableState> table = current.table(name);
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
        FrameLocation location = space.stamp(placed);
        records.add(new AppendFrame(name, location, frame.rows(), frame.batchCount(), seq));
        space.closingRecord(placed).ifPresent(records::add);
        catalog.publish(records);
        return new FrameRef(location, frame.rows(), frame.batchCount(), seq);
    }

    /**
     * True if {@code schema} is the table's. A mismatch is a {@link SchemaMismatchException},
     * except when replacing, where it means the table is recreated with the new schema.
     */
    private boolean sameSchema(TableState table, Schema schema, BufferAllocator mappingAllocator, Mode mode) {
        Schema expected = catalog.schema(table, mappingAllocator);
        if (expected.equals(schema)) {
            return true;
        }
        if (mode == Mode.REPLACE) {
            return false;
        }
        throw new SchemaMismatchException(
                "schema mismatch: table=" + table.name() + " " + SchemaDifference.describe(expected, schema));
    }

    /** A table's schema-only frame, a few KB: written into this writer's grant under the log lock. */
    private FrameLocation writeSchemaFrame(Schema schema) {
        try (FrameBuilder empty = new FrameBuilder(schema)) {
            WriterSpace.Allocated placed = space.allocate(empty.size());
            copy(placed, empty::writeTo);
            return space.stamp(placed);
        }
    }

    /** Writes a frame's bytes into its range and writes them back (and msyncs them on a disk device). */
    private void copy(WriterSpace.Allocated placed, FileContents contents) {
        try (MappedRegion slice = frames.pools().slice(placed.pool(), placed.extent())) {
            slice.prefaultForWrite(0, slice.length()); // one call instead of a page fault per page, no lock held
            contents.write(slice);
            slice.writeBack(0, slice.length(), volume.cachePolicy());
            if (!volume.isMemoryBacked()) {
                slice.sync(0, slice.length());
            }
        }
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
