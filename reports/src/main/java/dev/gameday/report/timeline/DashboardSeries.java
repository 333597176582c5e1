package dev.gameday.report.timeline;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.metric.TimeSeries;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server series every run records whatever its SLOs, defined once: what an architect wants to
 * see on the timeline (requests, 5xx, p99, healthy hosts per zone, running and desired tasks).
 * The orchestrator fetches {@link #queries} once the traffic ends; the timeline picks the recorded
 * series back by the same identity ({@link #matches}). Named as CloudWatch names them, with the
 * target's dimension values, so the same list serves both targets.
 */
public enum DashboardSeries {

    REQUESTS(Scope.LOAD_BALANCER, Names.ELB, "RequestCount", Statistic.SUM),
    ELB_5XX(Scope.LOAD_BALANCER, Names.ELB, "HTTPCode_ELB_5XX_Count", Statistic.SUM),
    TARGET_5XX(Scope.LOAD_BALANCER, Names.ELB, "HTTPCode_Target_5XX_Count", Statistic.SUM),
    TARGET_RESPONSE_TIME_P99(Scope.LOAD_BALANCER, Names.ELB, "TargetResponseTime", Statistic.of("p99")),
    RUNNING_TASKS(Scope.SERVICE, Names.ECS, "RunningTaskCount", Statistic.MINIMUM),
    DESIRED_TASKS(Scope.SERVICE, Names.ECS, "DesiredTaskCount", Statistic.MAXIMUM),
    /** One series per zone of the target group: the minimum over a second shows a dip however short. */
    HEALTHY_HOSTS_PER_ZONE(Scope.ZONE, Names.ELB, "HealthyHostCount", Statistic.MINIMUM);

    private static final Duration SECOND = Duration.ofSeconds(1);

    private final Scope scope;
    private final String namespace;
    private final String metricName;
    private final Statistic statistic;

    DashboardSeries(Scope scope, String namespace, String metricName, Statistic statistic) {
        this.scope = scope;
        this.namespace = namespace;
        this.metricName = metricName;
        this.statistic = statistic;
    }

    public String namespace() {
        return namespace;
    }

    public String metricName() {
        return metricName;
    }

    public Statistic statistic() {
        return statistic;
    }

    /**
     * Every dashboard query, at 1 second, for a target's parameters ({@code loadBalancer},
     * {@code targetGroup}, {@code cluster}, {@code service}, {@code zones} as a comma-separated list).
     */
    public static List<MetricQuery> queries(Map<String, String> targetParameters) {
        List<MetricQuery> out = new ArrayList<>();
        for (DashboardSeries series : values()) {
            for (Map<String, String> dimensions : series.scope.dimensions(targetParameters)) {
                out.add(new MetricQuery(series.namespace, series.metricName, dimensions, series.statistic, SECOND));
            }
        }
        return out;
    }

    /**
     * Whether a recorded series is this dashboard series' metric under this series' dimension names
     * (any statistic or period: the timeline prefers this series' statistic and the finest period).
     */
    public boolean matches(TimeSeries series) {
        MetricQuery q = series.query();
        return q.namespace().equals(namespace) && q.metricName().equals(metricName)
                && q.dimensions().keySet().equals(scope.dimensionNames);
    }

    /** Which resource a series is recorded for, and so which dimensions it carries. */
    private enum Scope {
        LOAD_BALANCER(Set.of("LoadBalancer")),
        SERVICE(Set.of("ClusterName", "ServiceName")),
        ZONE(Set.of("LoadBalancer", "TargetGroup", "AvailabilityZone"));

        private final Set<String> dimensionNames;

        Scope(Set<String> dimensionNames) {
            this.dimensionNames = dimensionNames;
        }

        List<Map<String, String>> dimensions(Map<String, String> p) {
            return switch (this) {
                case LOAD_BALANCER -> List.of(Map.of("LoadBalancer", p.get("loadBalancer")));
                case SERVICE -> List.of(Map.of("ClusterName", p.get("cluster"), "ServiceName", p.get("service")));
                case ZONE -> {
                    List<Map<String, String>> zones = new ArrayList<>();
                    for (String zone : p.getOrDefault("zones", "").split(",")) {
                        if (!zone.isBlank()) {
                            zones.add(Map.of("LoadBalancer", p.get("loadBalancer"), "TargetGroup", p.get("targetGroup"),
                                    "AvailabilityZone", zone.trim()));
                        }
                    }
                    yield zones;
                }
            };
        }
    }

    /** CloudWatch namespaces (an enum's constants cannot name its own static fields). */
    private static final class Names {
        static final String ELB = "AWS/ApplicationELB";
        static final String ECS = "ECS/ContainerInsights";
    }
}
