package io.arrowfamfs.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.arrowfamfs.query.SqlRewriter.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The shared tables a FROM clause (of DuckDB's syntax tree, after the rewrite renamed each table
 * reference to its view) reads, when it reads nothing else: views joined by JOINs only, with no
 * CTE, subquery, table function or table whose columns are renamed by position
 * ({@code FROM t AS x(a, b)}) among them. In such a clause, {@link #resolve} finds the column a
 * column reference names, as DuckDB binds it, or says it cannot be sure.
 */
final class JoinedTables {
    /**
     * A column of one of the tables.
     *
     * @param reference the index of its table reference in the statement's
     * @param index the column's index in its table's schema
     * @param field the column
     */
    record Column(int reference, int index, Field field) {}

    private final List<Integer> references;

    private JoinedTables(List<Integer> references) {
        this.references = List.copyOf(references);
    }

    /** The tables {@code from} joins, if it joins only views of {@code views} (view name to reference index). */
    static Optional<JoinedTables> of(JsonNode from, Map<String, Integer> views) {
        List<Integer> found = new ArrayList<>();
        return collect(from, views, found) ? Optional.of(new JoinedTables(found)) : Optional.empty();
    }

    private static boolean collect(JsonNode from, Map<String, Integer> views, List<Integer> found) {
        switch (from.path("type").asText()) {
            case "BASE_TABLE" -> {
                Integer reference = views.get(from.path("table_name").asText());
                if (reference == null
                        || !from.path("schema_name").asText().isEmpty()
                        || !from.path("column_name_alias").isEmpty()) {
                    return false;
                }
                found.add(reference);
                return true;
            }
            case "JOIN" -> {
                return collect(from.path("left"), views, found) && collect(from.path("right"), views, found);
            }
            default -> {
                return false;
            }
        }
    }

    /** The indexes of the table references, in the statement's list of them. */
    List<Integer> references() {
        return references;
    }

    /**
     * The column {@code columnRef} names, given the statement's {@code references} and the
     * {@code schemas} their tables have in this execution: {@code t.c} a column of the one table
     * qualified {@code t}, {@code c} of the one table that has a column {@code c} (names compared
     * ignoring case, as DuckDB does); empty when there is no such column or more than one.
     */
    Optional<Column> resolve(JsonNode columnRef, List<Reference> all, List<Schema> schemas) {
        if (!"COLUMN_REF".equals(columnRef.path("class").asText())) {
            return Optional.empty();
        }
        JsonNode names = columnRef.path("column_names");
        if (names.size() != 1 && names.size() != 2) {
            return Optional.empty();
        }
        String name = names.get(names.size() - 1).asText();
        Column found = null;
        for (int reference : references) {
            if (names.size() == 2
                    && !all.get(reference)
                            .qualifier()
                            .equalsIgnoreCase(names.get(0).asText())) {
                continue;
            }
            List<Field> fields = schemas.get(reference).getFields();
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).getName().equalsIgnoreCase(name)) {
                    if (found != null) {
                        return Optional.empty(); // ambiguous: DuckDB would refuse it, or bind what we cannot tell
                    }
                    found = new Column(reference, i, fields.get(i));
                }
            }
        }
        return Optional.ofNullable(found);
    }
}
