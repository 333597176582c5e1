package dev.gameday.shop;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.function.UnaryOperator;

/** A shop on its own embedded PostgreSQL, with a client for it; closes both. */
final class ShopFixture implements AutoCloseable {

    final EmbeddedPostgres postgres;
    final Shop shop;
    final Http http;

    private ShopFixture(EmbeddedPostgres postgres, Shop shop) {
        this.postgres = postgres;
        this.shop = shop;
        this.http = new Http(shop.baseUrl());
    }

    /** Starts PostgreSQL and a shop configured by {@code settings} on top of the defaults. */
    static ShopFixture start(UnaryOperator<ShopConfig.Builder> settings) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        try {
            return new ShopFixture(postgres, Shop.start(settings.apply(
                    ShopConfig.builder(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "")).build()));
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            shop.close();
        } finally {
            postgres.close();
        }
    }
}
