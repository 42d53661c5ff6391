package io.arrowfamfs.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Statistics of one column in one record batch (or in a zone of one): how many values are null,
 * and the range of the others when it is known. A {@link LongRange} holds integers, dates as days
 * or milliseconds and timestamps in their unit; a {@link DoubleRange} floats, only when every
 * non-null value is finite (no NaN, no infinity); a {@link StringRange} utf8 of at most
 * {@link #MAX_STRING_BYTES} bytes, ordered bytewise. No range only means "unknown": never use its
 * absence to prove anything.
 *
 * @param nullCount how many values are null, never negative
 * @param range the smallest and largest non-null value, when recorded
 */
public record ColumnStats(long nullCount, Optional<Range> range) {
    static final int MAX_STRING_BYTES = 64;

    /**
     * Checks the count and the range's presence.
     *
     * @param nullCount how many values are null, never negative
     * @param range the range of the others, when recorded
     */
    public ColumnStats {
        Objects.requireNonNull(range, "range");
        if (nullCount < 0) {
            throw new IllegalArgumentException("column statistics invalid: nullCount=" + nullCount);
        }
    }

    /**
     * Statistics with no known range.
     *
     * @param nullCount how many values are null
     * @return the statistics
     */
    public static ColumnStats unbounded(long nullCount) {
        return new ColumnStats(nullCount, Optional.empty());
    }

    /**
     * Statistics of integer-like values.
     *
     * @param nullCount how many values are null
     * @param min the smallest other value
     * @param max the largest other value
     * @return the statistics
     */
    public static ColumnStats ofLongs(long nullCount, long min, long max) {
        return new ColumnStats(nullCount, Optional.of(new LongRange(min, max)));
    }

    /**
     * Statistics of finite floating-point values.
     *
     * @param nullCount how many values are null
     * @param min the smallest other value
     * @param max the largest other value
     * @return the statistics
     */
    public static ColumnStats ofDoubles(long nullCount, double min, double max) {
        return new ColumnStats(nullCount, Optional.of(new DoubleRange(min, max)));
    }

    /**
     * Statistics of strings, ordered bytewise in UTF-8.
     *
     * @param nullCount how many values are null
     * @param min the smallest other value
     * @param max the largest other value
     * @return the statistics
     */
    public static ColumnStats ofStrings(long nullCount, String min, String max) {
        return new ColumnStats(nullCount, Optional.of(new StringRange(min, max)));
    }

    /** The range of a column's non-null values, by the kind of value the column holds. */
    public sealed interface Range permits LongRange, DoubleRange, StringRange {}

    /**
     * Integers (and dates and timestamps as integers of their unit) in {@code [min, max]}.
     *
     * @param min the smallest value
     * @param max the largest value, at least {@code min}
     */
    public record LongRange(long min, long max) implements Range {
        /**
         * Checks {@code min <= max}.
         *
         * @param min the smallest value
         * @param max the largest value
         */
        public LongRange {
            if (min > max) {
                throw new IllegalArgumentException("column range invalid: min=" + min + " max=" + max);
            }
        }
    }

    /**
     * Finite floating-point values in {@code [min, max]}.
     *
     * @param min the smallest value, finite
     * @param max the largest value, finite and at least {@code min}
     */
    public record DoubleRange(double min, double max) implements Range {
        /**
         * Checks that both bounds are finite and ordered.
         *
         * @param min the smallest value
         * @param max the largest value
         */
        public DoubleRange {
            if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
                throw new IllegalArgumentException("column range invalid: min=" + min + " max=" + max);
            }
        }
    }

    /**
     * Strings between {@code min} and {@code max}, compared bytewise in UTF-8.
     *
     * @param min the smallest value
     * @param max the largest value, bytewise at least {@code min}
     */
    public record StringRange(String min, String max) implements Range {
        /**
         * Checks that both bounds are present and ordered.
         *
         * @param min the smallest value
         * @param max the largest value
         */
        public StringRange {
            if (Arrays.compareUnsigned(min.getBytes(StandardCharsets.UTF_8), max.getBytes(StandardCharsets.UTF_8))
                    > 0) {
                throw new IllegalArgumentException("column range invalid: min=" + min + " max=" + max);
            }
        }
    }

    /** Values a zone must hold before a column's statistics are computed in zones, in parallel. */
    private static final int PARALLEL_ROWS = 1 << 18;

    /**
     * Computes statistics of the first {@code rows} values of {@code vector}; a large column in
     * zones computed in parallel on the common pool (reading the values is what costs: a pass
     * over memory), then merged.
     */
    static ColumnStats of(FieldVector vector, int rows) {
        int zones = (int) Math.min(ForkJoinPool.getCommonPoolParallelism() + 1L, rows / PARALLEL_ROWS);
        if (zones < 2) {
            return of(vector, 0, rows);
        }
        int[] starts = IntStream.rangeClosed(0, zones)
                .map(z -> (int) ((long) rows * z / zones))
                .toArray();
        boolean mayHaveNulls = vector.getNullCount() > 0;
        return IntStream.range(0, zones)
                .parallel()
                .mapToObj(z -> new Zone(
                        of(vector, starts[z], starts[z + 1] - starts[z], mayHaveNulls), starts[z + 1] - starts[z]))
                .reduce(Zone::merge)
                .orElseThrow()
                .stats();
    }

    /**
     * Statistics of a column of {@code rows} values of {@code vector}'s type whose JSON is at
     * least as long as any the column's real statistics can have: what sizes a footer before the
     * statistics are known. Only for the types {@link #ofZones} computes.
     */
    static ColumnStats widest(FieldVector vector, long rows) {
        if (vector instanceof FloatingPointVector) {
            double longest = -2.2250738585072014E-308; // sign, 17 digits, point, E, sign, 3 digits: 24 characters
            return new ColumnStats(rows, Optional.of(new DoubleRange(longest, longest)));
        }
        return new ColumnStats(rows, Optional.of(new LongRange(Long.MIN_VALUE, Long.MIN_VALUE)));
    }

    /**
     * True for the fixed-width columns whose statistics the frame writer computes piece by piece
     * as it copies them ({@link #of(FieldVector, int, int, boolean)} over zones of the data
     * buffer): integers, dates, timestamps and floats.
     */
    static boolean ofZones(FieldVector vector) {
        return vector instanceof BaseFixedWidthVector
                && (vector instanceof BaseIntVector
                        || vector instanceof DateDayVector
                        || vector instanceof DateMilliVector
                        || vector instanceof TimeStampVector
                        || vector instanceof FloatingPointVector);
    }

    /** A zone's statistics and how many values it holds: what merging two zones needs. */
    record Zone(ColumnStats stats, long rows) {
        /** The statistics of this zone followed by {@code next}. */
        Zone merge(Zone next) {
            long nulls = stats.nullCount + next.stats.nullCount;
            Optional<Range> range;
            if (stats.nullCount == rows) {
                range = next.stats.range;
            } else if (next.stats.nullCount == next.rows) {
                range = stats.range;
            } else {
                range = stats.range.flatMap(a -> next.stats.range.flatMap(b -> union(a, b)));
            }
            return new Zone(new ColumnStats(nulls, range), rows + next.rows);
        }

        /** The smallest range holding both, if they are of one kind. */
        private static Optional<Range> union(Range a, Range b) {
            if (a instanceof LongRange x && b instanceof LongRange y) {
                return Optional.of(new LongRange(Math.min(x.min, y.min), Math.max(x.max, y.max)));
            }
            if (a instanceof DoubleRange x && b instanceof DoubleRange y) {
                return Optional.of(new DoubleRange(Math.min(x.min, y.min), Math.max(x.max, y.max)));
            }
            if (a instanceof StringRange x && b instanceof StringRange y) {
                return Optional.of(new StringRange(
                        bytewise(x.min, y.min) <= 0 ? x.min : y.min, bytewise(x.max, y.max) >= 0 ? x.max : y.max));
            }
            return Optional.empty();
        }

        private static int bytewise(String a, String b) {
            return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Computes statistics of values {@code [offset, offset + rows)} of {@code vector}: a zone of a
     * batch, for pruning finer than the batch statistics recorded at publication.
     *
     * @param vector the column
     * @param offset the first value of the zone
     * @param rows how many values the zone has
     * @return the zone's statistics
     */
    public static ColumnStats of(FieldVector vector, int offset, int rows) {
        return of(vector, offset, rows, vector.getNullCount() > 0);
    }

    /**
     * {@return whether the statistics of {@code vector} are the least and greatest of its data
     * buffer read as signed 64-bit integers, {@code dataBytes} long} True for 64-bit signed
     * integers, date-millis and timestamps without nulls and with at least one value: {@link
     * #of} gives them {@code ofLongs(0, min, max)}, so a copy that reads the buffer anyway can
     * find the bounds instead.
     *
     * @param vector a column
     * @param dataBytes the length of its data buffer
     */
    static boolean boundedAsSigned64(FieldVector vector, long dataBytes) {
        boolean signed64 = vector instanceof BigIntVector
                || vector instanceof DateMilliVector
                || vector instanceof TimeStampVector;
        return signed64
                && vector.getNullCount() == 0
                && vector.getValueCount() > 0
                && dataBytes == (long) vector.getValueCount() * Long.BYTES;
    }

    /**
     * {@link #of(FieldVector, int, int)}, told whether the column has nulls at all: a zone of a
     * large column does not count the whole column's nulls again.
     */
    static ColumnStats of(FieldVector vector, int offset, int rows, boolean mayHaveNulls) {
        if (offset < 0 || rows < 0 || (long) offset + rows > vector.getValueCount()) {
            throw new IllegalArgumentException("zone [" + offset + ", " + ((long) offset + rows) + ") outside "
                    + vector.getValueCount() + " values");
        }
        long nulls = 0;
        if (mayHaveNulls) {
            for (int i = offset; i < offset + rows; i++) {
                nulls += vector.isNull(i) ? 1 : 0;
            }
        }
        if (nulls == rows) {
            return unbounded(nulls);
        }
        if (vector instanceof UInt8Vector) {
            return unbounded(nulls); // unsigned 64-bit does not fit a Long bound
        }
        if (vector instanceof BaseIntVector ints) {
            return longs(vector, offset, rows, nulls, ints::getValueAsLong);
        }
        if (vector instanceof DateDayVector days) {
            return longs(vector, offset, rows, nulls, days::get);
        }
        if (vector instanceof DateMilliVector millis) {
            return longs(vector, offset, rows, nulls, millis::get);
        }
        if (vector instanceof TimeStampVector stamps) {
            return longs(vector, offset, rows, nulls, stamps::get);
        }
        if (vector instanceof FloatingPointVector floats) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = offset; i < offset + rows; i++) {
                if (!vector.isNull(i)) {
                    double v = floats.getValueAsDouble(i);
                    if (!Double.isFinite(v)) {
                        return unbounded(nulls);
                    }
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            return ofDoubles(nulls, min, max);
        }
        if (vector instanceof VarCharVector strings) {
            byte[] min = null;
            byte[] max = null;
            for (int i = offset; i < offset + rows; i++) {
                if (!vector.isNull(i)) {
                    byte[] v = strings.get(i);
                    if (min == null || Arrays.compareUnsigned(v, min) < 0) {
                        min = v;
                    }
                    if (max == null || Arrays.compareUnsigned(v, max) > 0) {
                        max = v;
                    }
                }
            }
            if (min.length > MAX_STRING_BYTES || max.length > MAX_STRING_BYTES) {
                return unbounded(nulls);
            }
            Optional<String> low = utf8(min);
            Optional<String> high = utf8(max);
            if (low.isEmpty() || high.isEmpty()) {
                return unbounded(nulls);
            }
            return ofStrings(nulls, low.get(), high.get());
        }
        return unbounded(nulls);
    }

    /**
     * The string {@code bytes} encode, or empty if they are not valid UTF-8: a replacement
     * character would change the bytes, so the range would no longer bound the column's values.
     */
    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static ColumnStats longs(FieldVector vector, int offset, int rows, long nulls, LongValue value) {
        boolean unsigned =
                vector instanceof UInt1Vector || vector instanceof UInt2Vector || vector instanceof UInt4Vector;
        if (nulls == 0 && !unsigned && vector instanceof BaseFixedWidthVector fixed) {
            Optional<ColumnStats> fast = fixedWidthLongs(fixed, offset, rows);
            if (fast.isPresent()) {
                return fast.get();
            }
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = offset; i < offset + rows; i++) {
            if (!vector.isNull(i)) {
                long v = value.get(i);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return ofLongs(nulls, min, max);
    }

    /**
     * Signed integers of width 1, 2, 4 or 8 read through a typed view of the data buffer, bounds
     * checked once: a column without nulls is the common case, and this is ~20x faster than a
     * value accessor per row. Empty when the rows span more than one NIO buffer can address.
     */
    private static Optional<ColumnStats> fixedWidthLongs(BaseFixedWidthVector vector, int offset, int rows) {
        int width = vector.getTypeWidth();
        if (((long) offset + rows) * width > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        ByteBuffer data = vector.getDataBuffer()
                .nioBuffer((long) offset * width, rows * width)
                .order(ByteOrder.LITTLE_ENDIAN);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        switch (width) {
            case 8 -> {
                LongBuffer values = data.asLongBuffer();
                for (int i = 0; i < rows; i++) {
                    long v = values.get(i);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            case 4 -> {
                IntBuffer values = data.asIntBuffer();
                for (int i = 0; i < rows; i++) {
                    int v = values.get(i);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            case 2 -> {
                ShortBuffer values = data.asShortBuffer();
                for (int i = 0; i < rows; i++) {
                    short v = values.get(i);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            default -> {
                for (int i = 0; i < rows; i++) {
                    byte v = data.get(i);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return Optional.of(ofLongs(0, min, max));
    }

    @FunctionalInterface
    private interface LongValue {
        long get(int index);
    }
}
