package dev.gameday.shop.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;

/** The shop's one JSON mapper, and the helpers that turn bad JSON input into 400 answers. */
public final class ShopJson {

    /** Shared, thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private ShopJson() {
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
        }
    }

    /** Parses a request body; anything that is not one JSON value is a 400. */
    public static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("request body is required");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("request body is required");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("malformed JSON");
        }
    }

    /** A required text field of a JSON object, trimmed, at most {@code maxLength} characters. */
    public static String text(JsonNode body, String field, int maxLength) {
        JsonNode v = object(body).get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("field '" + field + "' is required");
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("field '" + field + "' must be a string");
        }
        String s = v.asText().trim();
        if (s.isEmpty()) {
            throw ApiException.badRequest("field '" + field + "' must not be empty");
        }
        if (s.length() > maxLength) {
            throw ApiException.badRequest("field '" + field + "' is longer than " + maxLength + " characters");
        }
        return s;
    }

    /** A required integer field of a JSON object within {@code [min, max]}. */
    public static int integer(JsonNode body, String field, int min, int max) {
        JsonNode v = object(body).get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("field '" + field + "' is required");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiException.badRequest("field '" + field + "' must be an integer between " + min + " and " + max);
        }
        int i = v.intValue();
        if (i < min || i > max) {
            throw ApiException.badRequest("field '" + field + "' must be between " + min + " and " + max + ", was " + i);
        }
        return i;
    }

    private static JsonNode object(JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object");
        }
        return body;
    }
}
