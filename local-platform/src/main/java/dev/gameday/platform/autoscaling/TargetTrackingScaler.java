package dev.gameday.platform.autoscaling;

import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricStore;
import dev.gameday.core.metric.Statistic;
import dev.gameday.platform.metrics.PlatformMetrics;
import dev.gameday.platform.metrics.ResourceNames;
import dev.gameday.platform.service.ServiceScheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Application Auto Scaling for the shop service: at the end of every evaluation period it reads
 * the tracked metric from the platform's recorded CloudWatch metrics (as AWS's alarms read
 * CloudWatch), lets {@link TargetTracking} decide, and changes the service's desired count; the
 * scheduler then launches tasks in the healthy zones or drains and stops the surplus. Every
 * activity is an event {@code scaling.out} / {@code scaling.in} with {@code from}, {@code to},
 * {@code metric}, {@code value} and {@code target}.
 */
public final class TargetTrackingScaler implements AutoCloseable {

    private static final String SOURCE = "platform";
    /** After a period ends, the samples of its last second may still be arriving. */
    private static final Duration SETTLE = Duration.ofMillis(1200);

    private final TargetTracking tracking;
    private final MetricStore store;
    private final ServiceScheduler service;
    private final EventLog events;
    private final Clock clock;
    private final MetricQuery requests;
    private final MetricQuery healthyHosts;
    private final MetricQuery cpu;
    private final ScheduledExecutorService timer;

    private TargetTrackingScaler(AutoscalingPolicy policy, MetricStore store, ResourceNames names,
                                 ServiceScheduler service, EventLog events, Clock clock) {
        this.tracking = new TargetTracking(policy);
        this.store = store;
        this.service = service;
        this.events = events;
        this.clock = clock;
        Duration period = policy.period();
        this.requests = new MetricQuery(PlatformMetrics.ELB, "RequestCount",
                Map.of("LoadBalancer", names.loadBalancer()), Statistic.SUM, period);
        this.healthyHosts = new MetricQuery(PlatformMetrics.ELB, "HealthyHostCount",
                Map.of("LoadBalancer", names.loadBalancer(), "TargetGroup", names.targetGroup()),
                Statistic.AVERAGE, period);
        this.cpu = new MetricQuery(PlatformMetrics.ECS, "CPUUtilization",
                Map.of("ClusterName", names.cluster(), "ServiceName", names.service()), Statistic.AVERAGE, period);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "autoscaling");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts evaluating {@code policy} at the end of every period (periods aligned on the epoch,
     * as CloudWatch aligns them).
     */
    public static TargetTrackingScaler start(AutoscalingPolicy policy, MetricStore store, ResourceNames names,
                                             ServiceScheduler service, EventLog events) {
        TargetTrackingScaler scaler = new TargetTrackingScaler(Objects.requireNonNull(policy, "policy"),
                Objects.requireNonNull(store, "store"), Objects.requireNonNull(names, "names"),
                Objects.requireNonNull(service, "service"), Objects.requireNonNull(events, "events"),
                Clock.systemUTC());
        long periodMillis = policy.period().toMillis();
        long now = scaler.clock.millis();
        long firstEnd = (now / periodMillis + 1) * periodMillis;
        scaler.timer.scheduleAtFixedRate(scaler::evaluateSafely, firstEnd + SETTLE.toMillis() - now, periodMillis,
                TimeUnit.MILLISECONDS);
        return scaler;
    }

    public AutoscalingPolicy policy() {
        return tracking.policy();
    }

    private void evaluateSafely() {
        try {
            long periodMillis = policy().period().toMillis();
            Instant end = Instant.ofEpochMilli(clock.millis() / periodMillis * periodMillis);
            evaluate(end.minus(policy().period()), end);
        } catch (RuntimeException e) {
            // A period that could not be evaluated is a missing datapoint; the next one is evaluated as usual.
        }
    }

    private void evaluate(Instant from, Instant to) {
        double value = datapoint(from, to);
        int desired = service.desiredCount();
        Optional<ScalingDecision> decision = tracking.evaluate(to, value, desired);
        decision.ifPresent(d -> {
            service.setDesiredCount(d.to());
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("from", d.from());
            attrs.put("to", d.to());
            attrs.put("metric", policy().metric().awsName());
            attrs.put("value", Math.round(d.value() * 100) / 100.0);
            attrs.put("target", policy().targetValue());
            events.emit(SOURCE, d.eventType(), attrs);
        });
    }

    /** The tracked metric over {@code [from, to)}, or {@code NaN} when CloudWatch would have no datapoint. */
    double datapoint(Instant from, Instant to) {
        return switch (policy().metric()) {
            case ALB_REQUEST_COUNT_PER_TARGET -> {
                // As ALB's RequestCountPerTarget: the target group's requests over its healthy targets. No request,
                // no datapoint — CloudWatch publishes none, so target tracking does not scale in on silence.
                double count = store.aggregateOver(requests, from, to);
                double healthy = store.aggregateOver(healthyHosts, from, to);
                yield Double.isNaN(count) || Double.isNaN(healthy) || healthy <= 0 ? Double.NaN : count / healthy;
            }
            case ECS_SERVICE_AVERAGE_CPU_UTILIZATION -> store.aggregateOver(cpu, from, to);
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
