package dev.gameday.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Idempotent checkout when a client retries the same key many times at once. */
class CheckoutConcurrencyTest {

    static EmbeddedPostgres pg;
    static Shop shop;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        shop = Shop.start(ShopConfig.builder(pg.getJdbcUrl("postgres", "postgres"), "postgres", "")
                .seedProducts(50).build());
        http = new Http(shop.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (shop != null) shop.close();
        if (pg != null) pg.close();
    }

    @Test
    void concurrent_retries_with_one_key_place_exactly_one_order() throws Exception {
        String token = http.newShopper("racer@example.com");
        int stockBefore = http.get("/products/7", null).json().get("stock").asInt();
        assertThat(http.put("/cart/items/7", Map.of("quantity", 3), token).status()).isEqualTo(200);

        int attempts = 12;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Http.Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < attempts; i++) {
                replies.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return http.post("/orders", null, token, "Idempotency-Key", "same-key");
                }, pool));
            }
            go.countDown();
            CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }

        long created = replies.stream().map(CompletableFuture::join).filter(r -> r.status() == 201).count();
        assertThat(replies).allSatisfy(f -> assertThat(f.join().status()).as(f.join().toString()).isIn(200, 201));
        assertThat(created).isEqualTo(1);
        assertThat(replies.stream().map(f -> f.join().json().get("id").asLong()).distinct()).hasSize(1);
        assertThat(count("SELECT count(*) FROM orders WHERE idempotency_key = 'same-key'")).isEqualTo(1);
        assertThat(http.get("/products/7", null).json().get("stock").asInt()).isEqualTo(stockBefore - 3);
    }

    @Test
    void competing_shoppers_never_oversell() throws Exception {
        // Product 11 gets exactly 5 left; 10 shoppers each try to buy 1.
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE products SET stock = 5 WHERE id = 11");
        }
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String token = http.newShopper("buyer" + i + "@example.com");
            assertThat(http.put("/cart/items/11", Map.of("quantity", 1), token).status()).isEqualTo(200);
            tokens.add(token);
        }
        List<CompletableFuture<Http.Reply>> replies = tokens.stream()
                .map(t -> CompletableFuture.supplyAsync(() -> http.post("/orders", null, t, "Idempotency-Key", "k")))
                .toList();
        List<Integer> statuses = replies.stream().map(f -> f.join().status()).toList();
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(5);
        assertThat(http.get("/products/11", null).json().get("stock").asInt()).isZero();
    }

    static long count(String sql) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
