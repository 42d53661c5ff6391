package io.arrowfamfs.scan;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A constant a {@link ColumnPredicate} compares a column with. Its kind says how the comparison
 * is made, which is the engine's choice and must match what the engine does with the row: an
 * {@link Int64} or {@link Decimal} is compared with the column's numbers exactly; a
 * {@link Float64} after the column's numbers are rounded to the nearest double (what SQL engines
 * do when they compare an integer column with a DOUBLE); a {@link Utf8} bytewise in UTF-8 (a
 * binary collation). A translator that cannot say which one the engine does offers no predicate.
 */
public sealed interface Literal permits Literal.Int64, Literal.Decimal, Literal.Float64, Literal.Utf8 {
    /**
     * An integer, compared exactly.
     *
     * @param value the integer
     */
    record Int64(long value) implements Literal {}

    /**
     * A decimal number (or an integer too wide for a long), compared exactly.
     *
     * @param value the number
     */
    record Decimal(BigDecimal value) implements Literal {
        /**
         * Checks the value is present.
         *
         * @param value the number
         */
        public Decimal {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A double: the column's values are rounded to doubles before they are compared with it.
     *
     * @param value the double, finite
     */
    record Float64(double value) implements Literal {
        /**
         * Checks the value is finite.
         *
         * @param value the double
         */
        public Float64 {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("literal invalid: value=" + value + " (not finite)");
            }
        }
    }

    /**
     * A string, compared bytewise in UTF-8.
     *
     * @param value the string
     */
    record Utf8(String value) implements Literal {
        /**
         * Checks the value is present.
         *
         * @param value the string
         */
        public Utf8 {
            Objects.requireNonNull(value, "value");
        }
    }
}
