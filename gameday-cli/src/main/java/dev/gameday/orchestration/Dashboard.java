package dev.gameday.orchestration;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.Statistic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The 1-second server series every run records whatever its SLOs: what an architect wants to see
 * on the timeline (requests, 5xx, p99, healthy hosts per zone, running tasks). Named as CloudWatch
 * names them, with the target's dimension values, so the same list serves both targets.
 */
public final class Dashboard {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final String ELB = "AWS/ApplicationELB";
    private static final String ECS = "ECS/ContainerInsights";

    private Dashboard() {
    }

    /** The dashboard series for a target's parameters ({@code loadBalancer}, {@code cluster}, {@code zones}, …). */
    public static List<MetricQuery> queries(Map<String, String> parameters) {
        Map<String, String> lb = Map.of("LoadBalancer", parameters.get("loadBalancer"));
        Map<String, String> service = Map.of("ClusterName", parameters.get("cluster"), "ServiceName", parameters.get("service"));
        List<MetricQuery> queries = new ArrayList<>(List.of(
                new MetricQuery(ELB, "RequestCount", lb, Statistic.SUM, SECOND),
                new MetricQuery(ELB, "HTTPCode_ELB_5XX_Count", lb, Statistic.SUM, SECOND),
                new MetricQuery(ELB, "HTTPCode_Target_5XX_Count", lb, Statistic.SUM, SECOND),
                new MetricQuery(ELB, "TargetResponseTime", lb, Statistic.of("p99"), SECOND),
                new MetricQuery(ECS, "RunningTaskCount", service, Statistic.MINIMUM, SECOND),
                new MetricQuery(ECS, "DesiredTaskCount", service, Statistic.MAXIMUM, SECOND)));
        String zones = parameters.getOrDefault("zones", "");
        for (String zone : zones.split(",")) {
            if (!zone.isBlank()) {
                queries.add(new MetricQuery(ELB, "HealthyHostCount", Map.of("LoadBalancer", parameters.get("loadBalancer"),
                        "TargetGroup", parameters.get("targetGroup"), "AvailabilityZone", zone.trim()),
                        Statistic.MINIMUM, SECOND));
            }
        }
        return queries;
    }
}
