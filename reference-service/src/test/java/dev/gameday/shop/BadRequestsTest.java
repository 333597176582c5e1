package dev.gameday.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input and forged tokens get a 4xx with a JSON error, never a 5xx or a stack trace. */
class BadRequestsTest {

    static EmbeddedPostgres pg;
    static Shop shop;
    static Http http;
    static String token;
    static long userId;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        shop = Shop.start(ShopConfig.builder(pg.getJdbcUrl("postgres", "postgres"), "postgres", "")
                .seedProducts(20).adminToken("admin-secret").build());
        http = new Http(shop.baseUrl());
        token = http.newShopper("fuzz@example.com");
        userId = http.post("/users", Map.of("email", "other@example.com", "password", "secret-123", "name", "x"), null)
                .json().get("id").asLong();
    }

    @AfterAll
    static void stop() throws Exception {
        if (shop != null) shop.close();
        if (pg != null) pg.close();
    }

    private record Case(String name, HttpRequest.Builder request, int expected) {
    }

    @Test
    void bad_requests_are_answered_with_a_json_error_and_the_right_status() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        List<Case> cases = List.of(
                new Case("malformed JSON", post("/users", "{\"email\":"), 400),
                new Case("JSON array body", post("/users", "[]"), 400),
                new Case("JSON null body", post("/users", "null"), 400),
                new Case("empty body", post("/users", ""), 400),
                new Case("email not a string", post("/users", "{\"email\":123,\"password\":\"secret-123\",\"name\":\"a\"}"), 400),
                new Case("not an email", post("/users", "{\"email\":\"nope\",\"password\":\"secret-123\",\"name\":\"a\"}"), 400),
                new Case("missing password", post("/users", "{\"email\":\"a@b.c\",\"name\":\"a\"}"), 400),
                new Case("duplicate email", post("/users", "{\"email\":\"fuzz@example.com\",\"password\":\"secret-123\",\"name\":\"a\"}"), 409),
                new Case("deeply nested JSON", post("/users", deep), 400),
                new Case("body over 64 KiB", post("/users", "{\"name\":\"" + "x".repeat(70_000) + "\"}"), 413),
                new Case("wrong password", post("/auth/login", "{\"email\":\"fuzz@example.com\",\"password\":\"wrong-one\"}"), 401),
                new Case("unknown user", post("/auth/login", "{\"email\":\"ghost@example.com\",\"password\":\"wrong-one\"}"), 401),
                new Case("product id not a number", get("/products/abc"), 404),
                new Case("unknown product", get("/products/99999999"), 404),
                new Case("negative product id", get("/products/-1"), 404),
                new Case("huge product id", get("/products/999999999999999999999999"), 404),
                new Case("negative page", get("/products?page=-1"), 400),
                new Case("absurd page size", get("/products?size=100000"), 400),
                new Case("page size not a number", get("/products?size=abc"), 400),
                new Case("search text too long", get("/products?q=" + "x".repeat(200)), 400),
                new Case("unknown route", get("/nope"), 404),
                new Case("unknown nested route", get("/products/1/reviews"), 404),
                new Case("wrong method", HttpRequest.newBuilder(http.base.resolve("/products")).DELETE(), 405),
                new Case("wrong method on health", post("/health", "{}"), 405),
                new Case("zero quantity", put("/cart/items/1", "{\"quantity\":0}"), 400),
                new Case("negative quantity", put("/cart/items/1", "{\"quantity\":-3}"), 400),
                new Case("absurd quantity", put("/cart/items/1", "{\"quantity\":1000000}"), 400),
                new Case("overflowing quantity", put("/cart/items/1", "{\"quantity\":1e400}"), 400),
                new Case("fractional quantity", put("/cart/items/1", "{\"quantity\":1.5}"), 400),
                new Case("quantity as string", put("/cart/items/1", "{\"quantity\":\"3\"}"), 400),
                new Case("missing quantity", put("/cart/items/1", "{}"), 400),
                new Case("malformed cart JSON", put("/cart/items/1", "{quantity: 1}"), 400),
                new Case("cart for unknown product", put("/cart/items/99999999", "{\"quantity\":1}"), 404),
                new Case("checkout without key", auth(post("/orders", "")), 400),
                new Case("checkout with absurd key", auth(post("/orders", "")).header("Idempotency-Key", "k".repeat(500)), 400),
                new Case("checkout with an empty cart", auth(post("/orders", "")).header("Idempotency-Key", "fuzz-1"), 400),
                new Case("unknown order", auth(get("/orders/99999999")), 404),
                new Case("order id not a number", auth(get("/orders/x")), 404),
                new Case("cart without token", get("/cart"), 401),
                new Case("audit without token", get("/admin/audit/orders"), 401),
                new Case("audit with a shopper token", auth(get("/admin/audit/orders")), 401),
                new Case("audit with bad since", get("/admin/audit/orders?since=yesterday").header("Authorization", "Bearer admin-secret"), 400));

        for (Case c : cases) {
            Http.Reply reply = http.send(c.request());
            assertThat(reply.status()).as(c.name() + " -> " + reply).isEqualTo(c.expected());
            assertThat(reply.raw().headers().firstValue("Content-Type")).as(c.name()).hasValue("application/json");
            assertThat(reply.json().get("error").asText()).as(c.name()).isNotBlank();
            assertThat(reply.body()).as(c.name()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void forged_expired_and_misdirected_tokens_are_rejected_with_401() throws Exception {
        RSAKey shopKey = shopKey();
        RSAKey otherKey = new RSAKeyGenerator(2048).keyID(shopKey.getKeyID()).generate();
        Instant now = Instant.now();
        JWTClaimsSet good = claims("gameday-shop", "gameday-shop", now.plus(1, ChronoUnit.HOURS));

        assertThat(cart(signed(shopKey, good)).status()).as("control: a well-formed token works").isEqualTo(200);

        Map<String, String> forged = Map.of(
                "alg none", new PlainJWT(good).serialize(),
                "HS256 with the public key as secret", hmac(shopKey, good),
                "signed by another key", signed(otherKey, good),
                "wrong issuer", signed(shopKey, claims("someone-else", "gameday-shop", now.plus(1, ChronoUnit.HOURS))),
                "wrong audience", signed(shopKey, claims("gameday-shop", "another-app", now.plus(1, ChronoUnit.HOURS))),
                "expired", signed(shopKey, claims("gameday-shop", "gameday-shop", now.minus(2, ChronoUnit.HOURS))),
                "garbage", "not-a-jwt",
                "tampered payload", tamper(signed(shopKey, good)));
        forged.forEach((name, t) -> {
            Http.Reply reply = cart(t);
            assertThat(reply.status()).as(name + " -> " + reply).isEqualTo(401);
            assertThat(reply.json().get("error").asText()).as(name).isNotBlank();
        });
    }

    private static Http.Reply cart(String t) {
        return http.get("/cart", t);
    }

    private static JWTClaimsSet claims(String issuer, String audience, Instant exp) {
        return new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject(Long.toString(userId))
                .issueTime(new Date()).expirationTime(Date.from(exp)).build();
    }

    private static String signed(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String hmac(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new MACSigner(key.toPublicJWK().toRSAPublicKey().getEncoded()));
        return jwt.serialize();
    }

    private static String tamper(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        JWTClaimsSet other = new JWTClaimsSet.Builder(JWTClaimsSet.parse(new String(
                java.util.Base64.getUrlDecoder().decode(parts[1])))).subject("1").build();
        String payload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(other.toString().getBytes());
        return parts[0] + "." + payload + "." + parts[2];
    }

    private static RSAKey shopKey() throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT jwk FROM signing_keys")) {
            rs.next();
            return RSAKey.parse(rs.getString(1));
        }
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(http.base.resolve(path)).GET();
    }

    private static HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(http.base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpRequest.Builder put(String path, String body) {
        return auth(HttpRequest.newBuilder(http.base.resolve(path)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpRequest.Builder auth(HttpRequest.Builder b) {
        return b.header("Authorization", "Bearer " + token);
    }
}
