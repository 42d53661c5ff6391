package io.arrowfamfs.frame;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Whether a dictionary maps each code to itself: values {@code 0, 1, 2, ...}, as import codes a
 * 64-bit column of small non-negative integers. Its codes then are the values, narrower.
 */
public final class CodesAreValues {
    private CodesAreValues() {}

    /**
     * Whether each code of {@code values} is its own value.
     *
     * @param values a dictionary's values
     * @return true if {@code values} is a non-empty 64-bit integer vector without nulls whose
     *     value {@code i} is {@code i}
     */
    public static boolean test(FieldVector values) {
        if (!(values instanceof BigIntVector ints) || ints.getValueCount() == 0 || ints.getNullCount() > 0) {
            return false;
        }
        for (int i = 0; i < ints.getValueCount(); i++) {
            if (ints.get(i) != i) {
                return false;
            }
        }
        return true;
    }
}
