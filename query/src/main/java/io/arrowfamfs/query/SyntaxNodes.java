package io.arrowfamfs.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Expression nodes of DuckDB's JSON syntax tree, with the fields {@code json_serialize_sql} writes
 * (a node's {@code query_location} may be left out), for {@code json_deserialize_sql} to render.
 */
final class SyntaxNodes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SyntaxNodes() {}

    /** A reference to column {@code name}, unqualified. */
    static ObjectNode column(String name) {
        ObjectNode column = expression("COLUMN_REF", "COLUMN_REF");
        column.set("column_names", NODES.arrayNode().add(name));
        return column;
    }

    /** A reference to column {@code name} of the table qualified {@code table}. */
    static ObjectNode column(String table, String name) {
        ObjectNode column = expression("COLUMN_REF", "COLUMN_REF");
        column.set("column_names", NODES.arrayNode().add(table).add(name));
        return column;
    }

    /** A reference to column {@code name}, qualified as the reference {@code like} is. */
    static ObjectNode columnLike(JsonNode like, String name) {
        JsonNode names = like.path("column_names");
        return names.size() == 2 ? column(names.get(0).asText(), name) : column(name);
    }

    /** {@code left <comparison> right}, {@code comparison} a type such as {@code COMPARE_GREATERTHANOREQUALTO}. */
    static ObjectNode comparison(String comparison, JsonNode left, JsonNode right) {
        ObjectNode compared = expression("COMPARISON", comparison);
        compared.set("left", left);
        compared.set("right", right);
        return compared;
    }

    /** {@code value} as a DOUBLE constant. */
    static ObjectNode real(double value) {
        return cast(constant("DOUBLE", NODES.numberNode(value)), "DOUBLE");
    }

    /** {@code CAST(NULL AS type)}. */
    static ObjectNode nullOf(String type) {
        return cast(constant("NULL", null), type);
    }

    /** {@code TRUE} or {@code FALSE}, as DuckDB writes them: a cast of {@code 't'} or {@code 'f'}. */
    static ObjectNode bool(boolean value) {
        return cast(constant("VARCHAR", NODES.textNode(value ? "t" : "f")), "BOOLEAN");
    }

    /** {@code child IN (values...)}, the values INTEGER constants. */
    static ObjectNode in(JsonNode child, List<Integer> values) {
        ObjectNode in = expression("OPERATOR", "COMPARE_IN");
        ArrayNode children = NODES.arrayNode().add(child);
        for (int value : values) {
            children.add(integer(value));
        }
        in.set("children", children);
        return in;
    }

    /** {@code child = value}, an INTEGER constant. */
    static ObjectNode equal(JsonNode child, int value) {
        return comparison("COMPARE_EQUAL", child, integer(value));
    }

    /** {@code child BETWEEN lower AND upper}, the bounds INTEGER constants. */
    static ObjectNode between(JsonNode child, int lower, int upper) {
        ObjectNode between = expression("BETWEEN", "COMPARE_BETWEEN");
        between.set("input", child);
        between.set("lower", integer(lower));
        between.set("upper", integer(upper));
        return between;
    }

    /** An INTEGER constant. */
    private static ObjectNode integer(int value) {
        return constant("INTEGER", NODES.numberNode(value));
    }

    /** A constant of type {@code type} holding {@code value}, or NULL when {@code value} is null. */
    private static ObjectNode constant(String type, JsonNode value) {
        ObjectNode constant = expression("CONSTANT", "VALUE_CONSTANT");
        ObjectNode typed = NODES.objectNode();
        typed.set("type", type(type));
        typed.put("is_null", value == null);
        if (value != null) {
            typed.set("value", value);
        }
        constant.set("value", typed);
        return constant;
    }

    /** {@code child IS NULL}. */
    static ObjectNode isNull(JsonNode child) {
        return withChildren(expression("OPERATOR", "OPERATOR_IS_NULL"), child);
    }

    /** {@code child IS NOT NULL}. */
    static ObjectNode isNotNull(JsonNode child) {
        return withChildren(expression("OPERATOR", "OPERATOR_IS_NOT_NULL"), child);
    }

    /** {@code left OR right}. */
    static ObjectNode or(JsonNode left, JsonNode right) {
        return withChildren(expression("CONJUNCTION", "CONJUNCTION_OR"), left, right);
    }

    private static ObjectNode withChildren(ObjectNode node, JsonNode... children) {
        ArrayNode array = NODES.arrayNode();
        for (JsonNode child : children) {
            array.add(child);
        }
        node.set("children", array);
        return node;
    }

    /** {@code CAST(child AS type)}, for a type without parameters. */
    static ObjectNode cast(JsonNode child, String type) {
        ObjectNode cast = expression("CAST", "OPERATOR_CAST");
        cast.set("child", child);
        cast.set("cast_type", type(type));
        cast.put("try_cast", false);
        return cast;
    }

    /** {@code (left operator right)}, for a binary operator such as {@code -}. */
    static ObjectNode operator(String operator, JsonNode left, JsonNode right) {
        return call(operator, true, left, right);
    }

    /** {@code name(arguments...)}: a call of a function or macro of the session. */
    static ObjectNode function(String name, JsonNode... arguments) {
        return call(name, false, arguments);
    }

    private static ObjectNode call(String name, boolean operator, JsonNode... arguments) {
        ObjectNode function = expression("FUNCTION", "FUNCTION");
        function.put("function_name", name);
        function.put("schema", "");
        ArrayNode children = NODES.arrayNode();
        for (JsonNode argument : arguments) {
            children.add(argument);
        }
        function.set("children", children);
        function.putNull("filter");
        ObjectNode orders = NODES.objectNode();
        orders.put("type", "ORDER_MODIFIER");
        orders.set("orders", NODES.arrayNode());
        function.set("order_bys", orders);
        function.put("distinct", false);
        function.put("is_operator", operator);
        function.put("export_state", false);
        function.put("catalog", "");
        return function;
    }

    /**
     * {@code value} as a constant of {@code kind}: a cast, since the rendered text of a constant
     * does not keep its type (a BIGINT 5 would read back as an INTEGER).
     */
    static ObjectNode integer(long value, IntegerKind kind) {
        return cast(constant(kind.name(), NODES.numberNode(value)), kind.name());
    }

    /** A statement selecting {@code expression} and nothing else, from nothing: to render the expression. */
    static ObjectNode selecting(JsonNode expression) {
        ObjectNode select = NODES.objectNode();
        select.put("type", "SELECT_NODE");
        select.set("modifiers", NODES.arrayNode());
        select.set("cte_map", NODES.objectNode().set("map", NODES.arrayNode()));
        select.set("select_list", NODES.arrayNode().add(expression));
        select.set("from_table", NODES.objectNode().put("type", "EMPTY"));
        select.putNull("where_clause");
        select.set("group_expressions", NODES.arrayNode());
        select.set("group_sets", NODES.arrayNode());
        select.put("aggregate_handling", "STANDARD_HANDLING");
        select.putNull("having");
        select.putNull("sample");
        select.putNull("qualify");
        ObjectNode statement = NODES.objectNode();
        statement.set("node", select);
        statement.set("named_param_map", NODES.arrayNode());
        ObjectNode tree = NODES.objectNode();
        tree.put("error", false);
        tree.set("statements", NODES.arrayNode().add(statement));
        return tree;
    }

    private static ObjectNode expression(String kind, String type) {
        ObjectNode node = NODES.objectNode();
        node.put("class", kind);
        node.put("type", type);
        node.put("alias", "");
        return node;
    }

    private static ObjectNode type(String id) {
        ObjectNode type = NODES.objectNode();
        type.put("id", id);
        type.putNull("type_info");
        return type;
    }
}
