package io.arrowfamfs.frame;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The footer's statistics: every kind of range survives the round trip, and bad JSON is refused. */
class BatchStatsTest {
    @Test
    void everyKindOfRangeRoundTrips() {
        List<BatchStats> batches = List.of(new BatchStats(
                7,
                0x0a1b2c3d,
                List.of(
                        ColumnStats.ofLongs(1, -5, 9),
                        ColumnStats.ofDoubles(0, -0.5, 2.25),
                        ColumnStats.ofStrings(2, "a", "zé"),
                        ColumnStats.unbounded(7))));
        assertEquals(batches, BatchStats.fromJson(BatchStats.toJson(batches)));
    }

    @Test
    void boundsOfDifferentKindsMakeNoRange() {
        // older writers quoted non-finite doubles: such a pair is no range, not a string range
        String json =
                "[{\"rows\":2,\"crc32c\":\"00000000\",\"columns\":[{\"nulls\":0,\"min\":0.5,\"max\":\"Infinity\"}]}]";
        assertEquals(
                List.of(ColumnStats.unbounded(0)),
                BatchStats.fromJson(json).get(0).columns());
    }

    @Test
    void inconsistentStatisticsAreCorrupt() {
        String reversed = "[{\"rows\":2,\"crc32c\":\"00000000\",\"columns\":[{\"nulls\":0,\"min\":9,\"max\":1}]}]";
        CorruptFrameException e = assertThrows(CorruptFrameException.class, () -> BatchStats.fromJson(reversed));
        assertEquals("frame statistics unreadable: column range invalid: min=9 max=1", e.getMessage());
        String noRows = "[{\"crc32c\":\"00000000\",\"columns\":[]}]";
        e = assertThrows(CorruptFrameException.class, () -> BatchStats.fromJson(noRows));
        assertEquals("frame statistics unreadable: row count missing: batch=0", e.getMessage());
        String negative = "[{\"rows\":2,\"crc32c\":\"00000000\",\"columns\":[{\"nulls\":-1}]}]";
        assertThrows(CorruptFrameException.class, () -> BatchStats.fromJson(negative));
    }
}
