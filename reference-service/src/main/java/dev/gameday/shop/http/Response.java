package dev.gameday.shop.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers: a status, a content type and either a complete body or a writer that
 * streams it (for answers too large to hold in memory, like the order audit).
 */
public record Response(int status, String contentType, byte[] body, BodyWriter writer, Map<String, String> headers) {

    /** Streams a body straight to the client. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws Exception;
    }

    public static Response json(int status, Object value) {
        return new Response(status, "application/json", ShopJson.write(value), null, Map.of());
    }

    public static Response ok(Object value) {
        return json(200, value);
    }

    public static Response error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    public static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), null, Map.of());
    }

    public static Response streamed(int status, String contentType, BodyWriter writer) {
        return new Response(status, contentType, null, writer, Map.of());
    }

    public Response withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Response(status, contentType, body, writer, Map.copyOf(h));
    }

    void writeBody(OutputStream out) throws IOException {
        if (body != null) {
            out.write(body);
        }
    }
}
