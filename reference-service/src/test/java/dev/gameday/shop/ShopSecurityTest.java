package dev.gameday.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.shop.account.Accounts;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shop's answers to the security review: an idempotency key names one request, login costs
 * the same for an unknown email, tokens are not cached, and the admin token is refused when it
 * crossed a network in the clear.
 */
class ShopSecurityTest {

    static ShopFixture fixture;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        fixture = ShopFixture.start(b -> b.seedProducts(20).adminToken("admin-secret"));
        http = fixture.http;
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) fixture.close();
    }

    @Test
    void an_idempotency_key_reused_for_another_body_or_cart_is_refused_with_422_and_a_retry_gets_the_first_order() {
        String token = http.newShopper("keys@example.com");
        assertThat(http.put("/cart/items/3", Map.of("quantity", 2), token).status()).isEqualTo(200);
        Http.Reply first = http.post("/orders", "{}", token, "Idempotency-Key", "k-1");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        long orderId = first.json().get("id").asLong();

        Http.Reply retry = http.post("/orders", "{}", token, "Idempotency-Key", "k-1");
        assertThat(retry.status()).as("same body, cart taken by the first attempt").isEqualTo(200);
        assertThat(retry.json().get("id").asLong()).isEqualTo(orderId);

        Http.Reply otherBody = http.post("/orders", "{\"note\":\"gift\"}", token, "Idempotency-Key", "k-1");
        assertThat(otherBody.status()).as(otherBody.toString()).isEqualTo(422);

        // A new cart checked out under the old key: a second order was meant, and the first is not it.
        assertThat(http.put("/cart/items/4", Map.of("quantity", 1), token).status()).isEqualTo(200);
        Http.Reply otherCart = http.post("/orders", "{}", token, "Idempotency-Key", "k-1");
        assertThat(otherCart.status()).as(otherCart.toString()).isEqualTo(422);
        assertThat(otherCart.json().get("error").asText()).contains("another cart");

        // A new key places it; nothing was lost or doubled by the refusals.
        Http.Reply second = http.post("/orders", "{}", token, "Idempotency-Key", "k-2");
        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        assertThat(second.json().get("id").asLong()).isNotEqualTo(orderId);
    }

    @Test
    void a_replay_while_the_cart_holds_exactly_the_order_still_gets_the_first_order() {
        String token = http.newShopper("same-cart@example.com");
        assertThat(http.put("/cart/items/5", Map.of("quantity", 1), token).status()).isEqualTo(200);
        long orderId = http.post("/orders", "{}", token, "Idempotency-Key", "same").json().get("id").asLong();
        assertThat(http.put("/cart/items/5", Map.of("quantity", 1), token).status()).isEqualTo(200);

        Http.Reply replay = http.post("/orders", "{}", token, "Idempotency-Key", "same");
        assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
        assertThat(replay.json().get("id").asLong()).isEqualTo(orderId);
    }

    @Test
    void a_login_for_an_unknown_email_costs_one_password_hash_like_a_wrong_password() {
        http.newShopper("known@example.com");

        long before = passwordHashes();
        assertThat(http.post("/auth/login", Map.of("email", "nobody@example.com", "password", "secret-123"), null).status())
                .isEqualTo(401);
        assertThat(passwordHashes() - before).as("hashes for an unknown email").isEqualTo(1);

        before = passwordHashes();
        assertThat(http.post("/auth/login", Map.of("email", "known@example.com", "password", "wrong-123"), null).status())
                .isEqualTo(401);
        assertThat(passwordHashes() - before).as("hashes for a wrong password").isEqualTo(1);
    }

    @Test
    void a_token_answer_must_not_be_stored_and_no_answer_may_be_sniffed() {
        http.newShopper("cache@example.com");
        Http.Reply login = http.post("/auth/login", Map.of("email", "cache@example.com", "password", "secret-123"), null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.raw().headers().firstValue("Cache-Control")).contains("no-store");
        for (Http.Reply r : new Http.Reply[] {login, http.get("/products", null), http.get("/cart", null)}) {
            assertThat(r.raw().headers().firstValue("X-Content-Type-Options")).as(r.toString()).contains("nosniff");
        }
    }

    @Test
    void the_admin_token_is_refused_when_it_came_over_plain_http_from_another_host() {
        String path = "/admin/audit/orders";
        assertThat(http.send(http.builder(path, "admin-secret").GET()).status()).as("from this host").isEqualTo(200);

        // Through a load balancer's plain http listener, from a client elsewhere.
        Http.Reply clear = http.send(http.builder(path, "admin-secret",
                "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "http").GET());
        assertThat(clear.status()).as(clear.toString()).isEqualTo(403);
        assertThat(clear.json().get("error").asText()).contains("https");

        // A client claiming to be local does not pass: the balancer appends the real address.
        Http.Reply spoofed = http.send(http.builder(path, "admin-secret",
                "X-Forwarded-For", "127.0.0.1, 203.0.113.7").GET());
        assertThat(spoofed.status()).isEqualTo(403);

        Http.Reply tls = http.send(http.builder(path, "admin-secret",
                "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https").GET());
        assertThat(tls.status()).as("through an https listener").isEqualTo(200);
    }

    private static long passwordHashes() {
        for (String line : http.get("/metrics", null).body().split("\n")) {
            if (line.startsWith(Accounts.PASSWORD_HASHES + " ")) {
                return Long.parseLong(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        return 0;
    }
}
