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
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Batch pruning: from the WHERE conjuncts of a single-table SELECT, the simple ones (a column
 * compared with constants: =, <, <=, >, >=, BETWEEN, IN, IS NULL) become conditions a batch's
 * statistics can rule out. Only when provably safe: numeric constants against integer or
 * floating-point columns (compared exactly, as decimals), string constants against utf8 columns
 * (compared bytewise, DuckDB's default, and only while the session's default collation keeps
 * it: under NOCASE 'N3' equals 'n3'), unknown bounds mean "may match", and anything else is
 * ignored (never pruned on).
 */
final class Pruning {
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

    /** {@code column OP constants}, with constants as BigDecimal (numeric columns) or byte[] (utf8). */
    record Condition(int column, String op, List<Object> constants) {
        static Condition parse(JsonNode node, Reference reference, Schema schema, BooleanSupplier bytewiseStrings) {
            String type = node.path("type").asText();
            switch (type) {
                case "OPERATOR_IS_NULL" -> {
                    int column = column(node.path("children").path(0), reference, schema);
                    return column < 0 ? null : new Condition(column, "IS_NULL", List.of());
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
            boolean numeric = type instanceof ArrowType.Int || type instanceof ArrowType.FloatingPoint;
            boolean text = type instanceof ArrowType.Utf8;
            if (text && !bytewiseStrings.getAsBoolean()) {
                return null;
            }
            List<Object> constants = new ArrayList<>();
            for (JsonNode value : values) {
                Object constant = constant(value, numeric, text);
                if (constant == null) {
                    return null;
                }
                constants.add(constant);
            }
            return new Condition(column, op, constants);
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

        /** A constant usable against the column: BigDecimal for numeric, UTF-8 bytes for text, else null. */
        private static Object constant(JsonNode node, boolean numeric, boolean text) {
            JsonNode value = node.path("value");
            if (!"VALUE_CONSTANT".equals(node.path("type").asText()) || value.path("is_null").asBoolean(true)) {
                return null;
            }
            String id = value.path("type").path("id").asText();
            JsonNode raw = value.path("value");
            if (numeric) {
                switch (id) {
                    case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER":
                        return raw.isIntegralNumber() ? new BigDecimal(raw.bigIntegerValue()) : null;
                    case "DOUBLE", "FLOAT":
                        return raw.isNumber() && Double.isFinite(raw.doubleValue()) ? new BigDecimal(raw.doubleValue()) : null;
                    case "DECIMAL":
                        int scale = value.path("type").path("type_info").path("scale").asInt(-1);
                        return raw.isIntegralNumber() && scale >= 0 ? new BigDecimal(raw.bigIntegerValue(), scale) : null;
                    default:
                        return null;
                }
            }
            return text && id.equals("VARCHAR") && raw.isTextual() ? raw.asText().getBytes(StandardCharsets.UTF_8) : null;
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

        private static boolean within(Object constant, Object min, Object max) {
            return compare(min, constant) <= 0 && compare(max, constant) >= 0;
        }

        /** A bound against a constant of the same kind (numbers exactly, strings bytewise). */
        private static int compare(Object bound, Object constant) {
            if (constant instanceof byte[] bytes) {
                return Arrays.compareUnsigned(((String) bound).getBytes(StandardCharsets.UTF_8), bytes);
            }
            BigDecimal number = bound instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal((Double) bound);
            return number.compareTo((BigDecimal) constant);
        }
    }
}
