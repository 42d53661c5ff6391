package io.arrowfamfs.frame;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-batch statistics and checksum, kept as JSON under {@link FrameFormat#STATS_KEY} in the
 * footer: {@code [{"rows":N,"crc32c":"0a1b2c3d","columns":[{"nulls":0,"min":1,"max":9},...]},...]}.
 * The CRC32C covers the batch body as stored, padding included, and is always 8 hex digits, so
 * the footer's size does not depend on it.
 */
public record BatchStats(long rows, int crc32c, List<ColumnStats> columns) {
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Statistics of a batch, checked.
     *
     * @param rows the batch's rows, never negative
     * @param crc32c the checksum of the batch body
     * @param columns one entry per column, in schema order
     */
    public BatchStats {
        if (rows < 0) {
            throw new IllegalArgumentException("batch statistics invalid: rows=" + rows);
        }
        columns = List.copyOf(columns);
    }

    BatchStats withCrc(int crc) {
        return new BatchStats(rows, crc, columns);
    }

    static String toJson(List<BatchStats> batches) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (BatchStats batch : batches) {
                g.writeStartObject();
                g.writeNumberField("rows", batch.rows);
                g.writeStringField("crc32c", hex(batch.crc32c));
                g.writeArrayFieldStart("columns");
                for (ColumnStats column : batch.columns) {
                    g.writeStartObject();
                    g.writeNumberField("nulls", column.nullCount());
                    if (column.range().isPresent()) {
                        writeRange(g, column.range().get());
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Eight lowercase hex digits: the footer's size must not depend on the checksum's value. */
    static String hex(int crc) {
        String digits = Integer.toHexString(crc);
        return "00000000".substring(digits.length()) + digits;
    }

    private static void writeRange(JsonGenerator g, ColumnStats.Range range) throws IOException {
        if (range instanceof ColumnStats.LongRange longs) {
            g.writeNumberField("min", longs.min());
            g.writeNumberField("max", longs.max());
        } else if (range instanceof ColumnStats.DoubleRange doubles) {
            g.writeNumberField("min", doubles.min());
            g.writeNumberField("max", doubles.max());
        } else if (range instanceof ColumnStats.StringRange strings) {
            g.writeStringField("min", strings.min());
            g.writeStringField("max", strings.max());
        }
    }

    /** Parses the footer's statistics; throws {@link CorruptFrameException} on anything unexpected. */
    static List<BatchStats> fromJson(String json) {
        List<BatchStats> batches = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                Long rows = null;
                int crc = 0;
                List<ColumnStats> columns = new ArrayList<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (field) {
                        case "rows" -> rows = p.getLongValue();
                        case "crc32c" -> crc = Integer.parseUnsignedInt(p.getText(), 16);
                        case "columns" -> {
                            expect(value, JsonToken.START_ARRAY);
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                columns.add(column(p));
                            }
                        }
                        default -> p.skipChildren();
                    }
                }
                if (rows == null) {
                    throw new IllegalStateException("row count missing: batch=" + batches.size());
                }
                batches.add(new BatchStats(rows, crc, columns));
            }
        } catch (IOException | RuntimeException e) {
            throw new CorruptFrameException("frame statistics unreadable: " + e.getMessage(), e);
        }
        return batches;
    }

    /**
     * One column's statistics. Bounds of the same kind make a range (two integers, two floats,
     * two strings); any other pair, such as the quoted {@code "Infinity"} of older frames, none.
     */
    private static ColumnStats column(JsonParser p) throws IOException {
        long nulls = 0;
        Object min = null;
        Object max = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            Object bound =
                    switch (value) {
                        case VALUE_NUMBER_INT -> p.getLongValue();
                        case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                        case VALUE_STRING -> p.getText();
                        default -> null;
                    };
            switch (field) {
                case "nulls" -> nulls = p.getLongValue();
                case "min" -> min = bound;
                case "max" -> max = bound;
                default -> p.skipChildren();
            }
        }
        if (min instanceof Long low && max instanceof Long high) {
            return ColumnStats.ofLongs(nulls, low, high);
        }
        if (min instanceof Double low && max instanceof Double high) {
            return ColumnStats.ofDoubles(nulls, low, high);
        }
        if (min instanceof String low && max instanceof String high) {
            return ColumnStats.ofStrings(nulls, low, high);
        }
        return ColumnStats.unbounded(nulls);
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalStateException("unexpected json token: expected=" + expected + " actual=" + actual);
        }
    }
}
