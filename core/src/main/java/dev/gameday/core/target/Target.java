package dev.gameday.core.target;

import dev.gameday.core.metric.MetricsSource;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * A deployment of the shop a game day is played against, opened and ready: where shoppers send
 * traffic, where metrics are read, and the dimension values ({@code loadBalancer}, {@code cluster}, …)
 * that fill {@code ${…}} placeholders in SLO and experiment files. How faults are injected is
 * {@code FaultTarget}'s (in {@code chaos-experiments}), so that {@code core} knows nothing of
 * experiment templates. Closing it releases what opening it started (the local platform is torn down).
 */
public interface Target extends AutoCloseable {

    /** {@code local} or {@code aws}. */
    String kind();

    /** The base URL shoppers use (the load balancer). */
    URI baseUrl();

    /** Placeholder values: {@code loadBalancer}, {@code targetGroup}, {@code cluster}, {@code service}, … */
    Map<String, String> parameters();

    /** The shop's admin token for its audit endpoint, or {@code null} when it has none. */
    String adminToken();

    /** The server-side metrics port of this target. */
    MetricsSource metrics();

    /** A one-line live view for the status line: healthy targets per zone, running tasks… */
    default String liveStatus() {
        return "";
    }

    /**
     * Writes into the run's event log what the platform itself kept a record of between {@code start}
     * and {@code end} — on AWS: alarm history, the ECS service's events, RDS failover events — as the
     * events the local platform emits live, each stamped with the platform's own time. Called once,
     * after the traffic ends and before {@link MetricsSource#apiUsage()} is read (the reads count).
     * Locally the platform emits its events as they happen: nothing to add.
     */
    default void recordPlatformHistory(Instant start, Instant end) {
    }

    @Override
    void close();
}
