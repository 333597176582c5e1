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
 * Issues and checks the shop's bearer tokens: RS256 JWTs with issuer, audience {@code gameday-shop},
 * subject = user id and a one-hour expiry. Verification accepts only RS256 signed by the shared
 * key (or by the configured JWKS, e.g. Cognito), so {@code alg: none} and forgeries are 401s.
 */
public final class Tokens {

    /** How long a login token is valid. */
    public static final Duration LIFETIME = Duration.ofHours(1);

    private final RSAKey key;
    private final RSASSASigner signer;
    private final String issuer;
    private final DefaultJWTProcessor<SecurityContext> processor;

    public Tokens(RSAKey key, ShopConfig config) throws Exception {
        this.key = key;
        this.signer = new RSASSASigner(key);
        this.issuer = config.jwtIssuer();
        JWKSource<SecurityContext> source = config.jwksUrl() == null
                ? new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))
                : remote(config);
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, source));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                ShopConfig.AUDIENCE,
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("sub", "exp")));
    }

    private static JWKSource<SecurityContext> remote(ShopConfig config) throws MalformedURLException {
        return JWKSourceBuilder.<SecurityContext>create(config.jwksUrl().toURL()).build();
    }

    /** A signed token for a user. */
    public String issue(long userId) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(ShopConfig.AUDIENCE)
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
        try {
            JWTClaimsSet claims = processor.process(token, null);
            return Long.parseLong(claims.getSubject());
        } catch (Exception e) {
            // Parse errors, bad signatures, alg none, wrong iss/aud, expiry: all the same to a client.
            throw ApiException.unauthorized("invalid or expired token");
        }
    }

    public List<Route> routes() {
        return List.of(Route.get("/.well-known/jwks.json", r -> Response.text(200, "application/json",
                new JWKSet(key.toPublicJWK()).toString())));
    }
}
