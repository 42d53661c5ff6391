package io.arrowfamfs.scan;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.frame.ColumnStats;
import io.arrowfamfs.scan.Literal.Decimal;
import io.arrowfamfs.scan.Literal.Float64;
import io.arrowfamfs.scan.Literal.Int64;
import io.arrowfamfs.scan.Literal.Utf8;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pruning decisions of one predicate on typed statistics, by comparison and literal kind. */
class ColumnPredicateTest {
    /** 100 rows, 5 of them null, the others in [10, 20]. */
    static final ColumnStats TEN_TO_TWENTY = ColumnStats.ofLongs(5, 10, 20);

    static boolean mayMatch(ColumnStats stats, Comparison comparison, Literal... literals) {
        return ColumnPredicate.of(0, comparison, literals).mayMatch(stats, 100);
    }

    @Test
    void everyComparisonAgainstAnIntegerRange() {
        assertTrue(mayMatch(TEN_TO_TWENTY, Comparison.EQ, new Int64(10)));
        assertFalse(mayMatch(TEN_TO_TWENTY, Comparison.EQ, new Int64(21)));
        assertTrue(mayMatch(TEN_TO_TWENTY, Comparison.NE, new Int64(10)));
        assertFalse(mayMatch(ColumnStats.ofLongs(5, 7, 7), Comparison.NE, new Int64(7)), "every value is 7 or null");
        assertFalse(mayMatch(TEN_TO_TWENTY, Comparison.LT, new Int64(10)));
        assertTrue(mayMatch(TEN_TO_TWENTY, Comparison.LE, new Int64(10)));
        assertFalse(mayMatch(TEN_TO_TWENTY, Comparison.GT, new Int64(20)));
        assertTrue(mayMatch(TEN_TO_TWENTY, Comparison.GE, new Int64(20)));
        assertTrue(mayMatch(TEN_TO_TWENTY, Comparison.BETWEEN, new Int64(0), new Int64(10)));
        assertFalse(mayMatch(TEN_TO_TWENTY, Comparison.BETWEEN, new Int64(21), new Int64(30)));
        assertFalse(mayMatch(TEN_TO_TWENTY, Comparison.BETWEEN, new Int64(0), new Int64(9)));
        assertTrue(mayMatch(TEN_TO_TWENTY, Comparison.IN, new Int64(3), new Int64(15)));
        assertFalse(mayMatch(TEN_TO_TWENTY, Comparison.IN, new Int64(3), new Int64(25)));
        assertTrue(mayMatch(TEN_TO_TWENTY, Comparison.IS_NULL));
        assertFalse(mayMatch(ColumnStats.ofLongs(0, 10, 20), Comparison.IS_NULL));
        assertTrue(mayMatch(TEN_TO_TWENTY, Comparison.IS_NOT_NULL));
    }

    @Test
    void aZoneOfNullsMatchesOnlyIsNull() {
        ColumnStats nulls = ColumnStats.unbounded(100);
        assertTrue(mayMatch(nulls, Comparison.IS_NULL));
        assertFalse(mayMatch(nulls, Comparison.IS_NOT_NULL));
        assertFalse(mayMatch(nulls, Comparison.NE, new Int64(1)));
        assertFalse(mayMatch(nulls, Comparison.IN, new Utf8("x")));
    }

    @Test
    void unknownRangesAndIncomparableLiteralsMayMatch() {
        assertTrue(mayMatch(ColumnStats.unbounded(0), Comparison.EQ, new Int64(1)));
        assertTrue(mayMatch(TEN_TO_TWENTY, Comparison.EQ, new Utf8("99")), "a string against integers proves nothing");
        assertTrue(mayMatch(ColumnStats.ofStrings(0, "a", "b"), Comparison.GT, new Int64(5)));
        assertTrue(mayMatch(TEN_TO_TWENTY, Comparison.IN, new Int64(99), new Utf8("x")));
    }

