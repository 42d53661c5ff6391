package io.arrowfamfs.catalog;

import io.arrowfamfs.catalog.CatalogRecord.AppendFrame;
import io.arrowfamfs.catalog.CatalogRecord.CreatePool;
import io.arrowfamfs.catalog.CatalogRecord.CreateTable;
import io.arrowfamfs.catalog.CatalogRecord.Migrated;
import io.arrowfamfs.catalog.CatalogRecord.OpenGrant;
import io.arrowfamfs.catalog.CatalogRecord.RetiredRange;
import io.arrowfamfs.catalog.CatalogRecord.SetConfig;
import io.arrowfamfs.catalog.CatalogRecord.SetPublisher;
import io.arrowfamfs.catalog.CatalogRecord.UnitRun;
import io.arrowfamfs.catalog.CatalogRecord.WriterSeq;
import io.arrowfamfs.catalog.RecordCodec.Stored;
import io.arrowfamfs.space.Grant;
import io.arrowfamfs.space.Pool;
import io.arrowfamfs.space.RetiredExtent;
import io.arrowfamfs.space.SpaceConflictException;
import io.arrowfamfs.space.UnitGenerations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The catalog's state as of one commit count, written as records: what a new reader loads
 * instead of the history before it. Records are the ring's kinds plus four that describe state
 * (unit runs, retired ranges, open grants, writer sequence numbers), in an order that restores:
 * pools, unit generations, open grants, retired ranges, tables with their frames, writer
 * sequence numbers, settings, migration. Its size is O(pools' touched units + live frames), never
 * O(history).
 */
final class Checkpoint {
    private Checkpoint() {}

    /** {@return how many records {@link #records} makes of {@code state}, without making them} */
    static long count(CatalogState state) {
        long frames = state.tables.values().stream()
                .mapToLong(t -> 1 + t.frames().size())
                .sum();
        return state.space.pools().size()
                + state.space.generations().size()
                + state.space.openGrants().size()
                + state.space.retired().size()
                + frames
                + state.publishers.size()
                + state.writerSeqs.size()
                + state.settings.size()
                + (state.migratedFrom != CatalogState.NOT_MIGRATED ? 1 : 0);
    }

    /** The records that rebuild {@code state}. */
    static List<CatalogRecord> records(CatalogState state) {
        List<CatalogRecord> records = new ArrayList<>();
        for (Pool pool : state.space.pools()) {
            records.add(new CreatePool(pool, state.reservedPools.contains(pool.id())));
        }
        for (UnitGenerations run : state.space.generations()) {
            records.add(new UnitRun(run.pool(), run.first(), run.count(), run.generation(), run.freedAt(), run.tail()));
        }
        for (Grant grant : state.space.openGrants()) {
            records.add(
                    new OpenGrant(grant, state.space.used(grant.id()), state.grantNames.getOrDefault(grant.id(), "")));
        }
        for (RetiredExtent range : state.space.retired()) {
            records.add(new RetiredRange(range.extent(), range.retiredAt(), range.quarantinedAt()));
        }
        for (TableState table : state.tables.values()) {
            records.add(new CreateTable(table.name(), table.schema(), table.version()));
            for (FrameRef frame : table.frames()) {
                records.add(
                        new AppendFrame(table.name(), frame.location(), frame.rows(), frame.batches(), frame.commit()));
            }
        }
        for (Map.Entry<String, UUID> publisher : state.publishers.entrySet()) {
            records.add(new SetPublisher(publisher.getKey(), publisher.getValue()));
        }
        for (Map.Entry<Long, Long> writer : new TreeMap<>(state.writerSeqs).entrySet()) {
            records.add(new WriterSeq(writer.getKey(), writer.getValue()));
        }
        for (Map.Entry<String, Long> setting : state.settings.entrySet()) {
            records.add(new SetConfig(setting.getKey(), setting.getValue()));
        }
        if (state.migratedFrom != CatalogState.NOT_MIGRATED) {
            records.add(new Migrated(state.migratedFrom));
        }
        return records;
    }

    /** The state a checkpoint's records rebuild, as of commit count {@code base}. */
    static CatalogState restore(long base, List<Stored> records, String where) {
        CatalogState state = new CatalogState(base);
        Map<String, List<FrameRef>> frames = new TreeMap<>();
        Map<String, CreateTable> created = new TreeMap<>();
        try {
            for (Stored stored : records) {
                restore(state, stored.record(), created, frames, stored.seq(), where);
            }
            for (CreateTable table : created.values()) {
                state.tables.put(
                        table.table(),
                        new TableState(table.table(), table.tableVersion(), table.schema(), frames.get(table.table())));
            }
        } catch (SpaceConflictException e) {
            throw new CorruptCatalogException("catalog checkpoint contradicts itself: " + where + " " + e.getMessage());
        }
        return state;
    }

    private static void restore(
            CatalogState state,
            CatalogRecord record,
            Map<String, CreateTable> created,
            Map<String, List<FrameRef>> frames,
            long index,
            String where) {
        if (record instanceof CreatePool r) {
            state.space.addPool(r.pool());
            if (r.reserved()) {
                state.reservedPools.add(r.pool().id());
            }
        } else if (record instanceof UnitRun r) {
            state.space.restoreGenerations(
                    new UnitGenerations(r.pool(), r.firstUnit(), r.units(), r.generation(), r.freedAt(), r.tail()));
        } else if (record instanceof OpenGrant r) {
            state.space.restoreGrant(r.grant(), r.used());
            state.grantNames.put(r.grant().id(), r.writerName());
        } else if (record instanceof RetiredRange r) {
            state.space.restoreRetired(new RetiredExtent(r.extent(), r.retiredAt(), r.quarantinedAt()));
        } else if (record instanceof CreateTable r) {
            if (created.putIfAbsent(r.table(), r) != null) {
                throw corrupt(where, index, "creates a table twice: table=" + r.table());
            }
            state.space.restoreLive(r.schema().extent());
            state.liveFrames.put(r.schema().extent(), r.schema());
            frames.put(r.table(), new ArrayList<>());
        } else if (record instanceof AppendFrame r) {
            List<FrameRef> list = frames.get(r.table());
            if (list == null || r.commit() >= state.version) {
                throw corrupt(where, index, "appends out of place: table=" + r.table() + " commit=" + r.commit());
            }
            state.space.restoreLive(r.frame().extent());
            list.add(new FrameRef(r.frame(), r.rows(), r.batches(), r.commit()));
            state.liveFrames.put(r.frame().extent(), r.frame());
        } else if (record instanceof WriterSeq r) {
            state.writerSeqs.put(r.writer(), r.lastSeq());
        } else if (record instanceof SetConfig r) {
            state.settings.put(r.name(), r.value());
        } else if (record instanceof Migrated r) {
            state.migratedFrom = r.legacyCommits();
        } else if (record instanceof SetPublisher r) {
            if (!created.containsKey(r.table())) {
                throw corrupt(where, index, "names a publisher of no table: table=" + r.table());
            }
            state.publishers.put(r.table(), r.node());
        } else {
            throw corrupt(
                    where, index, "holds a change record: " + record.getClass().getSimpleName());
        }
    }

    private static CorruptCatalogException corrupt(String where, long index, String what) {
        return new CorruptCatalogException("catalog checkpoint record " + what + " " + where + " index=" + index);
    }
}
