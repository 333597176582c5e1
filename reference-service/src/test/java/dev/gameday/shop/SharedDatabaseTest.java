package dev.gameday.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Several tasks starting together on one database: one schema, one catalogue, one signing key. */
class SharedDatabaseTest {

    @Test
    void tasks_started_together_share_schema_catalogue_and_tokens() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            List<CompletableFuture<Shop>> starting = IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> Shop.start(ShopConfig.builder(url, "postgres", "")
                            .taskId("task-" + i).seedProducts(300).dbPoolSize(3).httpThreads(4).build())))
                    .toList();
            List<Shop> shops = starting.stream().map(CompletableFuture::join).toList();
            try {
                assertThat(count(pg, "SELECT count(*) FROM products")).isEqualTo(300);
                assertThat(count(pg, "SELECT count(*) FROM signing_keys")).isEqualTo(1);
                assertThat(count(pg, "SELECT count(*) FROM shop_schema_version")).as("each schema script applied once").isEqualTo(3);

                String token = new Http(shops.get(0).baseUrl()).newShopper("everywhere@example.com");
                for (Shop shop : shops) {
                    Http.Reply cart = new Http(shop.baseUrl()).get("/cart", token);
                    assertThat(cart.status()).as(shop.config().taskId() + ": " + cart).isEqualTo(200);
                    assertThat(new Http(shop.baseUrl()).get("/health", null).json().get("task").asText())
                            .isEqualTo(shop.config().taskId());
                }
            } finally {
                shops.forEach(Shop::close);
            }
        }
    }

    static long count(EmbeddedPostgres pg, String sql) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
