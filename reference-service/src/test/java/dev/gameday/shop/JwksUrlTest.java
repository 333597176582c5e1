package dev.gameday.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** With {@code SHOP_JWKS_URL} a shop trusts the keys published there, and only those. */
class JwksUrlTest {

    @Test
    void a_shop_validates_tokens_against_the_configured_jwks_instead_of_its_own_key() throws Exception {
        try (EmbeddedPostgres issuerDb = EmbeddedPostgres.builder().start();
             EmbeddedPostgres otherDb = EmbeddedPostgres.builder().start();
             Shop issuer = Shop.start(ShopConfig.builder(issuerDb.getJdbcUrl("postgres", "postgres"), "postgres", "")
                     .seedProducts(0).build());
             Shop relying = Shop.start(ShopConfig.builder(otherDb.getJdbcUrl("postgres", "postgres"), "postgres", "")
                     .seedProducts(0).jwksUrl(URI.create(issuer.baseUrl() + "/.well-known/jwks.json")).build())) {
            String foreign = new Http(issuer.baseUrl()).newShopper("federated@example.com");
            String own = new Http(relying.baseUrl()).newShopper("local@example.com");

            Http relyingHttp = new Http(relying.baseUrl());
            assertThat(relyingHttp.get("/cart", foreign).status()).isEqualTo(200);
            assertThat(relyingHttp.get("/cart", own).status()).as("its own key is not trusted any more").isEqualTo(401);
        }
    }
}
