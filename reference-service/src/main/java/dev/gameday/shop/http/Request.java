package dev.gameday.shop.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the handlers see it: method, path parameters taken from the route pattern,
 * decoded query parameters, headers, the (already size-checked) body and the peer's address.
 */
public record Request(String method, String path, Map<String, String> pathParams, Map<String, String> query,
                      Headers headers, byte[] body, InetAddress peer) {

    /** Parses a raw query string; a malformed escape is a 400, the first value of a name wins. */
    public static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> q = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return q;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                q.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("malformed query string");
            }
        }
        return q;
    }

    public JsonNode json() {
        return ShopJson.parse(body);
    }

    public String header(String name) {
        return headers.getFirst(name);
    }

    /** The token of an {@code Authorization: Bearer} header, or {@code null} when there is none. */
    public String bearerToken() {
        String auth = header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = auth.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /**
     * Whether the request reached us encrypted (a load balancer's {@code X-Forwarded-Proto: https})
     * or never left this host (the peer and every {@code X-Forwarded-For} hop are loopback): the
     * only ways a secret may arrive. The last hop of {@code X-Forwarded-For} is the balancer's own
     * record of its client, so a client cannot pass for local by sending the header itself.
     */
    public boolean encryptedOrLocal() {
        String proto = header("X-Forwarded-Proto");
        if (proto != null && proto.trim().equalsIgnoreCase("https")) {
            return true;
        }
        if (peer == null || !peer.isLoopbackAddress()) {
            return false;
        }
        List<String> forwarded = headers.get("X-Forwarded-For");
        if (forwarded == null) {
            return true;
        }
        for (String line : forwarded) {
            for (String hop : line.split(",")) {
                if (!isLoopbackLiteral(hop.trim())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isLoopbackLiteral(String hop) {
        // Literals only (no DNS): 127.x.y.z or ::1, as a proxy writes them.
        return hop.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || hop.equals("::1") || hop.equals("0:0:0:0:0:0:0:1");
    }

    /** A numeric path parameter; anything else names no resource, hence 404. */
    public long pathId(String name, String what) {
        String raw = pathParams.get(name);
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through: not an id we could ever have issued
        }
        throw ApiException.notFound(what + " not found");
    }

    /** An optional integer query parameter within {@code [min, max]}. */
    public int queryInt(String name, int fallback, int min, int max) {
        String raw = query.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("query parameter '" + name + "' must be an integer between " + min + " and " + max);
    }

    /** An optional text query parameter, {@code null} when absent or blank. */
    public String queryText(String name, int maxLength) {
        String raw = query.get(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > maxLength) {
            throw ApiException.badRequest("query parameter '" + name + "' is longer than " + maxLength + " characters");
        }
        return raw.trim();
    }
}
