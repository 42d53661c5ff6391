package io.arrowfamfs.frame;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.util.ValueVectorUtility;

/**
 * Proves a batch loaded from untrusted memory cannot make any consumer read outside its buffers,
 * in time linear in rows and without touching variable-width data: buffer sizes against value
 * counts ({@code ValueVectorUtility.validate}), then every offset buffer non-decreasing from a
 * non-negative start and ending inside its data. Types it does not know are checked with
 * Arrow's full validation instead (which also checks UTF-8, at about 10x the cost).
 */
final class BatchValidator {
    private BatchValidator() {}

    static void validate(VectorSchemaRoot root) {
        ValueVectorUtility.validate(root);
        for (FieldVector vector : root.getFieldVectors()) {
            check(vector);
        }
    }

    private static void check(FieldVector vector) {
        int count = vector.getValueCount();
        if (vector instanceof BaseFixedWidthVector || vector instanceof BitVector || vector instanceof NullVector) {
            return; // sizes were checked by validate()
        }
        if (vector instanceof BaseVariableWidthVector v) {
            offsets(vector, v.getOffsetBuffer(), count, v.getDataBuffer().capacity());
        } else if (vector instanceof BaseLargeVariableWidthVector v) {
            largeOffsets(vector, v.getOffsetBuffer(), count, v.getDataBuffer().capacity());
        } else if (vector instanceof ListVector v) {
            offsets(vector, v.getOffsetBuffer(), count, v.getDataVector().getValueCount());
            check(v.getDataVector());
        } else if (vector instanceof LargeListVector v) {
            largeOffsets(vector, v.getOffsetBuffer(), count, v.getDataVector().getValueCount());
            check(v.getDataVector());
        } else if (vector instanceof FixedSizeListVector v) {
            check(v.getDataVector());
        } else if (vector instanceof StructVector v) {
            for (FieldVector child : v.getChildrenFromFields()) {
                check(child);
            }
        } else {
            ValueVectorUtility.validateFull(vector);
        }
    }

    private static void offsets(FieldVector vector, ArrowBuf offsets, int count, long limit) {
        if (count == 0) {
            return;
        }
        int previous = offsets.getInt(0);
        if (previous < 0) {
            throw invalid(vector, 0, previous, limit);
        }
        for (int i = 1; i <= count; i++) {
            int next = offsets.getInt((long) i * 4);
            if (next < previous) {
                throw invalid(vector, i, next, limit);
            }
            previous = next;
        }
        if (previous > limit) {
            throw invalid(vector, count, previous, limit);
        }
    }

    private static void largeOffsets(FieldVector vector, ArrowBuf offsets, int count, long limit) {
        if (count == 0) {
            return;
        }
        long previous = offsets.getLong(0);
        if (previous < 0) {
            throw invalid(vector, 0, previous, limit);
        }
        for (int i = 1; i <= count; i++) {
            long next = offsets.getLong((long) i * 8);
            if (next < previous) {
                throw invalid(vector, i, next, limit);
            }
            previous = next;
        }
        if (previous > limit) {
            throw invalid(vector, count, previous, limit);
        }
    }

    /**
     * Checks that every valid value of {@code codes}, a dictionary's index vector, lies in
     * {@code [0, size)}; values under nulls are not read by consumers and not checked.
     */
    static void codes(FieldVector codes, long size) {
        if (!(codes instanceof BaseIntVector ints)) {
            throw new IllegalArgumentException(
                    "dictionary indexes of " + codes.getField().getName() + " are not integers: "
                            + codes.getField().getType());
        }
        boolean nulls = codes.getNullCount() > 0;
        for (int i = 0, count = codes.getValueCount(); i < count; i++) {
            if (nulls && codes.isNull(i)) {
                continue;
            }
            long code = ints.getValueAsLong(i);
            if (code < 0 || code >= size) { // an unsigned 64-bit index past 2^63 reads as negative
                throw new IllegalArgumentException("dictionary index of "
                        + codes.getField().getName()
                        + " out of range at row " + i + ": index=" + code
                        + " dictionary_size=" + size);
            }
        }
    }

    private static IllegalArgumentException invalid(FieldVector vector, int index, long offset, long limit) {
        return new IllegalArgumentException("offsets of " + vector.getField().getName() + " invalid at index " + index
                + ": offset=" + offset + " limit=" + limit);
    }
}
