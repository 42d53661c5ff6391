package io.arrowfamfs.catalog;

import java.util.regex.Pattern;

/** The rule for table names: SQL identifiers of at most 63 bytes, so that they fit a record. */
final class TableNames {
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private TableNames() {}

    /** Returns {@code name} if it can name a table, else throws {@link InvalidTableNameException}. */
    static String check(String name) {
        if (name == null || !TABLE_NAME.matcher(name).matches()) {
            throw new InvalidTableNameException("invalid table name: name=" + name
                    + " expected=letters, digits and _, not starting with a digit, at most 63");
        }
        return name;
    }
}
