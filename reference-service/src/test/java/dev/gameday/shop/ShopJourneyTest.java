package dev.gameday.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A shopper's whole journey against a real shop on a real PostgreSQL, over real HTTP. */
class ShopJourneyTest {

    static EmbeddedPostgres pg;
    static Shop shop;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        shop = Shop.start(ShopConfig.builder(pg.getJdbcUrl("postgres", "postgres"), "postgres", "")
                .zone("local-1a").taskId("journey-1").adminToken("admin-secret").build());
        http = new Http(shop.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (shop != null) shop.close();
        if (pg != null) pg.close();
    }

    @Test
    void register_login_browse_add_to_cart_checkout_and_retry_returns_the_same_order() {
        String token = http.newShopper("journey@example.com");

        JsonNode categories = http.get("/categories", null).json();
        assertThat(categories.get("items").size()).isBetween(10, 20);
        String category = categories.get("items").get(0).get("name").asText();

        Http.Reply page = http.get("/products?category=" + category + "&size=5&page=1", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().get("items")).hasSize(5);
        assertThat(page.json().get("page").asInt()).isEqualTo(1);
        assertThat(page.json().get("total").asLong()).isGreaterThan(5);
        JsonNode product = page.json().get("items").get(0);
        long productId = product.get("id").asLong();
        int stockBefore = product.get("stock").asInt();
        assertThat(product.get("category").asText()).isEqualTo(category);

        assertThat(http.get("/products/" + productId, null).json().get("name").asText())
                .isEqualTo(product.get("name").asText());

        Http.Reply cart = http.put("/cart/items/" + productId, Map.of("quantity", 2), token);
        assertThat(cart.status()).as(cart.toString()).isEqualTo(200);
        assertThat(http.get("/cart", token).json().get("items").get(0).get("quantity").asInt()).isEqualTo(2);

        Http.Reply placed = http.post("/orders", null, token, "Idempotency-Key", "journey-key-1");
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        JsonNode order = placed.json();
        assertThat(order.get("status").asText()).isEqualTo("PLACED");
        assertThat(order.get("idempotencyKey").asText()).isEqualTo("journey-key-1");
        assertThat(order.get("items")).hasSize(1);
        assertThat(order.get("total").decimalValue())
                .isEqualByComparingTo(product.get("price").decimalValue().multiply(java.math.BigDecimal.valueOf(2)));

        Http.Reply again = http.post("/orders", null, token, "Idempotency-Key", "journey-key-1");
        assertThat(again.status()).as(again.toString()).isIn(200, 201);
        assertThat(again.json().get("id").asLong()).isEqualTo(order.get("id").asLong());

        assertThat(http.get("/cart", token).json().get("items")).isEmpty();
        assertThat(http.get("/products/" + productId, null).json().get("stock").asInt()).isEqualTo(stockBefore - 2);
        assertThat(http.get("/orders/" + order.get("id").asLong(), token).json().get("status").asText()).isEqualTo("PLACED");

        Http.Reply empty = http.post("/orders", null, token, "Idempotency-Key", "journey-key-2");
        assertThat(empty.status()).as(empty.toString()).isEqualTo(400);

        Http.Reply audit = http.get("/admin/audit/orders?since=2000-01-01T00:00:00Z", "admin-secret");
        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
        assertThat(audit.json().get("items")).hasSize(1);
        assertThat(audit.json().get("items").get(0).get("idempotencyKey").asText()).isEqualTo("journey-key-1");
    }

    @Test
    void health_ready_metrics_and_jwks() {
        JsonNode health = http.get("/health", null).json();
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("zone").asText()).isEqualTo("local-1a");
        assertThat(health.get("task").asText()).isEqualTo("journey-1");
        assertThat(http.get("/ready", null).status()).isEqualTo(200);
        assertThat(http.get("/.well-known/jwks.json", null).json().get("keys").get(0).get("kty").asText()).isEqualTo("RSA");
        assertThat(http.get("/.well-known/jwks.json", null).body()).doesNotContain("\"d\"");
        String metrics = http.get("/metrics", null).body();
        assertThat(metrics).contains("shop_http_requests_total{route=\"GET /health\",status=\"200\"}")
                .contains("shop_db_pool_active_connections")
                .contains("shop_http_request_duration_seconds_bucket{route=\"GET /health\",le=\"+Inf\"}")
                .contains("shop_http_request_duration_seconds_count{route=\"GET /health\"}");
    }
}
