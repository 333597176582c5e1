package dev.gameday.shop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small real HTTP client for the tests: JSON in, status and JSON out. */
final class Http {

    /** One answer: status, raw body, and the body as JSON when it is JSON. */
    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    static final ObjectMapper MAPPER = new ObjectMapper();

    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final URI base;

    Http(URI base) {
        this.base = base;
    }

    Reply get(String path, String token) {
        return send(builder(path, token).GET());
    }

    Reply post(String path, Object body, String token, String... headers) {
        return send(builder(path, token, headers).POST(body(body)));
    }

    Reply put(String path, Object body, String token) {
        return send(builder(path, token).PUT(body(body)));
    }

    Reply delete(String path, String token) {
        return send(builder(path, token).DELETE());
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder builder(String path, String token, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    static HttpRequest.BodyPublisher body(Object body) {
        if (body == null) {
            return HttpRequest.BodyPublishers.noBody();
        }
        if (body instanceof String s) {
            return HttpRequest.BodyPublishers.ofString(s);
        }
        try {
            return HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Registers a fresh shopper and logs in; returns the token. */
    String newShopper(String email) {
        Reply created = post("/users", Map.of("email", email, "password", "secret-123", "name", "Test Shopper"), null);
        if (created.status() != 201) {
            throw new AssertionError("registration failed: " + created);
        }
        Reply login = post("/auth/login", Map.of("email", email, "password", "secret-123"), null);
        if (login.status() != 200) {
            throw new AssertionError("login failed: " + login);
        }
        return login.json().get("token").asText();
    }
}
