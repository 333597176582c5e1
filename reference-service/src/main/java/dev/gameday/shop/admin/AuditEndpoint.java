package dev.gameday.shop.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.gameday.shop.db.ShopDataSource;
import dev.gameday.shop.http.ApiException;
import dev.gameday.shop.http.ShopJson;
import dev.gameday.shop.http.Request;
import dev.gameday.shop.http.Response;
import dev.gameday.shop.http.Route;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET /admin/audit/orders?since=}: every order since an instant, for the game day's order
 * audit (acknowledged orders vs. what the shop holds). Streamed, because a long game day places
 * more orders than one answer should hold in memory.
 */
public final class AuditEndpoint {

    private final ShopDataSource db;
    private final byte[] adminToken;

    /** @param adminToken the bearer token required; {@code null} disables the admin routes */
    public AuditEndpoint(ShopDataSource db, String adminToken) {
        this.db = db;
        this.adminToken = adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8);
    }

    public List<Route> routes() {
        return List.of(Route.get("/admin/audit/orders", this::orders));
    }

    private Response orders(Request r) throws Exception {
        authorise(r);
        Instant since = Instant.EPOCH;
        String raw = r.queryText("since", 64);
        if (raw != null) {
            try {
                since = Instant.parse(raw);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("query parameter 'since' must be an ISO-8601 instant such as 2026-11-23T15:00:00Z");
            }
        }
        Timestamp from = Timestamp.from(since);
        // Check the database before committing to a 200: once streaming starts, the status is sent.
        db.withConnection(c -> c.isValid(2));
        return Response.streamed(200, "application/json", out -> db.withConnection(c -> {
            stream(c, from, out);
            return null;
        }));
    }

    private static void stream(Connection c, Timestamp from, java.io.OutputStream out) throws Exception {
        c.setAutoCommit(false); // pgjdbc only uses a cursor (fetch size) inside a transaction
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, idempotency_key, status, created_at, user_id, total FROM orders "
                        + "WHERE created_at >= ? ORDER BY created_at, id")) {
            ps.setFetchSize(1000);
            ps.setTimestamp(1, from);
            try (ResultSet rs = ps.executeQuery();
                 JsonGenerator g = ShopJson.MAPPER.getFactory().createGenerator(out)) {
                g.writeStartObject();
                g.writeArrayFieldStart("items");
                while (rs.next()) {
                    g.writeStartObject();
                    g.writeNumberField("id", rs.getLong(1));
                    g.writeStringField("idempotencyKey", rs.getString(2));
                    g.writeStringField("status", rs.getString(3));
                    g.writeStringField("createdAt", rs.getTimestamp(4).toInstant().toString());
                    g.writeNumberField("userId", rs.getLong(5));
                    g.writeNumberField("total", rs.getBigDecimal(6));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    private void authorise(Request r) {
        if (adminToken == null) {
            throw new ApiException(403, "admin endpoints are disabled (SHOP_ADMIN_TOKEN is not set)");
        }
        if (!r.encryptedOrLocal()) {
            // The token crossed a network in the clear; refusing makes the misconfiguration loud.
            throw new ApiException(403, "admin requests must come over https (or from this host)");
        }
        String token = r.bearerToken();
        if (token == null || !MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.unauthorized("missing or wrong admin token");
        }
    }
}
