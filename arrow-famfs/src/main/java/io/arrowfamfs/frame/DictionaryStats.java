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
 * A dictionary batch's id, value count and checksum, kept as JSON under {@link
 * FrameFormat#DICTIONARIES_KEY} in the footer, one entry per dictionary block in footer order:
 * {@code [{"id":0,"values":350,"crc32c":"0a1b2c3d"},...]}. The CRC32C covers the dictionary
 * batch's body as stored, padding included, as {@link BatchStats}' does a record batch's.
 *
 * @param id the dictionary's id, as the schema's fields name it
 * @param values the dictionary's value count
 * @param crc32c the checksum of the dictionary batch's body
 */
record DictionaryStats(long id, long values, int crc32c) {
    private static final JsonFactory JSON = new JsonFactory();

    static String toJson(List<DictionaryStats> dictionaries) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (DictionaryStats dictionary : dictionaries) {
                g.writeStartObject();
                g.writeNumberField("id", dictionary.id);
                g.writeNumberField("values", dictionary.values);
                g.writeStringField("crc32c", BatchStats.hex(dictionary.crc32c));
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Parses the footer's entry; throws {@link CorruptFrameException} naming {@code frame} on anything unexpected. */
    static List<DictionaryStats> fromJson(String frame, String json) {
        List<DictionaryStats> dictionaries = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalStateException("not an array");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                Long id = null;
                Long values = null;
                Integer crc = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "id" -> id = p.getLongValue();
                        case "values" -> values = p.getLongValue();
                        case "crc32c" -> crc = Integer.parseUnsignedInt(p.getText(), 16);
                        default -> p.skipChildren();
                    }
                }
                if (id == null || values == null || crc == null || values < 0) {
                    throw new IllegalStateException("entry " + dictionaries.size() + " incomplete or negative");
                }
                dictionaries.add(new DictionaryStats(id, values, crc));
            }
        } catch (IOException | RuntimeException e) {
            throw new CorruptFrameException(
                    "frame " + frame + ": dictionary checksums unreadable: " + e.getMessage(), e);
        }
        return dictionaries;
    }
}
