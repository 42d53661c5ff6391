package io.arrowfamfs.query;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.CatalogSnapshot;
import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.cdata.ColumnChunk;
import io.arrowfamfs.frame.ColumnStats;
import io.arrowfamfs.frame.Frame;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The frames one session has attached, kept attached between queries together with their pinned
 * column chunks. A frame's pages enter this process's page tables once (a fresh mapping per query
 * paid about 50 ms of page faults per GiB scanned), and each column of each batch is validated
 * and pinned once, however many queries scan it, as are the zone statistics pruning asks for. Published frames never change, so nothing here
 * goes stale; frames of tables no longer in the catalog are closed once no query uses them.
 * Used under the session's lock.
 */
final class ScanCache implements AutoCloseable {
    private final Catalog catalog;
    private final BufferAllocator allocator;
    private final Map<String, Entry> entries = new HashMap<>();

    /** An attached frame, its pinned chunks ({@code [batch][column]}, filled on first use) and its users. */
    static final class Entry {
        private final Frame frame;
        private final ColumnChunk[][] chunks;
        private final Map<Zone, ColumnStats> zones = new HashMap<>();
        private int users;

        private Entry(Frame frame) {
            this.frame = frame;
            this.chunks = new ColumnChunk[frame.batchCount()][frame.schema().getFields().size()];
        }

        Frame frame() {
            return frame;
        }
    }

    private record Zone(int batch, int column, long offset, long rows) {}

    ScanCache(Catalog catalog, BufferAllocator allocator) {
        this.catalog = catalog;
        this.allocator = allocator;
    }

    /** {@code frame}, attached (once) and counted as in use until {@link #release}. */
    Entry acquire(FrameRef frame) {
        Entry entry = entries.get(frame.path());
        if (entry == null) {
            entry = new Entry(catalog.attach(frame, allocator, false));
            entries.put(frame.path(), entry);
        }
        entry.users++;
        return entry;
    }

    void release(Entry entry) {
        entry.users--;
    }

    /** Column {@code column} of batch {@code batch}, validated and pinned on first use. */
    ColumnChunk chunk(Entry entry, int batch, int column) {
        ColumnChunk chunk = entry.chunks[batch][column];
        if (chunk == null) {
            try (VectorSchemaRoot root = entry.frame.batch(batch, new int[] {column})) {
                chunk = ColumnChunk.pin(root.getVector(0), allocator);
            }
            entry.chunks[batch][column] = chunk;
        }
        return chunk;
    }

    /** Statistics of rows {@code [offset, offset + rows)} of a batch column, computed on first use. */
    ColumnStats zoneStats(Entry entry, int batch, int column, long offset, long rows) {
        return entry.zones.computeIfAbsent(new Zone(batch, column, offset, rows), key -> {
            try (VectorSchemaRoot root = entry.frame.batch(batch, new int[] {column})) {
                return ColumnStats.of(root.getVector(0), Math.toIntExact(offset), Math.toIntExact(rows));
            }
        });
    }

    /** Closes the unused frames that belong to no table of {@code snapshot}. */
    void retainOnly(CatalogSnapshot snapshot) {
        Set<String> live = new HashSet<>();
        for (TableState table : snapshot.tables().values()) {
            for (FrameRef frame : table.frames()) {
                live.add(frame.path());
            }
        }
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Entry> next = it.next();
            if (next.getValue().users == 0 && !live.contains(next.getKey())) {
                close(next.getValue());
                it.remove();
            }
        }
    }

    /** Closes every frame; no stream over them may still be registered. */
    @Override
    public void close() {
        for (Entry entry : entries.values()) {
            close(entry);
        }
        entries.clear();
    }

    private static void close(Entry entry) {
        for (ColumnChunk[] batch : entry.chunks) {
            for (ColumnChunk chunk : batch) {
                if (chunk != null) {
                    chunk.close();
                }
            }
        }
        entry.frame.close();
    }
}
