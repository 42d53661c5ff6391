package io.arrowfamfs.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
        ObjectNode function = expression("FUNCTION", "FUNCTION");
        function.put("function_name", operator);
        function.put("schema", "");
        function.set("children", NODES.arrayNode().add(left).add(right));
        function.putNull("filter");
        ObjectNode orders = NODES.objectNode();
        orders.put("type", "ORDER_MODIFIER");
        orders.set("orders", NODES.arrayNode());
        function.set("order_bys", orders);
        function.put("distinct", false);
        function.put("is_operator", true);
        function.put("export_state", false);
        function.put("catalog", "");
        return function;
    }

    /**
     * {@code value} as a constant of {@code kind}: a cast, since the rendered text of a constant
     * does not keep its type (a BIGINT 5 would read back as an INTEGER).
     */
    static ObjectNode integer(long value, IntegerKind kind) {
        ObjectNode constant = expression("CONSTANT", "VALUE_CONSTANT");
        ObjectNode typed = NODES.objectNode();
        typed.set("type", type(kind.name()));
        typed.put("is_null", false);
        typed.put("value", value);
        constant.set("value", typed);
        return cast(constant, kind.name());
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
