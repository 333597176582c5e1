package dev.gameday.shop;

import dev.gameday.shop.http.Response;
import dev.gameday.shop.http.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Serves the shop's OpenAPI 3 document at {@code GET /openapi.yaml}; a test keeps it true to the routes. */
final class OpenApi {

    static final String RESOURCE = "openapi.yaml";

    private OpenApi() {
    }

    static String document() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Route route() {
        String doc = document();
        return Route.get("/openapi.yaml", r -> Response.text(200, "application/yaml", doc));
    }
}
