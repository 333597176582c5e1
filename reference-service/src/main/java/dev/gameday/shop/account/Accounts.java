package dev.gameday.shop.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.shop.db.ShopDataSource;
import dev.gameday.shop.http.ApiException;
import dev.gameday.shop.http.ShopJson;
import dev.gameday.shop.http.Request;
import dev.gameday.shop.http.Response;
import dev.gameday.shop.http.Route;
import dev.gameday.shop.metrics.ShopMetrics;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Shopper accounts: registration ({@code POST /users}) and login ({@code POST /auth/login}). */
public final class Accounts {

    /** A registered shopper as the API shows it (never the password hash). */
    public record User(long id, String email, String name) {
    }

    /** Counts password hash derivations (registrations and logins): each costs the same CPU. */
    public static final String PASSWORD_HASHES = "shop_password_hashes_total";

    private final ShopDataSource db;
    private final Tokens tokens;
    private final ShopMetrics metrics;

    public Accounts(ShopDataSource db, Tokens tokens, ShopMetrics metrics) {
        this.db = db;
        this.tokens = tokens;
        this.metrics = metrics;
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/users", this::register),
                Route.post("/auth/login", this::login));
    }

    private Response register(Request r) throws Exception {
        JsonNode body = r.json();
        String email = email(body);
        String password = password(body);
        String name = ShopJson.text(body, "name", 200);
        metrics.increment(PASSWORD_HASHES);
        String hash = PasswordHasher.hash(password);
        Long id = db.withConnection(c -> {
            // Insert-or-nothing: two racing registrations of one email get one 201 and one 409.
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO users (email, name, password_hash) VALUES (?, ?, ?) ON CONFLICT (email) DO NOTHING RETURNING id")) {
                ps.setString(1, email);
                ps.setString(2, name);
                ps.setString(3, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : null;
                }
            }
        });
        if (id == null) {
            throw ApiException.conflict("email already registered");
        }
        return Response.json(201, new User(id, email, name));
    }

    private Response login(Request r) throws Exception {
        JsonNode body = r.json();
        String email = email(body);
        String password = password(body);
        Object[] row = db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, password_hash FROM users WHERE email = ?")) {
                ps.setString(1, email);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Object[] {rs.getLong(1), rs.getString(2)} : null;
                }
            }
        });
        // Users from an external identity provider have no password here (row[1] is null). An
        // unknown email is checked too, against a hash nothing matches: every login costs one hash,
        // so how long the 401 takes does not tell whether the email is registered.
        String stored = row != null && row[1] != null ? (String) row[1] : PasswordHasher.UNUSABLE;
        boolean matches = verify(password, stored);
        if (row == null || row[1] == null || !matches) {
            throw ApiException.unauthorized("invalid email or password");
        }
        // A bearer token must not be kept by a browser or a shared cache.
        return Response.ok(Map.of("token", tokens.issue((Long) row[0]))).withHeader("Cache-Control", "no-store");
    }

    private boolean verify(String password, String stored) {
        metrics.increment(PASSWORD_HASHES);
        return PasswordHasher.matches(password, stored);
    }

    private static String email(JsonNode body) {
        String email = ShopJson.text(body, "email", 254).toLowerCase(Locale.ROOT);
        int at = email.indexOf('@');
        if (at < 1 || at == email.length() - 1 || email.indexOf('@', at + 1) >= 0 || email.chars().anyMatch(Character::isWhitespace)) {
            throw ApiException.badRequest("field 'email' is not an email address");
        }
        return email;
    }

    private static String password(JsonNode body) {
        String password = ShopJson.text(body, "password", 128);
        if (password.length() < 6) {
            throw ApiException.badRequest("field 'password' must have at least 6 characters");
        }
        return password;
    }
}
