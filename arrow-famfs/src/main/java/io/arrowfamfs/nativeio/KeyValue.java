package io.arrowfamfs.nativeio;

/**
 * The {@code key=value} pairs of this package's error messages: a value with a space, a quote or
 * nothing in it is quoted, so a reader (or a script) can always tell where a value ends.
 */
final class KeyValue {
    private KeyValue() {}

    static String pair(String key, Object value) {
        return key + "=" + value(String.valueOf(value));
    }

    private static String value(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"')) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
