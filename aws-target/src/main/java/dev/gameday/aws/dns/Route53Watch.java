package dev.gameday.aws.dns;

import dev.gameday.aws.config.Route53Settings;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricStore;
import dev.gameday.core.metric.MetricsSource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HealthCheckObservation;
import software.amazon.awssdk.services.route53.model.TestDnsAnswerResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches Route 53 while a game day plays: every {@code pollInterval} it asks
 * {@code GetHealthCheckStatus} for each health check of the target file — recorded as the series
 * {@code AWS/Route53 HealthCheckStatus {HealthCheckId}} (1 healthy, 0 not, by Route 53's own rule:
 * healthy when more than 18 % of its checkers report success) — and {@code TestDNSAnswer} for the
 * failover record, recorded as a {@code dns.answer} event (record, type, answers, response code).
 * Calls are spread over the interval, one at a time, each at least {@code pollInterval ÷ calls}
 * (≥ 250 ms, the target file's check) after the previous one ended, so the harness never exceeds
 * four Route 53 requests a second (the account's limit is five), even after a pause.
 */
public final class Route53Watch implements AutoCloseable {

    /** The {@code source} of the events this watch records. */
    public static final String EVENT_SOURCE = "route53";
    /** One answer of the failover record: attributes record, type, answers (comma list), responseCode, nameserver, protocol. */
    public static final String DNS_ANSWER = "dns.answer";
    /** A health check that turned healthy or unhealthy: attributes healthCheckId, healthy, succeeding, checkers. */
    public static final String HEALTH_CHECK_CHANGED = "health-check.changed";
    /** The namespace CloudWatch gives Route 53's health check metrics. */
    public static final String NAMESPACE = "AWS/Route53";
    /** The metric recorded per health check: 1 healthy, 0 unhealthy. */
    public static final String HEALTH_CHECK_STATUS = "HealthCheckStatus";
    /** The dimension naming the health check. */
    public static final String HEALTH_CHECK_DIMENSION = "HealthCheckId";
    /** Route 53 calls a health check healthy when more than this share of its checkers report success. */
    public static final double HEALTHY_SHARE = 0.18;

    private final Route53Client client;
    private final Route53Settings settings;
    private final EventLog events;
    private final Clock clock;
    private final MetricStore recorded = new MetricStore();
    private final List<Runnable> calls = new ArrayList<>();
    private final Map<String, Boolean> lastHealth = new HashMap<>();
    private final Map<String, String> lastFailure = new HashMap<>();
    private final ScheduledExecutorService scheduler;
    private int next;

    private Route53Watch(Route53Client client, Route53Settings settings, EventLog events, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        settings.healthCheckIds().forEach(id -> calls.add(() -> pollHealthCheck(id)));
        if (settings.watchesRecord()) {
            calls.add(this::testRecord);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "route53-watch");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts watching: the first call goes out at once, then one {@code pollInterval ÷ calls} after the previous ended. */
    public static Route53Watch start(Route53Client client, Route53Settings settings, EventLog events, Clock clock) {
        Route53Watch watch = new Route53Watch(client, settings, events, clock);
        Duration spacing = settings.pollInterval().dividedBy(Math.max(1, watch.calls.size()));
        // Fixed delay, not fixed rate: a late call never makes the next ones catch up in a burst.
        watch.scheduler.scheduleWithFixedDelay(watch::callNext, 0, spacing.toNanos(), TimeUnit.NANOSECONDS);
        return watch;
    }

    /** Whether a query asks for a series this watch records (and CloudWatch should not be asked for). */
    public static boolean records(MetricQuery query) {
        return query.namespace().equals(NAMESPACE) && query.metricName().equals(HEALTH_CHECK_STATUS);
    }

    /** The health check series recorded so far, 1-second resolution. */
    public MetricsSource metrics() {
        return recorded;
    }

    /**
     * Route 53's rule for a health check that monitors an endpoint: healthy when more than 18 % of
     * the checkers that reported say success ({@code Status} starts with {@code Success}).
     */
    public static boolean healthy(List<HealthCheckObservation> observations) {
        if (observations.isEmpty()) {
            return false;
        }
        long succeeding = succeeding(observations);
        return succeeding > HEALTHY_SHARE * observations.size();
    }

    private static long succeeding(List<HealthCheckObservation> observations) {
        return observations.stream()
                .filter(o -> o.statusReport() != null && o.statusReport().status() != null
                        && o.statusReport().status().startsWith("Success"))
                .count();
    }

    private void callNext() {
        Runnable call;
        synchronized (this) {
            call = calls.get(next);
            next = (next + 1) % calls.size();
        }
        try {
            call.run();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: keep watching whatever happened.
            failed("poll", e);
        }
    }

    private void pollHealthCheck(String id) {
        List<HealthCheckObservation> observations;
        try {
            observations = client.getHealthCheckStatus(b -> b.healthCheckId(id)).healthCheckObservations();
        } catch (SdkException e) {
            failed("GetHealthCheckStatus " + id, e);
            return;
        }
        Instant now = clock.instant();
        boolean healthy = healthy(observations);
        recorded.record(NAMESPACE, HEALTH_CHECK_STATUS, Map.of(HEALTH_CHECK_DIMENSION, id), now, healthy ? 1 : 0);
        Boolean before;
        synchronized (this) {
            before = lastHealth.put(id, healthy);
        }
        if (before == null || before != healthy) {
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("healthCheckId", id);
            attrs.put("healthy", healthy);
            attrs.put("succeeding", succeeding(observations));
            attrs.put("checkers", observations.size());
            events.emit(EVENT_SOURCE, HEALTH_CHECK_CHANGED, attrs);
        }
    }

    private void testRecord() {
        TestDnsAnswerResponse answer;
        try {
            answer = client.testDNSAnswer(b -> b.hostedZoneId(settings.hostedZoneId())
                    .recordName(settings.recordName()).recordType(settings.recordType()));
        } catch (SdkException e) {
            failed("TestDNSAnswer " + settings.recordName(), e);
            return;
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("record", settings.recordName());
        attrs.put("type", settings.recordType());
        attrs.put("answers", String.join(",", answer.recordData()));
        attrs.put("responseCode", String.valueOf(answer.responseCode()));
        attrs.put("nameserver", String.valueOf(answer.nameserver()));
        attrs.put("protocol", String.valueOf(answer.protocol()));
        events.emit(EVENT_SOURCE, DNS_ANSWER, attrs);
    }

    /** Reports a failing call once per kind of failure, not once per poll. */
    private void failed(String call, RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        synchronized (this) {
            if (message.equals(lastFailure.put(call, message))) {
                return;
            }
        }
        events.emit(EVENT_SOURCE, "route53.poll-failed", Map.of("call", call, "error", message));
    }

    /** Stops polling; a call in flight finishes. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
