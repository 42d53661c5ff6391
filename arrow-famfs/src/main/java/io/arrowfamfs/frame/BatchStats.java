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

    public BatchStats {
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
                g.writeStringField("crc32c", String.format("%08x", batch.crc32c));
                g.writeArrayFieldStart("columns");
                for (ColumnStats column : batch.columns) {
                    g.writeStartObject();
                    g.writeNumberField("nulls", column.nullCount());
                    writeBound(g, "min", column.min());
                    writeBound(g, "max", column.max());
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

    private static void writeBound(JsonGenerator g, String name, Object bound) throws IOException {
        if (bound instanceof Long l) {
            g.writeNumberField(name, l);
        } else if (bound instanceof Double d) {
            g.writeNumberField(name, d);
        } else if (bound instanceof String s) {
            g.writeStringField(name, s);
        }
    }

    /** Parses the footer's statistics; throws {@link CorruptFrameException} on anything unexpected. */
    static List<BatchStats> fromJson(String json) {
        List<BatchStats> batches = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                long rows = -1;
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
                batches.add(new BatchStats(rows, crc, columns));
            }
        } catch (IOException | RuntimeException e) {
            throw new CorruptFrameException("frame statistics unreadable: " + e.getMessage(), e);
        }
        return batches;
    }

    private static ColumnStats column(JsonParser p) throws IOException {
        long nulls = 0;
        Object min = null;
        Object max = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            Object bound = switch (value) {
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
        return new ColumnStats(nulls, min, max);
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalStateException("expected " + expected + " found " + actual);
        }
    }
}
