package io.arrowfamfs.scan;

import io.arrowfamfs.frame.ColumnStats.DoubleRange;
import io.arrowfamfs.frame.ColumnStats.LongRange;
import io.arrowfamfs.frame.ColumnStats.Range;
import io.arrowfamfs.frame.ColumnStats.StringRange;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where a literal falls against a column's range: the signs of {@code min - literal} and
 * {@code max - literal}, compared the way the literal's kind says ({@link Literal}).
 *
 * @param min negative, zero or positive as the range's minimum is below, at or above the literal
 * @param max the same for the range's maximum
 */
record RangeOrder(int min, int max) {
    /** The order of {@code range} against {@code literal}; empty when the two are not comparable. */
    static Optional<RangeOrder> of(Range range, Literal literal) {
        if (range instanceof LongRange longs) {
            return longs(longs, literal);
        }
        if (range instanceof DoubleRange doubles) {
            return doubles(doubles, literal);
        }
        if (range instanceof StringRange strings && literal instanceof Literal.Utf8 utf8) {
            byte[] value = utf8.value().getBytes(StandardCharsets.UTF_8);
            return Optional.of(new RangeOrder(
                    Arrays.compareUnsigned(strings.min().getBytes(StandardCharsets.UTF_8), value),
                    Arrays.compareUnsigned(strings.max().getBytes(StandardCharsets.UTF_8), value)));
        }
        return Optional.empty();
    }

    private static Optional<RangeOrder> longs(LongRange range, Literal literal) {
        if (literal instanceof Literal.Int64 int64) {
            return Optional.of(
                    new RangeOrder(Long.compare(range.min(), int64.value()), Long.compare(range.max(), int64.value())));
        }
        if (literal instanceof Literal.Decimal decimal) {
            return Optional.of(new RangeOrder(
                    BigDecimal.valueOf(range.min()).compareTo(decimal.value()),
                    BigDecimal.valueOf(range.max()).compareTo(decimal.value())));
        }
        if (literal instanceof Literal.Float64 float64) {
            // rounding is monotonic: every value of [min, max] rounds into [(double) min, (double) max]
            return Optional.of(
                    new RangeOrder(compare(range.min(), float64.value()), compare(range.max(), float64.value())));
        }
        return Optional.empty();
    }

    private static Optional<RangeOrder> doubles(DoubleRange range, Literal literal) {
        BigDecimal exact;
        if (literal instanceof Literal.Int64 int64) {
            exact = BigDecimal.valueOf(int64.value());
        } else if (literal instanceof Literal.Decimal decimal) {
            exact = decimal.value();
        } else if (literal instanceof Literal.Float64 float64) {
            return Optional.of(
                    new RangeOrder(compare(range.min(), float64.value()), compare(range.max(), float64.value())));
        } else {
            return Optional.empty();
        }
        return Optional.of(new RangeOrder(
                new BigDecimal(range.min()).compareTo(exact), new BigDecimal(range.max()).compareTo(exact)));
    }

    /** Numeric order of two doubles, with {@code -0.0 == 0.0} (unlike {@link Double#compare}). */
    private static int compare(double bound, double literal) {
        return bound < literal ? -1 : bound > literal ? 1 : 0;
    }
}
