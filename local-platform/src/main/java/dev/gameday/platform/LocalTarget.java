package dev.gameday.platform;

import dev.gameday.chaos.fault.FaultInjector;
import dev.gameday.chaos.fault.FaultTarget;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricStore;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.platform.database.Database;
import dev.gameday.platform.fault.LocalFaultInjector;
import dev.gameday.platform.fault.StopConditionWatch;
import dev.gameday.platform.metrics.LocalMetricsSource;
import dev.gameday.platform.zone.Zone;

import java.net.URI;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The {@code local} target: a {@link LocalPlatform} started for one game day, with its fault
 * injector and metrics source. Opening it starts the platform and returns when it is steady;
 * closing it stops every experiment still running and tears the platform down.
 */
public final class LocalTarget implements FaultTarget {

    /** The account id the local platform's ARNs carry. */
    public static final String ACCOUNT = "000000000000";

    private final LocalPlatform platform;
    private final LocalFaultInjector faultInjector;
    private final LocalMetricsSource metrics;

    private LocalTarget(LocalPlatform platform, double faultDurationScale) {
        this.platform = platform;
        this.faultInjector = new LocalFaultInjector(platform, faultDurationScale, new SecureRandom());
        this.metrics = platform.metrics();
    }

    /** Starts a platform from {@code config}, recording its events into {@code events}. */
    public static LocalTarget open(PlatformConfig config, EventLog events) {
        return open(config, events, 1.0);
    }

    /**
     * Starts a platform from {@code config}, recording its events into {@code events}.
     *
     * @param faultDurationScale factor applied to experiment action durations (1 runs them as written)
     */
    public static LocalTarget open(PlatformConfig config, EventLog events, double faultDurationScale) {
        return open(config, events, new MetricStore(), faultDurationScale);
    }

    /**
     * Starts a platform from {@code config}, recording its events into {@code events} and its
     * server-side metrics into {@code store}.
     *
     * @param faultDurationScale factor applied to experiment action durations (1 runs them as written)
     */
    public static LocalTarget open(PlatformConfig config, EventLog events, MetricStore store, double faultDurationScale) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(events, "events");
        LocalPlatform platform = LocalPlatform.start(config, events, Objects.requireNonNull(store, "store"));
        try {
            return new LocalTarget(platform, faultDurationScale);
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public URI baseUrl() {
        return platform.url();
    }

    /**
     * {@code loadBalancer}, {@code targetGroup}, {@code cluster}, {@code service}, {@code dbCluster},
     * {@code dbInstance} (the writer instance, as {@code aws:rds:reboot-db-instances} targets it),
     * {@code region} ({@code local}), {@code account} ({@code 000000000000}), {@code zones} (comma list),
     * and {@code queue} (the SQS queue name) when the platform runs one.
     */
    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("loadBalancer", platform.names().loadBalancer());
        p.put("targetGroup", platform.names().targetGroup());
        p.put("cluster", platform.names().cluster());
        p.put("service", platform.names().service());
        p.put("dbCluster", Database.CLUSTER_ID);
        p.put("dbInstance", platform.database().writerInstanceId());
        if (platform.queue() != null) {
            p.put("queue", platform.queue().name());
        }
        p.put("region", Zone.REGION);
        p.put("account", ACCOUNT);
        p.put("zones", platform.zones().stream().map(Zone::name).collect(Collectors.joining(",")));
        return p;
    }

    @Override
    public String adminToken() {
        return platform.adminToken();
    }

    /**
     * The CloudWatch alarms this target defines (a local target file's {@code alarms:}), filled
     * with its values: the fault injector stops an experiment whose stop condition names one that
     * goes into ALARM, as FIS does.
     */
    public LocalTarget withAlarms(StopConditionWatch.Alarms alarms) {
        faultInjector.defineAlarms(alarms.filled(parameters()));
        return this;
    }

    @Override
    public FaultInjector faultInjector() {
        return faultInjector;
    }

    @Override
    public MetricsSource metrics() {
        return metrics;
    }

    /** The metric store behind {@link #metrics()}, e.g. for writing {@code metrics/server.json}. */
    public MetricStore metricStore() {
        return platform.metricStore();
    }

    /** The platform itself, for tests and for the status line's details. */
    public LocalPlatform platform() {
        return platform;
    }

    /** E.g. {@code healthy 1a:1 1b:1 | tasks 2/2}. */
    @Override
    public String liveStatus() {
        return platform.liveStatus();
    }

    @Override
    public void close() {
        try {
            faultInjector.close();
        } finally {
            platform.close();
        }
    }
}
