package io.arrowfamfs.frame;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;

/** Bounds per type, on the fast path (no nulls) and the general one (nulls), signed and unsigned. */
class ColumnStatsTest {
    @Test
    void invalidUtf8RecordsNoStringRange() {
        try (BufferAllocator allocator = new RootAllocator();
                VarCharVector bad = strings(allocator, new byte[] {'a', (byte) 0xff}); // not UTF-8, the minimum
                VarCharVector good = strings(allocator, new byte[] {'a'})) {
            assertEquals(ColumnStats.unbounded(0), ColumnStats.of(bad, 3));
            assertEquals(ColumnStats.ofStrings(0, "a", "c"), ColumnStats.of(good, 3));
        }
    }

    private static VarCharVector strings(BufferAllocator allocator, byte[] smallest) {
        VarCharVector strings = new VarCharVector("s", allocator);
        strings.allocateNew();
        strings.setSafe(0, "b".getBytes(StandardCharsets.UTF_8));
        strings.setSafe(1, smallest);
        strings.setSafe(2, "c".getBytes(StandardCharsets.UTF_8));
        strings.setValueCount(3);
        return strings;
    }

    @Test
    void signedIntegersOfEveryWidth() {
        try (BufferAllocator allocator = new RootAllocator();
                TinyIntVector tiny = new TinyIntVector("t", allocator);
                SmallIntVector small = new SmallIntVector("s", allocator);
                BigIntVector big = new BigIntVector("b", allocator)) {
            tiny.allocateNew(3);
            small.allocateNew(3);
            big.allocateNew(3);
            byte[] bytes = {-128, 5, 127};
            short[] shorts = {-300, 0, 300};
            long[] longs = {Long.MIN_VALUE, 0, Long.MAX_VALUE};
            for (int i = 0; i < 3; i++) {
                tiny.set(i, bytes[i]);
                small.set(i, shorts[i]);
                big.set(i, longs[i]);
            }
            tiny.setValueCount(3);
            small.setValueCount(3);
            big.setValueCount(3);
            assertEquals(ColumnStats.ofLongs(0, -128, 127), ColumnStats.of(tiny, 3));
            assertEquals(ColumnStats.ofLongs(0, -300, 300), ColumnStats.of(small, 3));
            assertEquals(ColumnStats.ofLongs(0, Long.MIN_VALUE, Long.MAX_VALUE), ColumnStats.of(big, 3));
            big.setNull(0);
            assertEquals(
                    ColumnStats.ofLongs(1, 0, Long.MAX_VALUE), ColumnStats.of(big, 3), "nulls take the general path");
        }
    }

    @Test
    void unsignedDatesTimestampsAndFloats() {
        try (BufferAllocator allocator = new RootAllocator();
                UInt4Vector unsigned = new UInt4Vector("u", allocator);
                DateDayVector days = new DateDayVector("d", allocator);
                TimeStampMicroVector micros = new TimeStampMicroVector("ts", allocator);
                Float4Vector floats = new Float4Vector("f", allocator)) {
            unsigned.allocateNew(2);
            unsigned.set(0, 1);
            unsigned.set(1, 0xFFFFFFFF); // 4294967295 unsigned, -1 if read signed
            unsigned.setValueCount(2);
            assertEquals(ColumnStats.ofLongs(0, 1, 4294967295L), ColumnStats.of(unsigned, 2));
            days.allocateNew(2);
            days.set(0, 11_000);
            days.set(1, -5);
            days.setValueCount(2);
            assertEquals(ColumnStats.ofLongs(0, -5, 11_000), ColumnStats.of(days, 2));
            micros.allocateNew(1);
            micros.set(0, 978_307_200_000_000L);
            micros.setValueCount(1);
            assertEquals(ColumnStats.ofLongs(0, 978_307_200_000_000L, 978_307_200_000_000L), ColumnStats.of(micros, 1));
            floats.allocateNew(3);
            floats.set(0, 1.5f);
            floats.set(1, -2f);
            floats.setNull(2);
            floats.setValueCount(3);
            assertEquals(ColumnStats.ofDoubles(1, -2.0, 1.5), ColumnStats.of(floats, 3));
            floats.set(2, Float.NaN);
            assertEquals(ColumnStats.unbounded(0), ColumnStats.of(floats, 3), "NaN: no bounds rather than wrong ones");
            floats.set(2, Float.POSITIVE_INFINITY);
            assertEquals(ColumnStats.unbounded(0), ColumnStats.of(floats, 3), "a range holds finite values only");
        }
    }

