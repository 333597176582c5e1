package dev.gameday.shop;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A shop configured for a Cognito user pool (issuer, app client id, the pool's JWKS URL) accepts
 * the pool's ID and access tokens as Cognito shapes them, maps their UUID subjects to shop users,
 * and still rejects tokens for another client, another pool, another use, or expired ones. The
 * pool's JWKS endpoint is a WireMock stand-in serving a key set the test signs with.
 */
class CognitoTokensTest {

    private static final String POOL = "eu-west-1_Ab12Cd34E";
    private static final String ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/" + POOL;
    private static final String CLIENT_ID = "3n4b5urk1ft4fl3mg5e62d9ado";
    private static final String JWKS_PATH = "/" + POOL + "/.well-known/jwks.json";

    private static RSAKey poolKey;
    private static WireMockServer cognito;
    private static EmbeddedPostgres postgres;
    private static Shop shop;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        poolKey = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        cognito = new WireMockServer(options().dynamicPort());
        cognito.start();
        cognito.stubFor(get(urlEqualTo(JWKS_PATH)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(new JWKSet(poolKey.toPublicJWK()).toString())));
        postgres = EmbeddedPostgres.builder().start();
        shop = Shop.start(ShopConfig.builder(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "")
                .seedProducts(5)
                .jwtIssuer(ISSUER)
                .jwtAudience(CLIENT_ID)
                .jwksUrl(URI.create(cognito.baseUrl() + JWKS_PATH))
                .build());
        http = new Http(shop.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (shop != null) shop.close();
        if (postgres != null) postgres.close();
        if (cognito != null) cognito.stop();
    }

    @Test
    void an_id_token_and_an_access_token_of_one_pool_user_are_the_same_shopper() throws Exception {
        String sub = UUID.randomUUID().toString();
        String idToken = sign(idToken(sub));
        String accessToken = sign(accessToken(sub));

        assertThat(http.put("/cart/items/1", Map.of("quantity", 2), idToken).status()).isEqualTo(200);
        Http.Reply cart = http.get("/cart", accessToken);

        assertThat(cart.status()).isEqualTo(200);
        assertThat(cart.body()).as("the access token sees the cart the ID token filled").contains("\"productId\":1");
        cognito.verify(getRequestedFor(urlEqualTo(JWKS_PATH)));
    }

    @Test
    void two_pool_users_get_two_carts() throws Exception {
        String first = sign(idToken(UUID.randomUUID().toString()));
        String second = sign(idToken(UUID.randomUUID().toString()));

        assertThat(http.put("/cart/items/2", Map.of("quantity", 1), first).status()).isEqualTo(200);

        assertThat(http.get("/cart", second).body()).doesNotContain("\"productId\":2");
    }

    @Test
    void tokens_for_another_client_pool_or_use_or_expired_are_401() throws Exception {
        String sub = UUID.randomUUID().toString();
        assertRejected(idToken(sub), b -> b.audience("another-app-client"));
        assertRejected(accessToken(sub), b -> b.claim("client_id", "another-app-client"));
        assertRejected(accessToken(sub), b -> b.claim("client_id", null));
        assertRejected(idToken(sub), b -> b.issuer("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other"));
        assertRejected(idToken(sub), b -> b.claim("token_use", "refresh"));
        assertRejected(idToken(sub), b -> b.expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5)))));
    }

    @Test
    void the_shops_own_login_tokens_are_not_trusted_when_a_pool_is_configured() {
        String own = http.newShopper("local-" + UUID.randomUUID() + "@example.com");

        assertThat(http.get("/cart", own).status()).isEqualTo(401);
    }

    private static void assertRejected(JWTClaimsSet.Builder claims, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        change.accept(claims);
        Http.Reply reply = http.get("/cart", sign(claims));
        assertThat(reply.status()).as("%s", reply).isEqualTo(401);
        assertThat(reply.json().get("error").asText()).isEqualTo("invalid or expired token");
    }

    /** An ID token as a Cognito user pool issues it: aud = app client id, token_use = id. */
    private static JWTClaimsSet.Builder idToken(String sub) {
        return common(sub).audience(CLIENT_ID).claim("token_use", "id")
                .claim("email", sub.substring(0, 8) + "@example.com").claim("cognito:username", sub);
    }

    /** An access token as Cognito issues it: no aud, client_id instead, token_use = access. */
    private static JWTClaimsSet.Builder accessToken(String sub) {
        return common(sub).claim("client_id", CLIENT_ID).claim("token_use", "access")
                .claim("scope", "aws.cognito.signin.user.admin").claim("username", sub);
    }

    private static JWTClaimsSet.Builder common(String sub) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject(sub)
                .issueTime(Date.from(now)).claim("auth_time", now.getEpochSecond())
                .expirationTime(Date.from(now.plus(Duration.ofHours(1)))).jwtID(UUID.randomUUID().toString());
    }

    private static String sign(JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(poolKey.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims.build());
        jwt.sign(new RSASSASigner(poolKey));
        return jwt.serialize();
    }
}
