package dev.gameday.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Given a reader endpoint, the shop browses its catalogue there (so a Multi-AZ DB cluster's or
 * Aurora's readers carry real traffic) and writes through the writer. Here the "reader" is a second
 * database of the same server holding a catalogue of its own, so an answer shows where it was read.
 */
class ReaderEndpointTest {

    @Test
    void catalogue_reads_go_to_the_reader_endpoint_and_everything_else_to_the_writer() throws Exception {
        try (ShopFixture writerOnly = ShopFixture.start(b -> b.seedProducts(5))) {
            try (Connection c = writerOnly.postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE replica");
            }
            try (Connection c = writerOnly.postgres.getDatabase("postgres", "replica").getConnection();
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE products (id bigint PRIMARY KEY, name text, category text, price numeric, stock int)");
                s.execute("INSERT INTO products VALUES (1, 'Read from the reader', 'replica', 1.00, 1)");
            }
            String readerUrl = writerOnly.postgres.getJdbcUrl("postgres", "replica");
            Shop shop = Shop.start(writerOnly.shop.config().toBuilder().port(0).taskId("reading-task")
                    .dbReaderUrl(readerUrl).build());
            try {
                Http http = new Http(shop.baseUrl());
                Http.Reply products = http.get("/products", null);
                assertThat(products.status()).isEqualTo(200);
                assertThat(products.json().get("total").asLong()).isEqualTo(1);
                assertThat(products.json().get("items").get(0).get("name").asText()).isEqualTo("Read from the reader");
                assertThat(http.get("/categories", null).json().get("items").get(0).get("name").asText())
                        .isEqualTo("replica");

                // Accounts and carts live on the writer: a new shopper's cart is there.
                String token = http.newShopper("reader@example.com");
                assertThat(http.get("/cart", token).status()).isEqualTo(200);
            } finally {
                shop.close();
            }
            // Without a reader endpoint the same catalogue is read from the writer.
            assertThat(writerOnly.http.get("/products", null).json().get("total").asLong()).isEqualTo(5);
        }
    }
}
