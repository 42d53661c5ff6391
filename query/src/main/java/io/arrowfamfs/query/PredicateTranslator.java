package io.arrowfamfs.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.arrowfamfs.query.SqlRewriter.Reference;
import io.arrowfamfs.scan.ColumnPredicate;
import io.arrowfamfs.scan.Comparison;
import io.arrowfamfs.scan.Literal;
import io.arrowfamfs.scan.StatsFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Batch pruning for DuckDB: from the WHERE conjuncts of a single-table SELECT (DuckDB's JSON
 * syntax tree), the simple ones (a column compared with constants: {@code =, <>, <, <=, >, >=},
 * {@code BETWEEN}, {@code IN}, {@code IS [NOT] NULL}) become typed {@link ColumnPredicate}s, with
 * literals of the kind that makes the comparison DuckDB's (see {@link #numbers}). Only when
 * provably safe: numeric constants against integer or floating-point columns, string constants
 * against utf8 columns (bytewise, DuckDB's default, and only while the session's default
 * collation keeps it: under NOCASE 'N3' equals 'n3'); anything else is ignored (never pruned on).
 */
final class PredicateTranslator {
    /** DECIMAL(19 + scale, scale), a BIGINT's exact common type with a decimal, fits DuckDB's 38 digits. */
    private static final int MAX_EXACT_DECIMAL_SCALE = 38 - 19;

    private PredicateTranslator() {}

    /**
     * The filter for {@code reference} over a table of {@code schema}; {@link StatsFilter#ALL}
     * when no conjunct can prune. {@code bytewiseStrings} is asked, when a condition is on a
     * string column, whether DuckDB compares strings bytewise.
     */
    static StatsFilter filter(Reference reference, Schema schema, BooleanSupplier bytewiseStrings) {
        if (reference.readsNoRow()) {
            return StatsFilter.NONE;
        }
        List<ColumnPredicate> predicates = new ArrayList<>();
        for (JsonNode conjunct : reference.conjuncts()) {
            predicate(conjunct, reference, schema, bytewiseStrings).ifPresent(predicates::add);
        }
        return StatsFilter.of(predicates);
    }

    private static Optional<ColumnPredicate> predicate(
            JsonNode node, Reference reference, Schema schema, BooleanSupplier bytewiseStrings) {
        String type = node.path("type").asText();
        switch (type) {
            case "OPERATOR_IS_NULL", "OPERATOR_IS_NOT_NULL" -> {
                Comparison comparison = type.equals("OPERATOR_IS_NULL") ? Comparison.IS_NULL : Comparison.IS_NOT_NULL;
                return column(node.path("children").path(0), reference, schema)
                        .map(column -> ColumnPredicate.of(column, comparison));
            }
            case "COMPARE_BETWEEN" -> {
                return of(
                        schema,
                        reference,
                        bytewiseStrings,
                        node.path("input"),
                        Comparison.BETWEEN,
                        List.of(node.path("lower"), node.path("upper")));
            }
            case "COMPARE_IN" -> {
                JsonNode children = node.path("children");
                List<JsonNode> values = new ArrayList<>();
                for (int i = 1; i < children.size(); i++) {
                    values.add(children.get(i));
                }
                return of(schema, reference, bytewiseStrings, children.path(0), Comparison.IN, values);
            }
            default -> {
                Comparison comparison = comparison(type);
                if (comparison == null) {
                    return Optional.empty();
                }
                JsonNode left = node.path("left");
                JsonNode right = node.path("right");
                if ("COLUMN_REF".equals(left.path("class").asText())) {
                    return of(schema, reference, bytewiseStrings, left, comparison, List.of(right));
                }
                return of(schema, reference, bytewiseStrings, right, comparison.mirrored(), List.of(left));
            }
        }
    }

    /** The comparison of a DuckDB {@code COMPARE_*} node with one constant, or null. */
    private static Comparison comparison(String type) {
        return switch (type) {
            case "COMPARE_EQUAL" -> Comparison.EQ;
            case "COMPARE_NOTEQUAL" -> Comparison.NE;
            case "COMPARE_LESSTHAN" -> Comparison.LT;
            case "COMPARE_LESSTHANOREQUALTO" -> Comparison.LE;
            case "COMPARE_GREATERTHAN" -> Comparison.GT;
            case "COMPARE_GREATERTHANOREQUALTO" -> Comparison.GE;
            default -> null;
        };
    }

