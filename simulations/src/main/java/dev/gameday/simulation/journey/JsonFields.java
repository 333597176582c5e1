package dev.gameday.simulation.journey;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gameday.core.json.Json;

/**
 * Reads one top-level field of a JSON response body without building a tree: a streaming parser
 * walks the top-level object, skips the values of other fields unread and stops at the wanted one.
 * The shopper journeys need one value from a few bodies ({@code token}, {@code id},
 * {@code status}); a tree of the whole order would cost more than the request it came with.
 */
final class JsonFields {

    private static final JsonFactory FACTORY = Json.mapper().getFactory();

    private JsonFields() {
    }

    /**
     * The field's value as text — a string's value, a number's or boolean's literal, {@code ""} for
     * an object or array (as {@code JsonNode.asText()} gives) — or {@code null} when the body is
     * empty, not a JSON object, lacks the field or holds {@code null} in it.
     */
    static String text(byte[] body, String field) {
        if (body == null || body.length == 0) {
            return null;
        }
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = field.equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (wanted) {
                    if (value == JsonToken.VALUE_NULL) {
                        return null;
                    }
                    return value.isScalarValue() ? parser.getText() : "";
                }
                parser.skipChildren();
            }
            return null;
        } catch (Exception e) {
            return null; // an error page from a proxy, say, or a cut body: no field to read
        }
    }
}
