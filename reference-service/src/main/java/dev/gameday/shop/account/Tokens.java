package dev.gameday.shop.account;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gameday.shop.ShopConfig;
import dev.gameday.shop.http.ApiException;
import dev.gameday.shop.http.Request;
import dev.gameday.shop.http.Response;
import dev.gameday.shop.http.Route;
import java.net.MalformedURLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and checks the shop's bearer tokens: RS256 JWTs with issuer, audience (default
 * {@code gameday-shop}), subject = user id and a one-hour expiry. Verification accepts only RS256
 * signed by the shared key, so {@code alg: none} and forgeries are 401s. With a configured JWKS
 * (a Cognito user pool's) it accepts that issuer's tokens instead: an ID token by its {@code aud},
 * an access token (Cognito puts no {@code aud} in those) by its {@code client_id}, and maps their
 * subjects to shop users through {@link ExternalUsers}.
 */
public final class Tokens {

    /** How long a login token is valid. */
    public static final Duration LIFETIME = Duration.ofHours(1);
    /** Connect and read timeout of a JWKS fetch (SHOP_JWKS_URL). */
    private static final int JWKS_TIMEOUT_MS = 2_000;

    private final RSAKey key;
    private final RSASSASigner signer;
    private final String issuer;
    private final String audience;
    private final ExternalUsers externalUsers;
    private final DefaultJWTProcessor<SecurityContext> processor;

    /**
     * @param externalUsers maps subjects of externally issued tokens to shop users; used only
     *        when {@code config.jwksUrl()} is set
     */
    public Tokens(RSAKey key, ShopConfig config, ExternalUsers externalUsers) throws Exception {
        this.key = key;
        this.signer = new RSASSASigner(key);
        this.issuer = config.jwtIssuer();
        this.audience = config.jwtAudience();
        this.externalUsers = config.jwksUrl() == null ? null : externalUsers;
        JWKSource<SecurityContext> source = config.jwksUrl() == null
                ? new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))
                : remote(config);
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, source));
        // The audience is checked in forThisShop: Cognito access tokens name it as client_id.
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                null,
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("sub", "exp")));
    }

    private static JWKSource<SecurityContext> remote(ShopConfig config) throws MalformedURLException {
        // Nimbus's default 500 ms connect/read timeouts turned a slow first JWKS fetch (a cold endpoint,
        // a busy host) into 401s for valid tokens; 2 s like the shop's other outbound timeouts.
        return JWKSourceBuilder.<SecurityContext>create(config.jwksUrl().toURL(),
                new DefaultResourceRetriever(JWKS_TIMEOUT_MS, JWKS_TIMEOUT_MS, JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT)).build();
    }

    /** A signed token for a user. */
    public String issue(long userId) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(Long.toString(userId))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** The user id of a request's valid bearer token; any problem with it is a 401. */
    public long userId(Request request) {
        String token = request.bearerToken();
        if (token == null) {
            throw ApiException.unauthorized("missing bearer token");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
            if (!forThisShop(claims)) {
                throw new IllegalArgumentException("token is for another audience");
            }
            if (externalUsers == null) {
                return Long.parseLong(claims.getSubject());
            }
        } catch (Exception e) {
            // Parse errors, bad signatures, alg none, wrong iss/aud, expiry: all the same to a client.
            throw ApiException.unauthorized("invalid or expired token");
        }
        try {
            return externalUsers.userIdFor(claims);
        } catch (Exception e) {
            // A valid token whose user could not be looked up (the database is failing over): not a 401.
            throw new IllegalStateException("could not map the token's subject to a shop user", e);
        }
    }

    private boolean forThisShop(JWTClaimsSet claims) throws Exception {
        String use = claims.getStringClaim("token_use");
        if (use != null && !use.equals("id") && !use.equals("access")) {
            return false;
        }
        List<String> aud = claims.getAudience();
        return aud.isEmpty() ? audience.equals(claims.getStringClaim("client_id")) : aud.contains(audience);
    }

    public List<Route> routes() {
        return List.of(Route.get("/.well-known/jwks.json", r -> Response.text(200, "application/json",
                new JWKSet(key.toPublicJWK()).toString())));
    }
}