    private static Optional<ColumnPredicate> of(
            Schema schema,
            Reference reference,
            BooleanSupplier bytewiseStrings,
            JsonNode columnRef,
            Comparison comparison,
            List<JsonNode> values) {
        Optional<Integer> found = column(columnRef, reference, schema);
        if (found.isEmpty() || !comparison.takes(values.size())) {
            return Optional.empty();
        }
        int column = found.get();
        if (schema.getFields().get(column).getDictionary() != null) {
            return Optional.empty(); // its statistics are its codes'
        }
        ArrowType type = schema.getFields().get(column).getType();
        if (type instanceof ArrowType.Utf8) {
            List<Literal> strings = new ArrayList<>();
            for (JsonNode value : values) {
                Optional<String> string = stringConstant(value);
                if (string.isEmpty()) {
                    return Optional.empty();
                }
                strings.add(new Literal.Utf8(string.get()));
            }
            return bytewiseStrings.getAsBoolean()
                    ? Optional.of(new ColumnPredicate(column, comparison, strings))
                    : Optional.empty();
        }
        List<NumericConstant> numbers = new ArrayList<>();
        for (JsonNode value : values) {
            Optional<NumericConstant> number = NumericConstant.of(value);
            if (number.isEmpty()) {
                return Optional.empty();
            }
            numbers.add(number.get());
        }
        return numbers(type, numbers).map(literals -> new ColumnPredicate(column, comparison, literals));
    }

    /**
     * The literals that compare a column of {@code type} with {@code numbers} as DuckDB does, if
     * there are such. An integer column: in DOUBLE when a constant is a double (DuckDB rounds the
     * column's values and the other constants to doubles: {@link Literal.Float64}), else exactly,
     * as decimals. A float column only with constants its precision holds exactly, for which every
     * rounding agrees (DuckDB compares {@code d = 0.1} with the float or double nearest 0.1).
     */
    private static Optional<List<Literal>> numbers(ArrowType type, List<NumericConstant> numbers) {
        if (type instanceof ArrowType.Int) {
            boolean asDouble = numbers.stream().anyMatch(NumericConstant::isDouble);
            List<Literal> literals = new ArrayList<>();
            for (NumericConstant number : numbers) {
                if (asDouble && number.isDecimal() && !number.isExactDouble()) {
                    return Optional.empty(); // DuckDB's decimal-to-double rounding is its own
                }
                if (!asDouble && number.isDecimal() && number.value().scale() > MAX_EXACT_DECIMAL_SCALE) {
                    return Optional.empty(); // too wide for an exact common DECIMAL type with a BIGINT
                }
                literals.add(asDouble ? new Literal.Float64(number.value().doubleValue()) : number.exact());
            }
            return Optional.of(literals);
        }
        if (type instanceof ArrowType.FloatingPoint floats && floats.getPrecision() != FloatingPointPrecision.HALF) {
            boolean single = floats.getPrecision() == FloatingPointPrecision.SINGLE;
            List<Literal> literals = new ArrayList<>();
            for (NumericConstant number : numbers) {
                if (!(single ? number.isExactFloat() : number.isExactDouble())) {
                    return Optional
                            .empty(); // DuckDB compares with the nearest float, which we would have to round to as it
                    // does
                }
                literals.add(number.exact());
            }
            return Optional.of(literals);
        }
        return Optional.empty();
    }

    /** The schema index of the column a reference names, if it is one of this table's. */
    private static Optional<Integer> column(JsonNode ref, Reference reference, Schema schema) {
        if (!"COLUMN_REF".equals(ref.path("class").asText())) {
            return Optional.empty();
        }
        JsonNode names = ref.path("column_names");
        if (names.size() == 2
                && !reference.qualifier().equalsIgnoreCase(names.get(0).asText())) {
            return Optional.empty();
        }
        if (names.size() != 1 && names.size() != 2) {
            return Optional.empty();
        }
        String name = names.get(names.size() - 1).asText();
        List<Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equalsIgnoreCase(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** A non-null VARCHAR constant. */
    private static Optional<String> stringConstant(JsonNode node) {
        JsonNode value = node.path("value");
        if (!"VALUE_CONSTANT".equals(node.path("type").asText())
                || value.path("is_null").asBoolean(true)) {
            return Optional.empty();
        }
        JsonNode raw = value.path("value");
        return value.path("type").path("id").asText().equals("VARCHAR") && raw.isTextual()
                ? Optional.of(raw.asText())
                : Optional.empty();
    }
}
