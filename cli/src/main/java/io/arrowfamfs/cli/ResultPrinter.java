package io.arrowfamfs.cli;

import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints a result set as an aligned table, RFC 4180 CSV, or a JSON array of row objects. */
final class ResultPrinter {
    enum Format {
        TABLE,
        CSV,
        JSON
    }

    private ResultPrinter() {}

    static long print(ResultSet rows, Format format, PrintWriter out) throws SQLException {
        return switch (format) {
            case TABLE -> table(rows, out);
            case CSV -> csv(rows, out);
            case JSON -> json(rows, out);
        };
    }

    private static List<String> names(ResultSetMetaData meta) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            names.add(meta.getColumnLabel(c));
        }
        return names;
    }

    private static long table(ResultSet rows, PrintWriter out) throws SQLException {
        List<String> names = names(rows.getMetaData());
        List<String[]> cells = new ArrayList<>();
        int[] widths = names.stream().mapToInt(String::length).toArray();
        while (rows.next()) {
            String[] row = new String[names.size()];
            for (int c = 0; c < row.length; c++) {
                String value = rows.getString(c + 1);
                row[c] = value == null ? "NULL" : value;
                widths[c] = Math.max(widths[c], row[c].length());
            }
            cells.add(row);
        }
        StringBuilder rule = new StringBuilder();
        for (int width : widths) {
            rule.append('+').append("-".repeat(width + 2));
        }
        rule.append('+');
        out.println(rule);
        out.println(line(names.toArray(String[]::new), widths));
        out.println(rule);
        for (String[] row : cells) {
            out.println(line(row, widths));
        }
        out.println(rule);
        out.printf(Locale.ROOT, "%d row%s%n", cells.size(), cells.size() == 1 ? "" : "s");
        return cells.size();
    }

    private static String line(String[] values, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < values.length; c++) {
            line.append("| ").append(values[c]).append(" ".repeat(widths[c] - values[c].length() + 1));
        }
        return line.append('|').toString();
    }

    private static long csv(ResultSet rows, PrintWriter out) throws SQLException {
        List<String> names = names(rows.getMetaData());
        out.println(String.join(",", names.stream().map(ResultPrinter::quote).toList()));
        long count = 0;
        while (rows.next()) {
            StringBuilder line = new StringBuilder();
            for (int c = 1; c <= names.size(); c++) {
                String value = rows.getString(c);
                line.append(c > 1 ? "," : "").append(value == null ? "" : quote(value));
            }
            out.println(line);
            count++;
        }
        return count;
    }

    private static String quote(String value) {
        boolean needs = value.indexOf(',') >= 0
                || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return needs ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    private static long json(ResultSet rows, PrintWriter out) throws SQLException {
        List<String> names = names(rows.getMetaData());
        long[] count = {0};
        try (Json j = new Json(out)) {
            j.write(g -> {
                g.writeStartArray();
                try {
                    while (rows.next()) {
                        g.writeStartObject();
                        for (int c = 1; c <= names.size(); c++) {
                            g.writeFieldName(names.get(c - 1));
                            Object value = rows.getObject(c);
                            if (value == null) {
                                g.writeNull();
                            } else if (value instanceof Boolean b) {
                                g.writeBoolean(b);
                            } else if (value instanceof Long
                                    || value instanceof Integer
                                    || value instanceof Short
                                    || value instanceof Byte) {
                                g.writeNumber(((Number) value).longValue());
                            } else if (value instanceof Double d && Double.isFinite(d)) {
                                g.writeNumber(d);
                            } else if (value instanceof Float f && Float.isFinite(f)) {
                                g.writeNumber(f);
                            } else if (value instanceof java.math.BigDecimal decimal) {
                                g.writeNumber(decimal);
                            } else if (value instanceof java.math.BigInteger big) {
                                g.writeNumber(big);
                            } else {
                                g.writeString(rows.getString(c));
                            }
                        }
                        g.writeEndObject();
                        count[0]++;
                    }
                } catch (SQLException e) {
                    throw new java.io.IOException(e.getMessage(), e);
                }
                g.writeEndArray();
            });
        }
        return count[0];
    }
}
