package io.arrowfamfs.catalog;

/** The rule for table names: SQL identifiers of at most 63 bytes, so that they fit a record. */
final class TableNames {
    private static final int MAX_LENGTH = 63;

    private TableNames() {}

    /** Returns {@code name} if it can name a table, else throws {@link InvalidTableNameException}. */
    static String check(String name) {
        if (!isValid(name)) {
            throw new InvalidTableNameException("invalid table name: name=" + name
                    + " expected=letters, digits and _, not starting with a digit, at most 63");
        }
        return name;
    }

    /** {@code [A-Za-z_][A-Za-z0-9_]{0,62}}, checked by hand: every catalog record's name is checked. */
    private static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }
}
