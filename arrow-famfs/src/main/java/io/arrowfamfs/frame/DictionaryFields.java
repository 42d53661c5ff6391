package io.arrowfamfs.frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The two forms a dictionary-encoded field has in Arrow Java: in a file's schema (message form)
 * it has its values' type and children; as a vector's field it has its index type and no
 * children. Converts the first into the second without allocating anything. Frames attach
 * dictionary encoding on top-level fields only.
 */
final class DictionaryFields {
    private DictionaryFields() {}

    /**
     * {@code schema}'s fields as vectors have them; each dictionary-encoded field, in message
     * form, is put into {@code encoded} under its dictionary's id.
     *
     * @throws IllegalArgumentException if a nested field is dictionary-encoded, or two fields
     *     name one dictionary with different value types
     */
    static Schema vectorSchema(Schema schema, Map<Long, Field> encoded) {
        List<Field> fields = new ArrayList<>();
        for (Field field : schema.getFields()) {
            requireFlat(field.getChildren());
            DictionaryEncoding encoding = field.getDictionary();
            if (encoding == null) {
                fields.add(field);
                continue;
            }
            Field before = encoded.putIfAbsent(encoding.getId(), field);
            if (before != null && !before.getType().equals(field.getType())) {
                throw new IllegalArgumentException("dictionary " + encoding.getId() + " has two value types: "
                        + before.getType() + " and " + field.getType());
            }
            fields.add(new Field(
                    field.getName(),
                    new FieldType(field.isNullable(), encoding.getIndexType(), encoding, field.getMetadata()),
                    List.of()));
        }
        return new Schema(fields, schema.getCustomMetadata());
    }

    /** The values of {@code encoded}'s dictionary as a field of their own: its type, children and name. */
    static Field values(Field encoded) {
        return new Field(
                encoded.getName(),
                new FieldType(encoded.isNullable(), encoded.getType(), null, encoded.getMetadata()),
                encoded.getChildren());
    }

    private static void requireFlat(List<Field> children) {
        for (Field child : children) {
            if (child.getDictionary() != null) {
                throw new IllegalArgumentException("nested field " + child.getName()
                        + " is dictionary-encoded: only top-level fields are attached zero-copy (import the file)");
            }
            requireFlat(child.getChildren());
        }
    }
}
