package io.arrowfamfs.catalog;

import io.arrowfamfs.catalog.CatalogRecord.AppendFrame;
import io.arrowfamfs.catalog.CatalogRecord.CloseGrant;
import io.arrowfamfs.catalog.CatalogRecord.CreatePool;
import io.arrowfamfs.catalog.CatalogRecord.CreateTable;
import io.arrowfamfs.catalog.CatalogRecord.DropTable;
import io.arrowfamfs.catalog.CatalogRecord.Free;
import io.arrowfamfs.catalog.CatalogRecord.GrantSpace;
import io.arrowfamfs.catalog.CatalogRecord.Migrated;
import io.arrowfamfs.catalog.CatalogRecord.OpenGrant;
import io.arrowfamfs.catalog.CatalogRecord.Quarantine;
import io.arrowfamfs.catalog.CatalogRecord.ReplaceTable;
import io.arrowfamfs.catalog.CatalogRecord.RetireFrame;
import io.arrowfamfs.catalog.CatalogRecord.RetiredRange;
import io.arrowfamfs.catalog.CatalogRecord.SetConfig;
import io.arrowfamfs.catalog.CatalogRecord.SetPublisher;
import io.arrowfamfs.catalog.CatalogRecord.UnitRun;
import io.arrowfamfs.catalog.CatalogRecord.WriterSeq;
import io.arrowfamfs.catalog.RecordCodec.Stored;
import io.arrowfamfs.space.SpaceConflictException;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays ring records onto a {@link CatalogState}: tables created, appended to, replaced and
 * dropped, and every change of space that goes with them (a retired frame's units stay held
 * until the reclaim records free them). A record that contradicts the ones before it is damage.
 */
final class CommitReplay {
    private CommitReplay() {}

    /** Applies {@code stored}, the record at {@code state.version}, and moves the version past it. */
    static void apply(CatalogState state, Stored stored) {
        long seq = stored.seq();
        try {
            applyRecord(state, seq, stored.record());
        } catch (SpaceConflictException e) {
            throw new CorruptCatalogException(
                    "catalog record contradicts the space: seq=" + seq + " " + e.getMessage());
        }
        state.version = seq + 1;
    }

    private static void applyRecord(CatalogState state, long seq, CatalogRecord record) {
        long after = seq + 1;
        if (record instanceof CreateTable r) {
            if (state.tables.containsKey(r.table())) {
                throw corrupt(seq, "creates an existing table: table=" + r.table());
            }
            state.space.use(r.schema().extent(), r.schema().grant());
            state.tables.put(r.table(), new TableState(r.table(), 1, r.schema(), List.of()));
            state.liveFrames.put(r.schema().extent(), r.schema());
        } else if (record instanceof AppendFrame r) {
            TableState table = existing(state, r.table(), seq);
            if (r.commit() != seq) {
                throw corrupt(seq, "names another commit: commit=" + r.commit());
            }
            state.space.use(r.frame().extent(), r.frame().grant());
            state.writerSeqs.merge(r.frame().writer(), r.frame().writerSeq(), Math::max);
            state.tables.put(r.table(), table.append(new FrameRef(r.frame(), r.rows(), r.batches(), seq)));
            state.liveFrames.put(r.frame().extent(), r.frame());
        } else if (record instanceof DropTable r) {
            TableState table = existing(state, r.table(), seq);
            for (FrameRef frame : table.frames()) {
                state.space.retire(frame.location().extent(), after);
                state.liveFrames.remove(frame.location().extent());
            }
            state.space.retire(table.schema().extent(), after);
            state.liveFrames.remove(table.schema().extent());
            state.tables.remove(r.table());
            state.publishers.remove(r.table());
        } else if (record instanceof ReplaceTable r) {
            TableState table = existing(state, r.table(), seq);
            for (FrameRef frame : table.frames()) {
                state.space.retire(frame.location().extent(), after);
                state.liveFrames.remove(frame.location().extent());
            }
            // the frames appended by the same commit move the table's version; the replace itself does not
            state.tables.put(r.table(), new TableState(r.table(), table.version(), table.schema(), List.of()));
        } else if (record instanceof RetireFrame r) {
            TableState table = existing(state, r.table(), seq);
            List<FrameRef> retired = new ArrayList<>();
            for (FrameRef frame : table.frames()) {
                if (frame.location().extent().equals(r.frame())) {
                    retired.add(frame);
                }
            }
            if (retired.isEmpty()) {
                throw corrupt(seq, "retires a frame the table does not have: table=" + r.table() + " " + r.frame());
            }
            state.space.retire(r.frame(), after);
            state.liveFrames.remove(r.frame());
            state.tables.put(r.table(), table.without(retired));
        } else if (record instanceof CreatePool r) {
            state.space.addPool(r.pool());
            if (r.reserved()) {
                state.reservedPools.add(r.pool().id());
            }
        } else if (record instanceof GrantSpace r) {
            if (r.closes() != GrantSpace.NONE) {
                state.space.closeGrant(r.closes(), seq);
                state.grantNames.remove(r.closes());
            }
            state.space.grant(seq, r.writer(), r.range());
            state.grantNames.put(seq, r.writerName());
        } else if (record instanceof CloseGrant r) {
            long writer = state.space
                    .openGrant(r.grant())
                    .orElseThrow(() -> corrupt(seq, "closes a grant that is not open: grant=" + r.grant()))
                    .writer();
            if (r.retire()) {
                state.space.retireGrant(r.grant(), seq, after);
            } else {
                state.space.closeGrant(r.grant(), seq);
            }
            state.grantNames.remove(r.grant());
            state.forgetIdle(writer);
        } else if (record instanceof Quarantine r) {
            if (r.bound() > seq) {
                throw corrupt(seq, "quarantines ahead of itself: bound=" + r.bound());
            }
            state.space.quarantine(r.bound(), seq);
        } else if (record instanceof Free r) {
            if (r.quarantineSeq() >= seq) {
                throw corrupt(seq, "frees ahead of its quarantine: quarantine_seq=" + r.quarantineSeq());
            }
            state.space.free(r.quarantineSeq(), seq);
        } else if (record instanceof SetConfig r) {
            state.settings.put(r.name(), r.value());
        } else if (record instanceof Migrated r) {
            state.migratedFrom = r.legacyCommits();
        } else if (record instanceof SetPublisher r) {
            existing(state, r.table(), seq);
            state.publishers.put(r.table(), r.node());
        } else if (record instanceof UnitRun
                || record instanceof RetiredRange
                || record instanceof OpenGrant
                || record instanceof WriterSeq) {
            throw corrupt(
                    seq, "holds a checkpoint-only record: " + record.getClass().getSimpleName());
        }
    }

    private static TableState existing(CatalogState state, String name, long seq) {
        TableState table = state.tables.get(name);
        if (table == null) {
            throw corrupt(seq, "names a missing table: table=" + name);
        }
        return table;
    }

    private static CorruptCatalogException corrupt(long seq, String what) {
        return new CorruptCatalogException("catalog record " + what + " seq=" + seq);
    }
}
