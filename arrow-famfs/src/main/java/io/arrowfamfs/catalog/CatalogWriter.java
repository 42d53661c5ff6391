package io.arrowfamfs.catalog;

import static io.arrowfamfs.catalog.CatalogDescriptor.*;

import io.arrowfamfs.famfs.AllocatedFile;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.Volume.FileContents;
import io.arrowfamfs.frame.FrameBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The catalog's write path (master only). Publishing a frame takes the log lock twice and copies
 * in between with no lock and no monitor held:
 * <ol>
 *   <li><b>Allocate</b>, under the log lock: catch up with famfs and the catalog, check the table
 *       and schema, then log the frame's famfs file (and, for a new table, write and log its
 *       schema-only frame, a few KB). The FILE entry is famfs's only reservation: every other
 *       writer, famfs's tools included, allocates around it.
 *   <li><b>Copy</b>, no lock: write the frame into the file and write it back ({@link
 *       Volume#writeContents}). Other writers commit meanwhile; readers never wait for it.
 *   <li><b>Commit</b>, under the log lock: catch up again, check the table against the catalog as
 *       it is now (another writer may have created, dropped or recreated it), and publish the
 *       records in one store of the commit count ({@link CatalogFile#append}).
 * </ol>
 * A writer that stops after step 1 (killed, or refused in step 3) leaves a famfs file no commit
 * names: an orphan, reported by {@link CatalogCheck} with its bytes, invisible to readers.
 */
final class CatalogWriter {
    private final Volume volume;
    private final Catalog catalog;
    private final FrameAccess frames;

    CatalogWriter(Volume volume, Catalog catalog, FrameAccess frames) {
        this.volume = volume;
        this.catalog = catalog;
        this.frames = frames;
    }

    TableState createTable(String name, Schema schema) {
        CommitRecord.checkTableName(name);
        return volume.exclusive(() -> {
            CatalogSnapshot current = catalog.prepareWrite(1);
            if (current.table(name).isPresent()) {
                throw new TableExistsException("table exists: table=" + name);
            }
            FamfsFile file = writeSchemaFrame(schema);
            catalog.publish(List.of(create(current.version(), name, file)));
            return new TableState(name, 1, file.relpath(), List.of());
        });
    }

    /** Publishes {@code frame} to {@code name} (created if {@code create} and missing); {@code contents} copies it. */
    FrameRef append(
            String name, FrameBuilder frame, BufferAllocator mappingAllocator, boolean create, FileContents contents) {
        CommitRecord.checkTableName(name);
        Allocation allocation = volume.exclusive(() -> {
            CatalogSnapshot current = catalog.prepareWrite(1);
            Optional<TableState> table = create ? current.table(name) : Optional.of(current.require(name));
            if (table.isPresent()) {
                checkSchema(table.get(), frame.schema(), mappingAllocator);
            } else {
                catalog.checkRoom(current, 2); // the create and the append
            }
            if (table.isPresent()) {
                return new Allocation.ToTable(table.get().schemaPath(), allocateFrame(frame));
            }
            FamfsFile schemaFile = writeSchemaFrame(frame.schema());
            return new Allocation.NewTable(schemaFile, allocateFrame(frame));
        });
        volume.writeContents(allocation.frame(), contents);
        return volume.exclusive(() -> commit(name, frame, mappingAllocator, create, allocation));
    }

    void drop(String name) {
        volume.exclusive(() -> {
            CatalogSnapshot current = catalog.prepareWrite(1);
            current.require(name);
            catalog.publish(List.of(new CommitRecord(current.version(), TYPE_DROP, name, "", 0, 0, 0, now())));
            return null;
        });
    }

    /** Step 3, under the log lock. */
    private FrameRef commit(
            String name, FrameBuilder frame, BufferAllocator mappingAllocator, boolean create, Allocation allocation) {
        CatalogSnapshot current = catalog.prepareWrite(1);
        Optional<TableState> table = current.table(name);
        FamfsFile file = allocation.frame().file();
        List<CommitRecord> records = new ArrayList<>(2);
        if (table.isEmpty()) {
            if (!create) {
                throw new NoSuchTableException("table dropped while a frame was written to it: table=" + name
                        + " frame=" + file.relpath() + " (left as an orphan)");
            }
            FamfsFile schemaFile = allocation instanceof Allocation.NewTable created
                    ? created.schemaFile()
                    : writeSchemaFrame(frame.schema());
            records.add(create(current.version(), name, schemaFile));
        } else if (!(allocation instanceof Allocation.ToTable checked)
                || !table.get().schemaPath().equals(checked.schemaPath())) {
            // created, or dropped and created again, by another writer while this one copied
            checkSchema(table.get(), frame.schema(), mappingAllocator);
        }
        CommitRecord append = new CommitRecord(
                current.version() + records.size(),
                TYPE_APPEND,
                name,
                file.relpath(),
                frame.rows(),
                file.size(),
                frame.batchCount(),
                now());
        records.add(append);
        catalog.publish(records);
        return new FrameRef(append.path(), append.rows(), append.bytes(), append.batches(), append.seq());
    }

    private void checkSchema(TableState table, Schema schema, BufferAllocator mappingAllocator) {
        Schema expected = frames.schema(table, mappingAllocator);
        if (!expected.equals(schema)) {
            throw new SchemaMismatchException(
                    "schema mismatch: table=" + table.name() + " " + SchemaDifference.describe(expected, schema));
        }
    }

    /** Logs the frame's famfs file, to be written with no lock held. */
    private AllocatedFile allocateFrame(FrameBuilder frame) {
        return volume.allocateFile(newFramePath(), frame.size(), 0444, Placement.PACKED);
    }

    /** A table's schema-only frame, a few KB: written and logged in one step under the log lock. */
    private FamfsFile writeSchemaFrame(Schema schema) {
        try (FrameBuilder empty = new FrameBuilder(schema)) {
            return volume.createFileAtomically(newFramePath(), empty.size(), 0444, Placement.PACKED, empty::writeTo);
        }
    }

    /** A random name, so that a dead writer's file never collides with a later one. */
    private static String newFramePath() {
        return FRAMES_DIR + "/" + UUID.randomUUID().toString().replace("-", "") + ".arrow";
    }

    private static CommitRecord create(long seq, String name, FamfsFile schemaFile) {
        return new CommitRecord(seq, TYPE_CREATE, name, schemaFile.relpath(), 0, schemaFile.size(), 0, now());
    }

    private static long now() {
        return System.currentTimeMillis() * 1000;
    }

    /** What step 1 made: the frame's logged file, and what its table was then. */
    private sealed interface Allocation {
        /** {@return the frame's file, logged, to be written once} */
        AllocatedFile frame();

        /** The table existed; the frame was checked against the schema-only frame at {@code schemaPath}. */
        record ToTable(String schemaPath, AllocatedFile frame) implements Allocation {}

        /** The table did not exist: {@code schemaFile} is its new schema-only frame, written and logged. */
        record NewTable(FamfsFile schemaFile, AllocatedFile frame) implements Allocation {}
    }
}
