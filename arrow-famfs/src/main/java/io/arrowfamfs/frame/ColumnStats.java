package io.arrowfamfs.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseIntVector;
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
 * Statistics of one column in one record batch. {@code min} and {@code max} are {@link Long}
 * (integers, dates as days or milliseconds, timestamps in their unit), {@link Double} (floats,
 * only when the column has no NaN) or {@link String} (utf8 of at most {@link #MAX_STRING_BYTES}
 * bytes, compared bytewise); null when not recorded. A missing bound only means "unknown": never
 * use it to prove anything.
 */
public record ColumnStats(long nullCount, Object min, Object max) {
    static final int MAX_STRING_BYTES = 64;

    /** Computes statistics of the first {@code rows} values of {@code vector}. */
    static ColumnStats of(FieldVector vector, int rows) {
        return of(vector, 0, rows);
    }

    /**
     * Computes statistics of values {@code [offset, offset + rows)} of {@code vector}: a zone of a
     * batch, for pruning finer than the batch statistics recorded at publication.
     */
    public static ColumnStats of(FieldVector vector, int offset, int rows) {
        if (offset < 0 || rows < 0 || (long) offset + rows > vector.getValueCount()) {
            throw new IllegalArgumentException("zone [" + offset + ", " + ((long) offset + rows) + ") outside "
                    + vector.getValueCount() + " values");
        }
        long nulls = 0;
        if (vector.getNullCount() > 0) {
            for (int i = offset; i < offset + rows; i++) {
                nulls += vector.isNull(i) ? 1 : 0;
            }
        }
        if (nulls == rows) {
            return new ColumnStats(nulls, null, null);
        }
        if (vector instanceof UInt8Vector) {
            return new ColumnStats(nulls, null, null); // unsigned 64-bit does not fit a Long bound
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
                    if (Double.isNaN(v)) {
                        return new ColumnStats(nulls, null, null);
                    }
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            return new ColumnStats(nulls, min, max);
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
                return new ColumnStats(nulls, null, null);
            }
            return new ColumnStats(nulls, new String(min, StandardCharsets.UTF_8), new String(max, StandardCharsets.UTF_8));
        }
        return new ColumnStats(nulls, null, null);
    }

    private static ColumnStats longs(FieldVector vector, int offset, int rows, long nulls, LongValue value) {
        boolean unsigned = vector instanceof UInt1Vector || vector instanceof UInt2Vector || vector instanceof UInt4Vector;
        if (nulls == 0 && !unsigned && vector instanceof BaseFixedWidthVector fixed) {
            ColumnStats fast = fixedWidthLongs(fixed, offset, rows);
            if (fast != null) {
                return fast;
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
        return new ColumnStats(nulls, min, max);
    }

    /**
     * Signed integers of width 1, 2, 4 or 8 read through a typed view of the data buffer, bounds
     * checked once: a column without nulls is the common case, and this is ~20x faster than a
     * value accessor per row.
     */
    private static ColumnStats fixedWidthLongs(BaseFixedWidthVector vector, int offset, int rows) {
        int width = vector.getTypeWidth();
        if (((long) offset + rows) * width > Integer.MAX_VALUE) {
            return null;
        }
        ByteBuffer data = vector.getDataBuffer().nioBuffer((long) offset * width, rows * width).order(ByteOrder.LITTLE_ENDIAN);
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
        return new ColumnStats(0, min, max);
    }

    @FunctionalInterface
    private interface LongValue {
        long get(int index);
    }
}
