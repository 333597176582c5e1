package dev.gameday.shop;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under a running shop and comes back on the same address (what a writer
 * failover looks like from the task): requests fail with 503 meanwhile, then the pool reconnects
 * without a restart.
 */
class DatabaseRestartTest {

    @Test
    void shop_answers_503_while_the_database_is_down_and_recovers_when_it_returns() throws Exception {
        Path dataDir = Files.createTempDirectory("shop-pg-restart");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port);
        EmbeddedPostgres pg = builder.start();
        try (Shop shop = Shop.start(ShopConfig.builder(pg.getJdbcUrl("postgres", "postgres"), "postgres", "")
                .seedProducts(20).build())) {
            Http http = new Http(shop.baseUrl());
            String token = http.newShopper("survivor@example.com");
            assertThat(http.put("/cart/items/3", Map.of("quantity", 1), token).status()).isEqualTo(200);

            pg.close();

            await().atMost(ofSeconds(30)).until(() -> http.get("/cart", token).status() == 503);
            Http.Reply down = http.get("/cart", token);
            assertThat(down.json().get("error").asText()).isEqualTo("database unavailable");
            assertThat(http.get("/ready", null).status()).isEqualTo(503);
            assertThat(http.get("/health", null).status()).as("health is shallow").isEqualTo(200);

            pg = builder.start();

            await().atMost(ofSeconds(60)).until(() -> http.get("/cart", token).status() == 200);
            assertThat(http.get("/ready", null).status()).isEqualTo(200);
            Http.Reply order = http.post("/orders", null, token, "Idempotency-Key", "after-restart");
            assertThat(order.status()).as(order.toString()).isEqualTo(201);
        } finally {
            pg.close();
        }
    }

    @Test
    void writes_to_a_database_gone_read_only_answer_503_and_heal_when_it_is_writable_again() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             Shop shop = Shop.start(ShopConfig.builder(pg.getJdbcUrl("postgres", "postgres"), "postgres", "")
                     .seedProducts(20).build())) {
            Http http = new Http(shop.baseUrl());
            String token = http.newShopper("readonly@example.com");
            // What the shop sees when its endpoint points at a demoted primary or a standby.
            sql(pg, "ALTER SYSTEM SET default_transaction_read_only = on");
            await().atMost(ofSeconds(30)).until(() -> http.put("/cart/items/2", Map.of("quantity", 1), token).status() == 503);
            assertThat(http.put("/cart/items/2", Map.of("quantity", 1), token).json().get("error").asText())
                    .isEqualTo("database unavailable");
            assertThat(http.get("/products/2", null).status()).as("reads still work").isEqualTo(200);

            sql(pg, "ALTER SYSTEM RESET default_transaction_read_only");
            await().atMost(ofSeconds(30)).until(() -> http.put("/cart/items/2", Map.of("quantity", 1), token).status() == 200);
        }
    }

    static void sql(EmbeddedPostgres pg, String statement) throws Exception {
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute(statement);
            s.execute("SELECT pg_reload_conf()");
        }
    }
}
