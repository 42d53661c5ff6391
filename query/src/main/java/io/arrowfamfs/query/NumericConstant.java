package io.arrowfamfs.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * A numeric literal of DuckDB's syntax tree, exactly: its value, and whether DuckDB typed it as
 * an integer, a DECIMAL ({@code 0.1}) or a DOUBLE ({@code 1e-1}), which decides how DuckDB
 * compares it with a column.
 */
record NumericConstant(BigDecimal value, Kind kind) {
    enum Kind { INTEGER, DECIMAL, DOUBLE }

    /** The literal {@code node} holds, or null when it is not a non-null numeric constant. */
    static NumericConstant of(JsonNode node) {
        JsonNode value = node.path("value");
        if (!"VALUE_CONSTANT".equals(node.path("type").asText()) || value.path("is_null").asBoolean(true)) {
            return null;
        }
        JsonNode raw = value.path("value");
        switch (value.path("type").path("id").asText()) {
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT":
                return raw.isIntegralNumber() ? new NumericConstant(new BigDecimal(raw.bigIntegerValue()), Kind.INTEGER) : null;
            case "DOUBLE":
                return raw.isNumber() && Double.isFinite(raw.doubleValue())
                        ? new NumericConstant(new BigDecimal(raw.doubleValue()), Kind.DOUBLE) : null;
            case "DECIMAL":
                int scale = value.path("type").path("type_info").path("scale").asInt(-1);
                return raw.isIntegralNumber() && scale >= 0
                        ? new NumericConstant(new BigDecimal(raw.bigIntegerValue(), scale), Kind.DECIMAL) : null;
            default:
                return null;
        }
    }

    boolean isDouble() {
        return kind == Kind.DOUBLE;
    }

    boolean isDecimal() {
        return kind == Kind.DECIMAL;
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
