package io.arrowfamfs.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One table name of a query's text to replace by a view: where DuckDB's syntax tree says the
 * (possibly qualified) name starts, the name parts the tree holds there, and the replacement.
 * Applied to the original text only after the name found at that offset is checked to be those
 * parts, so an offset DuckDB computes differently than we read it can never edit the wrong text.
 */
record TableNameEdit(int location, List<String> parts, String view, boolean keepNameAsAlias) {
    /**
     * The edit renaming the {@code BASE_TABLE} node {@code table} (as parsed, before any change)
     * to {@code view} (a plain identifier); a reference without an alias keeps its table name, as
     * written, for its alias, so that qualified column names still resolve.
     */
    static TableNameEdit of(JsonNode table, String view) {
        List<String> parts = new ArrayList<>();
        for (String field : List.of("catalog_name", "schema_name", "table_name")) {
            String part = table.path(field).asText();
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return new TableNameEdit(
                table.path("query_location").asInt(-1),
                List.copyOf(parts),
                view,
                table.path("alias").asText().isEmpty());
    }

    /** {@code sql} with every edit made, or null when some name is not found where its edit says. */
    static String apply(String sql, List<TableNameEdit> edits) {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        List<TableNameEdit> ordered = new ArrayList<>(edits);
        ordered.sort(Comparator.comparingInt(TableNameEdit::location));
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 32 * edits.size());
        int copied = 0;
        for (TableNameEdit edit : ordered) {
            int[] lastPart = edit.location < copied ? null : edit.lastPart(text);
            if (lastPart == null) {
                return null;
            }
            out.write(text, copied, edit.location - copied);
            out.writeBytes(edit.view.getBytes(StandardCharsets.UTF_8));
            if (edit.keepNameAsAlias) {
                out.writeBytes(" AS ".getBytes(StandardCharsets.UTF_8));
                out.write(text, lastPart[0], lastPart[1] - lastPart[0]);
            }
            copied = lastPart[1];
        }
        out.write(text, copied, text.length - copied);
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Reads a dotted name at {@link #location} of {@code text}. When its parts are {@link #parts}
     * (unquoted ones compared ignoring case, as DuckDB resolves them): the start and end offsets of
     * its last part, as written; else null.
     */
    private int[] lastPart(byte[] text) {
        int at = location;
        int lastStart = at;
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                if (at >= text.length || text[at] != '.') {
                    return null;
                }
                at++;
            }
            lastStart = at;
            StringBuilder part = new StringBuilder();
            boolean quoted = at < text.length && text[at] == '"';
            int end = quoted ? readQuoted(text, at, part) : readUnquoted(text, at, part);
            String expected = parts.get(i);
            if (end < 0
                    || !(quoted
                            ? part.toString().equals(expected)
                            : part.toString().equalsIgnoreCase(expected))) {
                return null;
            }
            at = end;
        }
        boolean continues = at < text.length && (text[at] == '.' || isIdentifierByte(text[at]) || text[at] == '"');
        return continues ? null : new int[] {lastStart, at};
    }

    /** A double-quoted identifier ({@code ""} for a quote) starting at {@code at}; the offset past it, or -1. */
    private static int readQuoted(byte[] text, int at, StringBuilder part) {
        ByteArrayOutputStream name = new ByteArrayOutputStream();
        int i = at + 1;
        while (i < text.length) {
            if (text[i] == '"') {
                if (i + 1 < text.length && text[i + 1] == '"') {
                    name.write('"');
                    i += 2;
                    continue;
                }
                part.append(name.toString(StandardCharsets.UTF_8));
                return i + 1;
            }
            name.write(text[i++]);
        }
        return -1;
    }

    /** An unquoted identifier starting at {@code at}; the offset past it, or -1 when there is none. */
    private static int readUnquoted(byte[] text, int at, StringBuilder part) {
        int i = at;
        while (i < text.length && isIdentifierByte(text[i])) {
            i++;
        }
        if (i == at || (text[at] >= '0' && text[at] <= '9')) {
            return -1;
        }
        part.append(new String(text, at, i - at, StandardCharsets.UTF_8));
        return i;
    }

    /** Letters, digits, underscore, dollar and any byte of a multi-byte UTF-8 character. */
    private static boolean isIdentifierByte(byte b) {
        return (b >= 'a' && b <= 'z')
                || (b >= 'A' && b <= 'Z')
                || (b >= '0' && b <= '9')
                || b == '_'
                || b == '$'
                || b < 0;
    }
}
