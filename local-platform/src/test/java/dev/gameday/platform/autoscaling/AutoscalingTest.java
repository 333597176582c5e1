package dev.gameday.platform.autoscaling;

import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.Statistic;
import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.metrics.PlatformMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Target tracking on a real platform: real tasks, real requests through the load balancer, the
 * metrics the platform records. Sustained load above the target scales the service out across
 * the zones; when the load falls to a trickle it scales back in to its minimum, after the cooldowns.
 */
class AutoscalingTest {

    /** 10 requests per target per 1-second period; 2..4 tasks; out after 2 periods, in after 4; short cooldowns. */
    private static final AutoscalingPolicy POLICY = AutoscalingPolicy.requestCountPerTarget(10)
            .withCapacity(2, 4)
            .withPeriod(Duration.ofSeconds(1))
            .withDatapoints(2, 4)
            .withCooldowns(Duration.ofSeconds(3), Duration.ofSeconds(5));

    private final HttpClient client = HttpClient.newHttpClient();
    private final ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
    private LocalPlatform platform;

    @AfterEach
    void stop() {
        load.shutdownNow();
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void scalesOutUnderSustainedLoadAndBackInToMinimumWhenItFalls() {
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        platform = LocalPlatform.builder()
                .zones(2)
                .tasksPerZone(1)
                .queue(false)
                .standby(false)
                .taskEnvironment(Map.of("SHOP_SEED_PRODUCTS", "10", "SHOP_DB_POOL_SIZE", "2", "SHOP_HTTP_THREADS", "4"))
                .autoscaling(POLICY)
                .eventLog(events)
                .start();
        Instant started = Instant.now();

        // 40 requests/s over 2 targets is 20 per target per period, twice the target: 4 tasks hold it at 10.
        ScheduledFuture<?> heavy = send(40);
        // Settled: steady (so balanced across zones) and no task of a replacement or a move still draining.
        await().atMost(Duration.ofSeconds(90)).until(() -> platform.service().isSteady()
                && platform.service().desiredCount() == 4 && platform.tasks().size() == 4);
        Event out = first(events, "scaling.out");
        assertThat(out.attrs()).containsEntry("from", 2).containsEntry("to", 4)
                .containsEntry("metric", "ALBRequestCountPerTarget").containsEntry("target", 10.0);
        assertThat((double) out.attrs().get("value")).isGreaterThan(10.0);
        // The scheduler spreads the new tasks over both zones.
        assertThat(platform.tasks()).extracting(t -> t.zone().name())
                .containsOnly("local-1a", "local-1b").filteredOn("local-1a"::equals).hasSize(2);

        // A trickle (under 90 % of the target per task) rather than silence: with no request ALB publishes no
        // datapoint, and target tracking does not scale in on insufficient data.
        heavy.cancel(false);
        send(2);
        await().atMost(Duration.ofSeconds(90)).until(() -> platform.service().desiredCount() == 2
                && platform.tasks().size() == 2);
        Event in = first(events, "scaling.in");
        assertThat(in.attrs()).containsEntry("from", 4).containsEntry("to", 2);
        // Capacity just added is kept at least for the scale-out cooldown.
        assertThat(Duration.between(out.ts(), in.ts())).isGreaterThanOrEqualTo(POLICY.scaleOutCooldown());
        assertThat(events.events(e -> e.type().startsWith("scaling."))).extracting(Event::type)
                .containsExactly("scaling.policy", "scaling.out", "scaling.in");

        // The desired count the scaler set is what ECS/ContainerInsights reports.
        MetricQuery desired = new MetricQuery(PlatformMetrics.CONTAINER_INSIGHTS, "DesiredTaskCount",
                Map.of("ClusterName", "gameday-local", "ServiceName", "shop"), Statistic.MAXIMUM, Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(platform.metrics().fetch(desired, started, Instant.now().plusSeconds(1)).points())
                        .extracting(p -> (int) p.value()).contains(2, 4).endsWith(2));
    }

    private ScheduledFuture<?> send(int perSecond) {
        URI health = platform.url().resolve("/health");
        HttpRequest request = HttpRequest.newBuilder(health).build();
        return load.scheduleAtFixedRate(() -> client.sendAsync(request, HttpResponse.BodyHandlers.discarding()),
                0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    }

    private static Event first(EventLog events, String type) {
        List<Event> found = events.events(e -> e.type().equals(type));
        assertThat(found).as("events of type %s", type).isNotEmpty();
        return found.get(0);
    }
}
