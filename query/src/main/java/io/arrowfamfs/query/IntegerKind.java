package io.arrowfamfs.query;

import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The DuckDB type of an integer column of a shared table, as DuckDB's Arrow scan maps Arrow's
 * {@code Int(bits, signed)}, with its bounds: what the rewrites that rest on a column's integer
 * range ({@link GroupKeyNarrowing}, {@link JoinBuildPadding}) need to know of it. There is no
 * {@code UBIGINT}: its bounds do not fit a {@code long}, and frames record no range for it.
 */
enum IntegerKind {
    TINYINT(8, Byte.MIN_VALUE, Byte.MAX_VALUE),
    SMALLINT(16, Short.MIN_VALUE, Short.MAX_VALUE),
    INTEGER(32, Integer.MIN_VALUE, Integer.MAX_VALUE),
    BIGINT(64, Long.MIN_VALUE, Long.MAX_VALUE),
    UTINYINT(8, 0, (1L << 8) - 1),
    USMALLINT(16, 0, (1L << 16) - 1),
    UINTEGER(32, 0, (1L << 32) - 1);

    private final int bits;
    private final long min;
    private final long max;

    IntegerKind(int bits, long min, long max) {
        this.bits = bits;
        this.min = min;
        this.max = max;
    }

    /** The kind of {@code field}; empty for anything but a plain (not dictionary-encoded) Arrow integer up to 32 bits unsigned or 64 signed. */
    static Optional<IntegerKind> of(Field field) {
        if (!(field.getType() instanceof ArrowType.Int type) || field.getDictionary() != null) {
            return Optional.empty();
        }
        for (IntegerKind kind : values()) {
            if (kind.bits == type.getBitWidth() && kind.signed() == type.getIsSigned()) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The kind of a dictionary's codes, {@code index} its encoding's index type. */
    static Optional<IntegerKind> ofCodes(ArrowType.Int index) {
        for (IntegerKind kind : values()) {
            if (kind.bits == index.getBitWidth() && kind.signed() == index.getIsSigned() && kind != BIGINT) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The width of a value, in bits. */
    int bits() {
        return bits;
    }

    /** The smallest value. */
    long min() {
        return min;
    }

    /** The largest value. */
    long max() {
        return max;
    }

    private boolean signed() {
        return min < 0;
    }
}
