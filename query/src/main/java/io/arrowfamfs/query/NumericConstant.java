package io.arrowfamfs.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.arrowfamfs.scan.Literal;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * A numeric literal of DuckDB's syntax tree, exactly: its value, and whether DuckDB typed it as
 * an integer, a DECIMAL ({@code 0.1}) or a DOUBLE ({@code 1e-1}), which decides how DuckDB
 * compares it with a column.
 */
record NumericConstant(BigDecimal value, Kind kind) {
    enum Kind {
        INTEGER,
        DECIMAL,
        DOUBLE
    }

    /** The literal {@code node} holds; empty when it is not a non-null numeric constant. */
    static Optional<NumericConstant> of(JsonNode node) {
        JsonNode value = node.path("value");
        if (!"VALUE_CONSTANT".equals(node.path("type").asText())
                || value.path("is_null").asBoolean(true)) {
            return Optional.empty();
        }
        JsonNode raw = value.path("value");
        switch (value.path("type").path("id").asText()) {
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT":
                return raw.isIntegralNumber()
                        ? Optional.of(new NumericConstant(new BigDecimal(raw.bigIntegerValue()), Kind.INTEGER))
                        : Optional.empty();
            case "DOUBLE":
                return raw.isNumber() && Double.isFinite(raw.doubleValue())
                        ? Optional.of(new NumericConstant(new BigDecimal(raw.doubleValue()), Kind.DOUBLE))
                        : Optional.empty();
            case "DECIMAL":
                int scale = value.path("type").path("type_info").path("scale").asInt(-1);
                return raw.isIntegralNumber() && scale >= 0
                        ? Optional.of(new NumericConstant(new BigDecimal(raw.bigIntegerValue(), scale), Kind.DECIMAL))
                        : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    boolean isDouble() {
        return kind == Kind.DOUBLE;
    }

    boolean isDecimal() {
        return kind == Kind.DECIMAL;
    }

    /** The value as a literal compared exactly: an integer when it is one that fits a long. */
    Literal exact() {
        boolean fitsLong = kind == Kind.INTEGER && value.toBigInteger().bitLength() < Long.SIZE;
        return fitsLong ? new Literal.Int64(value.longValue()) : new Literal.Decimal(value); // a UBIGINT may not fit
    }

    /** True when a double holds this value exactly (then every cast of it to DOUBLE is exact). */
    boolean isExactDouble() {
        double d = value.doubleValue();
        return Double.isFinite(d) && new BigDecimal(d).compareTo(value) == 0;
    }

    /** True when a float holds this value exactly. */
    boolean isExactFloat() {
        float f = value.floatValue();
        return Float.isFinite(f) && new BigDecimal(f).compareTo(value) == 0;
    }
}