    @Test
    void zonesOfABatchHaveTheirOwnBoundsAndNullCounts() {
        try (BufferAllocator allocator = new RootAllocator();
                BigIntVector ids = new BigIntVector("id", allocator);
                org.apache.arrow.vector.VarCharVector names =
                        new org.apache.arrow.vector.VarCharVector("n", allocator)) {
            ids.allocateNew(100);
            names.allocateNew(100);
            for (int i = 0; i < 100; i++) {
                ids.set(i, 1000 - i);
                if (i % 10 != 0) {
                    names.setSafe(i, ("v" + (100 + i)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            ids.setValueCount(100);
            names.setValueCount(100);
            assertEquals(ColumnStats.ofLongs(0, 950, 959), ColumnStats.of(ids, 41, 10));
            assertEquals(ColumnStats.ofLongs(0, 901, 1000), ColumnStats.of(ids, 0, 100));
            assertEquals(ColumnStats.ofStrings(1, "v121", "v129"), ColumnStats.of(names, 20, 10));
            assertEquals(ColumnStats.unbounded(1), ColumnStats.of(names, 30, 1));
            assertThrows(IllegalArgumentException.class, () -> ColumnStats.of(ids, 95, 6));
        }
    }

    /** Columns large enough to be computed in zones in parallel: the merged zones say what one pass says. */
    @Test
    void largeColumnsMergedFromParallelZonesMatchOnePass() {
        int rows = 600_000; // above twice the zone threshold: at least two zones
        try (BufferAllocator allocator = new RootAllocator();
                BigIntVector ids = new BigIntVector("id", allocator);
                BigIntVector late = new BigIntVector("late", allocator);
                Float8Vector floats = new Float8Vector("f", allocator);
                VarCharVector names = new VarCharVector("n", allocator)) {
            ids.allocateNew(rows);
            late.allocateNew(rows);
            floats.allocateNew(rows);
            names.allocateNew(rows);
            for (int i = 0; i < rows; i++) {
                if (i % 7 == 0 && i < rows / 2) {
                    ids.setNull(i);
                } else {
                    ids.set(i, (i * 7919L) % 100_003 - (i == rows - 1 ? 1_000_000 : 0));
                }
                if (i >= rows / 2) {
                    late.set(i, i); // the first zone all null: the range is the second zone's
                }
                floats.set(i, i == rows - 3 ? Double.NaN : i * 0.5);
                names.setSafe(i, ("k" + (rows - i)).getBytes(StandardCharsets.UTF_8));
            }
            for (var v : java.util.List.of(ids, late, floats, names)) {
                v.setValueCount(rows);
            }
            assertEquals(ColumnStats.of(ids, 0, rows), ColumnStats.of(ids, rows));
            assertEquals(
                    -1_000_000 + ((rows - 1) * 7919L) % 100_003,
                    ((ColumnStats.LongRange) ColumnStats.of(ids, rows).range().orElseThrow()).min());
            assertEquals(ColumnStats.ofLongs(rows / 2, rows / 2, rows - 1), ColumnStats.of(late, rows));
            assertEquals(ColumnStats.unbounded(0), ColumnStats.of(floats, rows), "a NaN in one zone: no range");
            assertEquals(ColumnStats.of(names, 0, rows), ColumnStats.of(names, rows));
            assertEquals(ColumnStats.ofStrings(0, "k1", "k99999"), ColumnStats.of(names, rows));
        }
    }
}
