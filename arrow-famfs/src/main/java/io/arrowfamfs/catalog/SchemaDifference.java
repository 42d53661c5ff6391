package io.arrowfamfs.catalog;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Says how two schemas differ, in the {@code key=value} form of an error message. */
final class SchemaDifference {
    private SchemaDifference() {}

    /**
     * The first field that differs (by position, with its name, type and nullability on each
     * side) and how many differ, or the field counts, or the metadata when only that differs.
     */
    static String describe(Schema expected, Schema actual) {
        List<Field> want = expected.getFields();
        List<Field> got = actual.getFields();
        int first = -1;
        int differing = 0;
        for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
            if (i >= want.size() || i >= got.size() || !want.get(i).equals(got.get(i))) {
                differing++;
                first = first < 0 ? i : first;
            }
        }
        if (first < 0) {
            return "schema_metadata_expected=" + expected.getCustomMetadata() + " schema_metadata_actual="
                    + actual.getCustomMetadata();
        }
        return "field=" + first + " expected=" + describe(want, first) + " actual=" + describe(got, first)
                + " differing_fields=" + differing + " fields_expected=" + want.size() + " fields_actual="
                + got.size();
    }

    private static String describe(List<Field> fields, int index) {
        return index < fields.size() ? "(" + fields.get(index) + ")" : "(none)";
    }
}
