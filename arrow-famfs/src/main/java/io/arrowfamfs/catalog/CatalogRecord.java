package io.arrowfamfs.catalog;

import io.arrowfamfs.space.Extent;
import io.arrowfamfs.space.Grant;
import io.arrowfamfs.space.Pool;
import java.util.UUID;

/**
 * What one 512-byte catalog record says ({@link RecordCodec} lays it out). The ring holds the
 * first twelve kinds; a checkpoint holds the state they led to, written with the same kinds plus
 * the last four, which describe state rather than change.
 */
public sealed interface CatalogRecord {
    /**
     * A table created, with its schema-only frame.
     *
     * @param table the new table's name
     * @param schema the schema-only frame
     * @param tableVersion the table's version after this record: 1, or more in a checkpoint
     */
    record CreateTable(String table, FrameLocation schema, long tableVersion) implements CatalogRecord {}

    /**
     * A frame appended to a table.
     *
     * @param table the table
     * @param frame where the frame lies
     * @param rows the frame's rows
     * @param batches the frame's record batches
     * @param commit the sequence number of the commit that published it: the record's own in the
     *     ring, an earlier one in a checkpoint
     */
    record AppendFrame(String table, FrameLocation frame, long rows, int batches, long commit)
            implements CatalogRecord {}

    /**
     * A table dropped: its frames and schema frame are retired at this commit.
     *
     * @param table the table
     */
    record DropTable(String table) implements CatalogRecord {}

    /**
     * Every frame a table has is retired; frames appended later in the same commit replace them.
     *
     * @param table the table
     */
    record ReplaceTable(String table) implements CatalogRecord {}

    /**
     * One frame of a table retired: compaction, or an SST store replacing runs.
     *
     * @param table the table
     * @param frame the frame's bytes, which must be one of the table's frames
     */
    record RetireFrame(String table, Extent frame) implements CatalogRecord {}

    /**
     * A pool created: its famfs file exists and all its units are free.
     *
     * @param pool the pool
     * @param reserved true when the memory behind the whole pool was reserved at creation (an
     *     emulated device), so that grants need not reserve theirs
     */
    record CreatePool(Pool pool, boolean reserved) implements CatalogRecord {}

    /**
     * Units granted to a writer; its record's sequence number is the grant's id.
     *
     * @param writer the writer
     * @param range whole free units of one pool
     * @param closes a grant of the same writer this one replaces, closed by the same record, or {@link #NONE}
     * @param writerName who the writer is, for operators: node, process
     */
    record GrantSpace(long writer, Extent range, long closes, String writerName) implements CatalogRecord {
        /** {@link #closes} when the grant replaces none. */
        public static final long NONE = -1;
    }

    /**
     * A grant closed: its units that hold no frame are free again; or, when its writer's node is
     * gone, what it left unused is retired, to be reused after the quarantine.
     *
     * @param grant the grant's id
     * @param retire true when the writer's node was expelled and may still be writing
     */
    record CloseGrant(long grant, boolean retire) implements CatalogRecord {
        /** A grant its writer gave back, or whose writer process died on the master's host. */
        CloseGrant(long grant) {
            this(grant, false);
        }
    }

    /**
     * Every range retired at or below {@code bound} enters quarantine: no host reads a snapshot that old.
     *
     * @param bound the lowest commit count a live host may still read
     */
    record Quarantine(long bound) implements CatalogRecord {}

    /**
     * Every range quarantined by a record at or below {@code quarantineSeq} is free.
     *
     * @param quarantineSeq the newest quarantining record whose quarantine has passed
     */
    record Free(long quarantineSeq) implements CatalogRecord {}

    /**
     * A volume setting changed.
     *
     * @param name the setting ({@link VolumeSettings})
     * @param value its new value
     */
    record SetConfig(String name, long value) implements CatalogRecord {}

    /**
     * A format-1 catalog was converted into this one: the last record of a migration.
     *
     * @param legacyCommits the format-1 catalog's commit count when it was converted
     */
    record Migrated(long legacyCommits) implements CatalogRecord {}

    /**
     * The node that publishes a table from now on: only it may append to or replace the table
     * (the master may always drop it, and hand it to another node).
     *
     * @param table the table
     * @param node the publishing node's UUID
     */
    record SetPublisher(String table, UUID node) implements CatalogRecord {}

    /**
     * Checkpoint only: units of a pool with a generation above 0, freed at some point, or with a free tail.
     *
     * @param pool the pool
     * @param firstUnit the first unit of the run
     * @param units the run's length
     * @param generation every unit's generation
     * @param freedAt the sequence number of the record that last freed them
     * @param tail where a one-unit run's free tail starts (a pool offset), or -1
     */
    record UnitRun(int pool, int firstUnit, int units, int generation, long freedAt, long tail)
            implements CatalogRecord {}

    /**
     * Checkpoint only: a retired range not yet freed.
     *
     * @param extent the range
     * @param retiredAt the commit count at which it was retired
     * @param quarantinedAt the record that quarantined it, or -1
     */
    record RetiredRange(Extent extent, long retiredAt, long quarantinedAt) implements CatalogRecord {}

    /**
     * Checkpoint only: a grant still open.
     *
     * @param grant the grant
     * @param used how far into it committed frames reach
     * @param writerName who the writer is
     */
    record OpenGrant(Grant grant, long used, String writerName) implements CatalogRecord {}

    /**
     * Checkpoint only: the last sequence number a writer with open grants committed.
     *
     * @param writer the writer
     * @param lastSeq its last committed sequence number
     */
    record WriterSeq(long writer, long lastSeq) implements CatalogRecord {}
}
