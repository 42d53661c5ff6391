package io.arrowfamfs.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.arrowfamfs.frame.BatchStats;
import io.arrowfamfs.frame.ColumnStats;
import io.arrowfamfs.frame.Frame;
import io.arrowfamfs.query.SqlRewriter.Reference;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Batch pruning: from the WHERE conjuncts of a single-table SELECT, the simple ones (a column
 * compared with constants: =, <, <=, >, >=, BETWEEN, IN, IS NULL) become conditions a batch's
 * statistics can rule out. Only when provably safe: numeric constants against integer or
 * floating-point columns (compared as DuckDB compares them, see {@link Condition}), string
 * constants against utf8 columns (compared bytewise, DuckDB's default, and only while the
 * session's default collation keeps it: under NOCASE 'N3' equals 'n3'), unknown bounds mean
 * "may match", and anything else is ignored (never pruned on).
 */
final class Pruning {
    /** DECIMAL(19 + scale, scale), a BIGINT's exact common type with a decimal, fits DuckDB's 38 digits. */
    private static final int MAX_EXACT_DECIMAL_SCALE = 38 - 19;

    private Pruning() {}

    /**
     * A filter for {@code reference}, or one that keeps every batch. {@code bytewiseStrings} is
     * asked, when a condition is on a string column, whether DuckDB compares strings bytewise.
     */
    static BatchFilter filter(Reference reference, Schema schema, BooleanSupplier bytewiseStrings) {
        List<Condition> conditions = new ArrayList<>();
        for (JsonNode conjunct : reference.conjuncts()) {
            Condition condition = Condition.parse(conjunct, reference, schema, bytewiseStrings);
            if (condition != null) {
                conditions.add(condition);
            }
        }
        if (conditions.isEmpty()) {
            return BatchFilter.ALL;
        }
        int[] zoneColumns = conditions.stream().mapToInt(Condition::column).distinct().toArray();
        return new BatchFilter() {
            @Override
            public boolean mayMatch(Frame frame, int batch) {
                BatchStats stats = frame.stats(batch);
                if (stats == null || stats.columns().size() != schema.getFields().size()) {
                    return true;
                }
                return mayMatchZone(column -> stats.columns().get(column), stats.rows());
            }

            @Override
            public int[] zoneColumns() {
                return zoneColumns;
            }

            @Override
            public boolean mayMatchZone(IntFunction<ColumnStats> stats, long rows) {
                for (Condition condition : conditions) {
                    if (!condition.mayMatch(stats.apply(condition.column), rows)) {
                        return false;
                    }
                }
                return true;
            }
        };
    }

    /**
     * {@code column OP constants}, with constants as BigDecimal (numeric columns) or byte[] (utf8).
     * An integer column is compared with integers and decimals exactly; with a DOUBLE literal,
     * bounds and constants are rounded to doubles first ({@code boundsAsDouble}), as DuckDB rounds
     * the column's values. A float column only takes constants its precision holds exactly, for
     * which every rounding agrees.
     */
    record Condition(int column, String op, List<Object> constants, boolean boundsAsDouble) {
        static Condition parse(JsonNode node, Reference reference, Schema schema, BooleanSupplier bytewiseStrings) {
            String type = node.path("type").asText();
            switch (type) {
                case "OPERATOR_IS_NULL" -> {
                    int column = column(node.path("children").path(0), reference, schema);
                    return column < 0 ? null : new Condition(column, "IS_NULL", List.of(), false);
                }
                case "COMPARE_BETWEEN" -> {
                    return of(schema, reference, bytewiseStrings, node.path("input"), "BETWEEN", node.path("lower"),
                            node.path("upper"));
                }
                case "COMPARE_IN" -> {
                    JsonNode children = node.path("children");
                    List<JsonNode> values = new ArrayList<>();
                    for (int i = 1; i < children.size(); i++) {
                        values.add(children.get(i));
                    }
                    return of(schema, reference, bytewiseStrings, children.path(0), "IN", values.toArray(JsonNode[]::new));
                }
                case "COMPARE_EQUAL", "COMPARE_LESSTHAN", "COMPARE_LESSTHANOREQUALTO", "COMPARE_GREATERTHAN",
                        "COMPARE_GREATERTHANOREQUALTO" -> {
                    String op = type.substring("COMPARE_".length());
                    JsonNode left = node.path("left");
                    JsonNode right = node.path("right");
                    if ("COLUMN_REF".equals(left.path("class").asText())) {
                        return of(schema, reference, bytewiseStrings, left, op, right);
                    }
                    return of(schema, reference, bytewiseStrings, right, flip(op), left);
                }
                default -> {
                    return null;
                }
            }
        }

        private static String flip(String op) {
            return switch (op) {
                case "LESSTHAN" -> "GREATERTHAN";
                case "LESSTHANOREQUALTO" -> "GREATERTHANOREQUALTO";
                case "GREATERTHAN" -> "LESSTHAN";
                case "GREATERTHANOREQUALTO" -> "LESSTHANOREQUALTO";
                default -> op;
            };
        }

        private static Condition of(Schema schema, Reference reference, BooleanSupplier bytewiseStrings, JsonNode columnRef,
                String op, JsonNode... values) {
            int column = column(columnRef, reference, schema);
            if (column < 0 || values.length == 0) {
                return null;
            }
            ArrowType type = schema.getFields().get(column).getType();
            if (type instanceof ArrowType.Utf8) {
                List<Object> strings = new ArrayList<>();
                for (JsonNode value : values) {
                    byte[] string = stringConstant(value);
                    if (string == null) {
                        return null;
                    }
                    strings.add(string);
                }
                return bytewiseStrings.getAsBoolean() ? new Condition(column, op, strings, false) : null;
            }
            List<NumericConstant> numbers = new ArrayList<>();
            for (JsonNode value : values) {
                NumericConstant number = NumericConstant.of(value);
                if (number == null) {
                    return null;
                }
                numbers.add(number);
            }
            if (type instanceof ArrowType.Int) {
                return integerCondition(column, op, numbers);
            }
            if (type instanceof ArrowType.FloatingPoint floats && floats.getPrecision() != FloatingPointPrecision.HALF) {
                boolean single = floats.getPrecision() == FloatingPointPrecision.SINGLE;
                for (NumericConstant number : numbers) {
                    if (!(single ? number.isExactFloat() : number.isExactDouble())) {
                        return null; // DuckDB compares with the nearest float, which we would have to round to as it does
                    }
                }
                return new Condition(column, op, numbers.stream().map(n -> (Object) n.value()).toList(), false);
            }
            return null;
        }

        /**
         * An integer column against numbers. DuckDB compares in DOUBLE when a constant is a double
         * (it rounds the column's values and the other constants to doubles: so do we, to the bounds
         * and constants alike), else exactly, as decimals.
         */
        private static Condition integerCondition(int column, String op, List<NumericConstant> numbers) {
            boolean asDouble = numbers.stream().anyMatch(NumericConstant::isDouble);
            List<Object> constants = new ArrayList<>();
            for (NumericConstant number : numbers) {
                if (asDouble && number.isDecimal() && !number.isExactDouble()) {
                    return null; // DuckDB's decimal-to-double rounding is its own
                }
                if (!asDouble && number.isDecimal() && number.value().scale() > MAX_EXACT_DECIMAL_SCALE) {
                    return null; // too wide for an exact common DECIMAL type with a BIGINT
                }
                constants.add(asDouble ? new BigDecimal(number.value().doubleValue()) : number.value());
            }
            return new Condition(column, op, constants, asDouble);
        }

        /** The column a reference names, if it is one of this table's; else -1. */
        private static int column(JsonNode ref, Reference reference, Schema schema) {
            if (!"COLUMN_REF".equals(ref.path("class").asText())) {
                return -1;
            }
            JsonNode names = ref.path("column_names");
            if (names.size() == 2 && !reference.qualifier().equalsIgnoreCase(names.get(0).asText())) {
                return -1;
            }
            if (names.size() != 1 && names.size() != 2) {
                return -1;
            }
            String name = names.get(names.size() - 1).asText();
            List<Field> fields = schema.getFields();
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).getName().equalsIgnoreCase(name)) {
                    return i;
                }
            }
            return -1;
        }

        /** A VARCHAR constant as UTF-8 bytes, else null. */
        private static byte[] stringConstant(JsonNode node) {
            JsonNode value = node.path("value");
            if (!"VALUE_CONSTANT".equals(node.path("type").asText()) || value.path("is_null").asBoolean(true)) {
                return null;
            }
            JsonNode raw = value.path("value");
            return value.path("type").path("id").asText().equals("VARCHAR") && raw.isTextual()
                    ? raw.asText().getBytes(StandardCharsets.UTF_8) : null;
        }

        /** False only if no row of a batch with these statistics can satisfy the condition. */
        boolean mayMatch(ColumnStats stats, long rows) {
            if (op.equals("IS_NULL")) {
                return stats.nullCount() > 0;
            }
            if (stats.nullCount() >= rows) {
                return false; // every value is null: no comparison is true
            }
            Object min = stats.min();
            Object max = stats.max();
            if (min == null || max == null || (min instanceof Double d && !Double.isFinite(d))
                    || (max instanceof Double e && !Double.isFinite(e))) {
                return true;
            }
            return switch (op) {
                case "EQUAL" -> within(constants.get(0), min, max);
                case "LESSTHAN" -> compare(min, constants.get(0)) < 0;
                case "LESSTHANOREQUALTO" -> compare(min, constants.get(0)) <= 0;
                case "GREATERTHAN" -> compare(max, constants.get(0)) > 0;
                case "GREATERTHANOREQUALTO" -> compare(max, constants.get(0)) >= 0;
                case "BETWEEN" -> compare(max, constants.get(0)) >= 0 && compare(min, constants.get(1)) <= 0;
                case "IN" -> constants.stream().anyMatch(c -> within(c, min, max));
                default -> true;
            };
        }

        private boolean within(Object constant, Object min, Object max) {
            return compare(min, constant) <= 0 && compare(max, constant) >= 0;
        }

        /** A bound against a constant of the same kind (numbers exactly, strings bytewise). */
        private int compare(Object bound, Object constant) {
            if (constant instanceof byte[] bytes) {
                return Arrays.compareUnsigned(((String) bound).getBytes(StandardCharsets.UTF_8), bytes);
            }
            BigDecimal number = bound instanceof Long l
                    ? (boundsAsDouble ? new BigDecimal((double) l) : BigDecimal.valueOf(l))
                    : new BigDecimal((Double) bound);
            return number.compareTo((BigDecimal) constant);
        }
    }
}
