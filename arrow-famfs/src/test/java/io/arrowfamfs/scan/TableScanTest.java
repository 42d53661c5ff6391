package io.arrowfamfs.scan;

import static io.arrowfamfs.testkit.FamfsSpecImage.MIB;
import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.CatalogSnapshot;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.frame.ColumnStats;
import io.arrowfamfs.frame.FrameBuilder;
import io.arrowfamfs.scan.Literal.Int64;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scans of a real table: two frames, batches of ids [0, 1000), [1000, 2000) in the first and
 * [2000, 3000) in the second, with a name column "n" + id % 10.
 */
class TableScanTest {
    static final NodeId MASTER = new NodeId(UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001"), "test");
    static final SlicePolicy WHOLE = new SlicePolicy(1, Long.MAX_VALUE);

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    BufferAllocator heap;
    BufferAllocator mappings;
    Volume volume;
    Catalog catalog;
    /** Pins made and not yet closed. */
    final AtomicInteger pins = new AtomicInteger();

    FrameCache<Pin> cache;

    /** What the test's engine reads a column through: its name and length. */
    final class Pin implements AutoCloseable {
        final String name;
        final int values;

        Pin(FieldVector vector) {
            this.name = vector.getName();
            this.values = vector.getValueCount();
            pins.incrementAndGet();
        }

        @Override
        public void close() {
            pins.decrementAndGet();
        }
    }

    @BeforeEach
    void setUp() {
        heap = new RootAllocator();
        mappings = new RootAllocator();
        Mkfs.format(shm.device("dev.img"), MkfsOptions.of(64 * MIB, MASTER));
        volume = Volume.open(shm.device("dev.img"), VolumeOptions.of(MASTER));
        catalog = Catalog.open(volume);
        append(0, 1000);
        append(2000);
        cache = new FrameCache<>(ref -> catalog.attach(ref, mappings, false), (vector, dictionary) -> new Pin(vector));
    }

    @AfterEach
    void tearDown() {
        cache.close();
        assertEquals(0, pins.get(), "every pin closed with its frame");
        assertEquals(0, mappings.getAllocatedMemory(), "every frame unmapped");
        catalog.close();
        volume.close();
        mappings.close();
        heap.close();
    }

    /** A frame of one batch per start, each of 1000 ids from that start. */
    private void append(long... starts) {
        try (BigIntVector id = new BigIntVector("id", heap);
                VarCharVector name = new VarCharVector("name", heap);
                VectorSchemaRoot root = VectorSchemaRoot.of(id, name);
                FrameBuilder frame = new FrameBuilder(root.getSchema())) {
            for (long start : starts) {
                root.allocateNew();
                for (int i = 0; i < 1000; i++) {
                    id.setSafe(i, start + i);
                    name.setSafe(i, ("n" + (start + i) % 10).getBytes(StandardCharsets.UTF_8));
                }
                root.setRowCount(1000);
                frame.add(root);
            }
            catalog.createOrAppend("t", frame, mappings);
        }
    }

    private TableState table() {
        return catalog.refresh().require("t");
    }

    private Projection ids(TableState table) {
        return Projection.named(catalog.schema(table, mappings), Set.of("ID"));
    }

    private static StatsFilter where(Comparison comparison, long... values) {
        Literal[] literals = new Literal[values.length];
        for (int i = 0; i < values.length; i++) {
            literals[i] = new Int64(values[i]);
        }
        return StatsFilter.of(List.of(ColumnPredicate.of(0, comparison, literals)));
    }

    @Test
    void aFilterThatMatchesNothingReadsNoBatch() {
        TableState table = table();
        try (TableScan<Pin> scan = TableScan.open(cache, table, ids(table), StatsFilter.NONE, WHOLE)) {
            assertEquals(List.of(), scan.slices());
            assertEquals(0, scan.rows());
            assertEquals(
                    List.of("id"),
                    scan.projection().schema().getFields().stream()
                            .map(f -> f.getName())
                            .toList(),
                    "the schema is still the projection's");
            assertEquals(0, pins.get(), "no column of any batch is pinned (or checked)");
        }
        assertFalse(StatsFilter.NONE.keepsEverything());
        assertFalse(StatsFilter.NONE.mayMatch(1, column -> ColumnStats.unbounded(0)));
    }

    @Test
    void batchStatisticsPruneAndOnlyProjectedColumnsArePinned() {
        TableState table = table();
        try (TableScan<Pin> scan =
                TableScan.open(cache, table, ids(table), where(Comparison.BETWEEN, 1500, 2100), WHOLE)) {
            assertEquals(
                    List.of("1000+1000", "0+1000"),
                    scan.slices().stream()
                            .map(slice -> slice.batch() * 1000 + slice.offset() + "+" + slice.rows())
                            .toList());
            assertEquals(2000, scan.rows());
            assertEquals(
                    List.of("id"),
                    scan.projection().schema().getFields().stream()
                            .map(f -> f.getName())
                            .toList());
            for (ScanSlice<Pin> slice : scan.slices()) {
                assertEquals(1, slice.columns().size());
                assertEquals("id", slice.columns().get(0).name);
                assertEquals(1000, slice.columns().get(0).values);
            }
            assertEquals(2, pins.get(), "the id column of the two kept batches, nothing else");
            assertEquals(
                    ColumnStats.ofLongs(0, 2000, 2999),
                    scan.slices().get(1).stats(0),
                    "a whole batch: its published statistics");
        }
    }

    @Test
    void slicesCutBatchesAndZoneStatisticsPruneThem() {
        TableState table = table();
        SlicePolicy quarters = new SlicePolicy(4, 100);
        try (TableScan<Pin> all = TableScan.open(cache, table, ids(table), StatsFilter.ALL, quarters)) {
            // 3000 rows in at least 4 slices: 750 rows each, a batch's rest on its own
            assertEquals(
                    List.of(750L, 250L, 750L, 250L, 750L, 250L),
                    all.slices().stream().map(ScanSlice::rows).toList());
            assertEquals(3000, all.rows());
            assertEquals(
                    ColumnStats.ofLongs(0, 1750, 1999),
                    all.slices().get(3).stats(0),
                    "a cut slice: its zone's statistics");
        }
        // one batch kept, cut into 250-row zones: only the zone holding 1800 is read
        try (TableScan<Pin> one = TableScan.open(cache, table, ids(table), where(Comparison.EQ, 1800), quarters)) {
            assertEquals(1, one.slices().size());
            ScanSlice<Pin> slice = one.slices().get(0);
            assertEquals(List.of(1, 750L, 250L), List.of(slice.batch(), slice.offset(), slice.rows()));
            assertFalse(slice.wholeBatch());
        }
    }

    @Test
    void aScanHoldsItsSnapshotsFramesUntilItCloses() {
        TableState table = table();
        TableScan<Pin> scan = TableScan.open(cache, table, ids(table), StatsFilter.ALL, WHOLE);
        try (TableScan<Pin> again = TableScan.open(cache, table, ids(table), StatsFilter.ALL, WHOLE)) {
            assertEquals(2, cache.attached(), "two scans of the same frames attach them once");
            assertEquals(3, pins.get(), "and pin each column once");
        }
        catalog.drop("t");
        CatalogSnapshot dropped = catalog.refresh();
        cache.retainOnly(dropped);
        assertEquals(2, cache.attached(), "an open scan keeps the frames of a dropped table");
        assertEquals(
                3000,
                scan.slices().stream()
                        .mapToLong(slice -> slice.frame().frame().rows(slice.batch()))
                        .sum(),
                "and can still read them");
        scan.close();
        scan.close(); // idempotent: releases once
        cache.retainOnly(dropped);
        assertEquals(0, cache.attached(), "closed, the frames go");
        assertEquals(0, pins.get(), "with their pins");
        assertEquals(0, mappings.getAllocatedMemory());
    }

    @Test
    void framesOfTablesStillInTheSnapshotStayAttached() {
        TableState table = table();
        TableScan.open(cache, table, ids(table), StatsFilter.ALL, WHOLE).close();
        cache.retainOnly(catalog.refresh());
        assertEquals(2, cache.attached(), "the next query reuses the mapping");
        cache.close();
        assertThrows(
                IllegalStateException.class, () -> TableScan.open(cache, table, ids(table), StatsFilter.ALL, WHOLE));
    }

    @Test
    void projectionsMatchNamesIgnoringCaseAndKeepAColumn() {
        TableState table = table();
        org.apache.arrow.vector.types.pojo.Schema schema = catalog.schema(table, mappings);
        assertArrayEquals(
                new int[] {1},
                Projection.named(schema, List.of("Name", "missing")).columns());
        assertArrayEquals(
                new int[] {0}, Projection.named(schema, List.of()).columns(), "none: the first, for row counts");
        assertArrayEquals(new int[] {0, 1}, Projection.all(schema).columns());
        assertEquals(schema, Projection.all(schema).schema());
    }
}
