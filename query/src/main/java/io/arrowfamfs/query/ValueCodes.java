package io.arrowfamfs.query;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A 64-bit integer column whose dictionary maps each code to itself (the frame layer's {@code CodesAreValues}, asked through {@code AttachedFrame}) is
 * streamed as its codes alone, marked so, and its view casts them back to BIGINT. DuckDB reads an
 * Arrow dictionary row by row through a selection vector ({@code arrow_conversion.cpp},
 * {@code ColumnArrowToDuckDBDictionary}) and aggregates the dictionary vector it makes at about
 * half the speed of a flat one; 16-bit codes cast to BIGINT scan flat.
 *
 * <p>Only codes that are the values themselves: for codes offset from the values, the view would
 * have to add the offset, and DuckDB checks every addition for overflow unless statistics prove
 * it cannot overflow ({@code add.cpp}, {@code PropagateNumericStats}), which an Arrow scan never
 * supplies: that addition cost more than the dictionary it saves.
 */
final class ValueCodes {
    /** The stream field's metadata key marking codes streamed as the values. */
    static final String KEY = "arrow-famfs.codes-are-values";

    private ValueCodes() {}

    /** {@return the stream field of {@code field}'s codes alone, marked as its values} */
    static Field field(Field field) {
        return new Field(
                field.getName(),
                new FieldType(field.isNullable(), field.getDictionary().getIndexType(), null, Map.of(KEY, "true")),
                List.of());
    }

    /**
     * {@return a select list over a stream of {@code schema}: each column by name, one streamed as
     * codes cast back to BIGINT}
     */
    static String selectList(Schema schema) {
        return schema.getFields().stream()
                .map(field -> {
                    String name = SqlRewriter.quote(field.getName());
                    return field.getMetadata().containsKey(KEY) ? "CAST(" + name + " AS BIGINT) AS " + name : name;
                })
                .collect(Collectors.joining(", "));
    }
}