    @Test
    void decimalsCompareExactlyWithIntegers() {
        assertFalse(mayMatch(TEN_TO_TWENTY, Comparison.LT, new Decimal(new BigDecimal("9.99"))));
        assertTrue(mayMatch(TEN_TO_TWENTY, Comparison.LT, new Decimal(new BigDecimal("10.01"))));
        assertFalse(mayMatch(TEN_TO_TWENTY, Comparison.EQ, new Decimal(new BigDecimal("20.5"))));
        BigDecimal wide = new BigDecimal("18446744073709551615"); // a UBIGINT beyond a long
        assertFalse(mayMatch(ColumnStats.ofLongs(0, 0, Long.MAX_VALUE), Comparison.GE, new Decimal(wide)));
    }

    @Test
    void doublesRoundTheColumnsIntegersFirst() {
        long big = (1L << 53) + 1; // no double holds it: it rounds to 2^53
        ColumnStats one = ColumnStats.ofLongs(0, big, big);
        assertFalse(mayMatch(one, Comparison.EQ, new Int64(1L << 53)), "exactly, 2^53 + 1 is not 2^53");
        assertTrue(mayMatch(one, Comparison.EQ, new Float64(0x1p53)), "as doubles, it is");
        assertFalse(mayMatch(one, Comparison.NE, new Float64(0x1p53)));
        assertFalse(mayMatch(one, Comparison.GT, new Float64(0x1p53)));
    }

    @Test
    void floatingPointRangesCompareExactlyOrAsDoubles() {
        ColumnStats tenth = ColumnStats.ofDoubles(0, 0.1, 0.1);
        assertFalse(mayMatch(tenth, Comparison.EQ, new Decimal(new BigDecimal("0.1"))), "the double 0.1 is not 1/10");
        assertTrue(mayMatch(tenth, Comparison.EQ, new Float64(0.1)));
        assertTrue(mayMatch(ColumnStats.ofDoubles(0, -0.0, -0.0), Comparison.EQ, new Float64(0.0)), "-0.0 = 0.0");
        assertFalse(mayMatch(ColumnStats.ofDoubles(0, 0.5, 1.5), Comparison.GT, new Int64(2)));
    }

    @Test
    void stringsCompareBytewiseInUtf8() {
        ColumnStats letters = ColumnStats.ofStrings(0, "a", "z");
        assertFalse(mayMatch(letters, Comparison.GT, new Utf8("é")), "é (0xC3 0xA9) sorts after z (0x7A)");
        assertTrue(mayMatch(letters, Comparison.LT, new Utf8("é")));
        assertFalse(mayMatch(letters, Comparison.EQ, new Utf8("Z")), "no collation: Z (0x5A) sorts before a");
        assertTrue(mayMatch(letters, Comparison.BETWEEN, new Utf8("m"), new Utf8("n")));
    }

    @Test
    void malformedPredicatesAreRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ColumnPredicate.of(0, Comparison.BETWEEN, new Int64(1)));
        assertEquals("column predicate invalid: column=0 comparison=BETWEEN literals=1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ColumnPredicate.of(-1, Comparison.IS_NULL));
        assertThrows(IllegalArgumentException.class, () -> ColumnPredicate.of(0, Comparison.IN));
        assertThrows(IllegalArgumentException.class, () -> new Float64(Double.NaN));
        assertEquals(Comparison.GT, Comparison.LT.mirrored());
        assertEquals(Comparison.NE, Comparison.NE.mirrored());
        assertThrows(IllegalStateException.class, Comparison.IN::mirrored);
    }

    @Test
    void aFilterIsTheConjunctionOfItsPredicates() {
        StatsFilter filter = StatsFilter.of(List.of(
                ColumnPredicate.of(0, Comparison.GE, new Int64(15)),
                ColumnPredicate.of(2, Comparison.EQ, new Utf8("k")),
                ColumnPredicate.of(0, Comparison.LT, new Int64(30))));
        assertArrayEquals(new int[] {0, 2}, filter.columns());
        ColumnStats[] zone = {TEN_TO_TWENTY, null, ColumnStats.ofStrings(0, "a", "m")};
        assertTrue(filter.mayMatch(100, column -> zone[column]));
        zone[2] = ColumnStats.ofStrings(0, "l", "m");
        assertFalse(filter.mayMatch(100, column -> zone[column]), "one predicate rules the zone out");
        assertTrue(StatsFilter.of(List.of()).keepsEverything());
        assertSame(StatsFilter.ALL, StatsFilter.of(List.of()));
    }
}
