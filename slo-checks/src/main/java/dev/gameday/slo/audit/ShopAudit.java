package dev.gameday.slo.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gameday.core.json.Json;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.core.net.Loopback;
import dev.gameday.core.target.Target;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The client of the shop's audit endpoint, {@code GET /admin/audit/orders?since=} with the admin
 * bearer token: what the shop actually holds, the other side of the order audit. The orchestrator
 * calls it once, after the traffic ended and while the target is still up:
 *
 * <pre>{@code
 * ShopAudit.of(target).fetchInto(run, startedAt);   // writes audit/orders.json
 * }</pre>
 *
 * <p>A target that just went through a fault may still be shaky, so a connection failure, a 5xx
 * or a truncated answer (the endpoint streams; a database failing mid-stream cuts the JSON) is
 * tried again, up to {@link #ATTEMPTS} times; a 4xx (wrong token, admin routes disabled) is not.
 */
public final class ShopAudit {

    /** How many times one fetch is tried before it gives up. */
    public static final int ATTEMPTS = 3;

    private static final Duration BETWEEN_ATTEMPTS = Duration.ofSeconds(1);

    /** The endpoint's answer: {@code {"items": [...]}}. */
    private record Answer(@JsonProperty("items") List<AuditedOrder> items) {
    }

    private final URI baseUrl;
    private final String adminToken;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    private ShopAudit(URI baseUrl, String adminToken, Duration timeout, Clock clock) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * The audit of the shop at {@code baseUrl} (its load balancer), authorised by {@code adminToken},
     * each request given 30 s (a long game day's orders stream for a while).
     */
    public static ShopAudit of(URI baseUrl, String adminToken) {
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("the shop at " + baseUrl + " has no admin token: its orders cannot be audited");
        }
        if (Loopback.isCleartextOffHost(baseUrl)) {
            // The token reads every order: never in clear across a network (the aws target file refuses it first).
            throw new IllegalArgumentException("the shop at " + baseUrl + " is plain http off this machine: the admin"
                    + " token would cross the network in clear; audit it over https");
        }
        return new ShopAudit(baseUrl, adminToken, Duration.ofSeconds(30), Clock.systemUTC());
    }

    /** The audit of a target's shop ({@link Target#baseUrl()}, {@link Target#adminToken()}). */
    public static ShopAudit of(Target target) {
        return of(target.baseUrl(), target.adminToken());
    }

    /** The same audit with another per-request timeout. */
    public ShopAudit withTimeout(Duration requestTimeout) {
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + requestTimeout);
        }
        return new ShopAudit(baseUrl, adminToken, requestTimeout, clock);
    }

    /** The same audit stamping {@code fetchedAt} by another clock. */
    public ShopAudit withClock(Clock other) {
        return new ShopAudit(baseUrl, adminToken, timeout, other);
    }

    /**
     * Every order the shop created at or after {@code since}.
     *
     * @throws IllegalStateException when the shop refuses (4xx) or still fails after {@link #ATTEMPTS} tries
     */
    public AuditedOrders fetch(Instant since) {
        URI uri = baseUrl.resolve("/admin/audit/orders?since=" + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + adminToken)
                .header("Accept", "application/json")
                .timeout(timeout)
                .GET().build();
        String last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                pause();
            }
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    int status = response.statusCode();
                    if (status == 200) {
                        Answer answer = Json.mapper().readValue(body, Answer.class);
                        return new AuditedOrders(since, clock.instant(), answer.items());
                    }
                    String text = new String(body.readNBytes(500), StandardCharsets.UTF_8).strip();
                    last = "HTTP " + status + (text.isEmpty() ? "" : ": " + text);
                    if (status < 500) {
                        throw new IllegalStateException("GET " + uri + " was refused: " + last);
                    }
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while auditing the shop's orders at " + uri, e);
            }
        }
        throw new IllegalStateException("GET " + uri + " failed " + ATTEMPTS + " times; last: " + last);
    }

    /** Fetches the orders created at or after {@code since} and writes them to the run's {@code audit/orders.json}. */
    public AuditedOrders fetchInto(RunDirectory run, Instant since) {
        AuditedOrders orders = fetch(since);
        orders.write(run.auditedOrders());
        return orders;
    }

    private static void pause() {
        try {
            // A target recovering from a fault (a failover, tasks being replaced) needs a moment.
            Thread.sleep(BETWEEN_ATTEMPTS.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while auditing the shop's orders", e);
        }
    }
}
