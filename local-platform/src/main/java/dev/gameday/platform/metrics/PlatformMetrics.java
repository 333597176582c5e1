package dev.gameday.platform.metrics;

import dev.gameday.core.metric.MetricStore;
import dev.gameday.platform.zone.Zone;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.HashMap;

/**
 * Records the platform's server-side metrics into a core {@link MetricStore} under the names and
 * dimensions CloudWatch uses ({@code AWS/ApplicationELB}, {@code ECS/ContainerInsights}), so
 * queries written for AWS read the local platform unchanged.
 *
 * <p>Per-request metrics are recorded twice, as ALB publishes them: with {@code LoadBalancer}
 * alone and with {@code LoadBalancer} + {@code AvailabilityZone} (the zone of the target that
 * served the request). Like CloudWatch, a status-code count is published only when it happens;
 * a period without such responses has no data point.
 */
public final class PlatformMetrics {

    public static final String ELB = "AWS/ApplicationELB";
    public static final String CONTAINER_INSIGHTS = "ECS/ContainerInsights";
    public static final String SQS = "AWS/SQS";
    public static final String ECS = "AWS/ECS";
    public static final String RDS = "AWS/RDS";

    private final MetricStore store;
    private final ResourceNames names;
    private final Map<String, String> lb;
    private final Map<String, String> lbTg;
    private final Map<String, String> service;

    public PlatformMetrics(MetricStore store, ResourceNames names) {
        this.store = Objects.requireNonNull(store, "store");
        this.names = Objects.requireNonNull(names, "names");
        this.lb = Map.of("LoadBalancer", names.loadBalancer());
        this.lbTg = Map.of("LoadBalancer", names.loadBalancer(), "TargetGroup", names.targetGroup());
        this.service = Map.of("ClusterName", names.cluster(), "ServiceName", names.service());
    }

    public MetricStore store() {
        return store;
    }

    public ResourceNames names() {
        return names;
    }

    /** A response a target produced, {@code elapsed} after the request was sent to it. */
    public void targetResponse(Zone zone, int status, Duration elapsed, Instant at) {
        count("RequestCount", zone, at);
        String codeClass = "HTTPCode_Target_" + (status / 100) + "XX_Count";
        count(codeClass, zone, at);
        double seconds = elapsed.toNanos() / 1e9;
        store.record(ELB, "TargetResponseTime", lb, at, seconds);
        store.record(ELB, "TargetResponseTime", withZone(lb, zone), at, seconds);
    }

    /**
     * A response the load balancer itself produced ({@code 502}, {@code 503}, {@code 504}).
     *
     * @param zone the zone of the target chosen, or {@code null} when none was (ALB then does not
     *             count the request in {@code RequestCount})
     */
    public void elbError(Zone zone, int status, Instant at) {
        if (zone != null) {
            count("RequestCount", zone, at);
        }
        count("HTTPCode_ELB_5XX_Count", zone, at);
        count("HTTPCode_ELB_" + status + "_Count", zone, at);
    }

    /** Healthy and unhealthy host counts of one zone (sampled once a second). */
    public void hostCounts(Zone zone, int healthy, int unhealthy, Instant at) {
        Map<String, String> dims = withZone(lbTg, zone);
        store.record(ELB, "HealthyHostCount", dims, at, healthy);
        store.record(ELB, "UnHealthyHostCount", dims, at, unhealthy);
    }

    /** Healthy and unhealthy host counts of the whole target group (sampled once a second). */
    public void hostCounts(int healthy, int unhealthy, Instant at) {
        store.record(ELB, "HealthyHostCount", lbTg, at, healthy);
        store.record(ELB, "UnHealthyHostCount", lbTg, at, unhealthy);
    }

    /** The service's task counts (sampled once a second). */
    public void taskCounts(int running, int desired, int pending, Instant at) {
        store.record(CONTAINER_INSIGHTS, "RunningTaskCount", service, at, running);
        store.record(CONTAINER_INSIGHTS, "DesiredTaskCount", service, at, desired);
        store.record(CONTAINER_INSIGHTS, "PendingTaskCount", service, at, pending);
    }

    /** The queue's depth (sampled once a second), as {@code AWS/SQS} publishes it per {@code QueueName}. */
    public void queueDepth(String queueName, long visible, long notVisible, Instant at) {
        Map<String, String> dims = Map.of("QueueName", queueName);
        store.record(SQS, "ApproximateNumberOfMessagesVisible", dims, at, visible);
        store.record(SQS, "ApproximateNumberOfMessagesNotVisible", dims, at, notVisible);
    }

    /** The service's average CPU use in percent of one vCPU per task (sampled once a second). */
    public void cpuUtilization(double percent, Instant at) {
        if (!Double.isNaN(percent)) {
            store.record(ECS, "CPUUtilization", service, at, percent);
        }
    }

    /**
     * The writer's connection count and the standby's replay lag in seconds ({@code NaN} when no
     * standby), as {@code AWS/RDS} publishes them per {@code DBClusterIdentifier}.
     */
    public void database(String clusterId, int connections, double replicaLagSeconds, Instant at) {
        Map<String, String> dims = Map.of("DBClusterIdentifier", clusterId);
        store.record(RDS, "DatabaseConnections", dims, at, connections);
        if (!Double.isNaN(replicaLagSeconds)) {
            store.record(RDS, "ReplicaLag", dims, at, replicaLagSeconds);
        }
    }

    private void count(String metric, Zone zone, Instant at) {
        store.record(ELB, metric, lb, at, 1);
        if (zone != null) {
            store.record(ELB, metric, withZone(lb, zone), at, 1);
        }
    }

    private static Map<String, String> withZone(Map<String, String> dims, Zone zone) {
        HashMap<String, String> copy = new HashMap<>(dims);
        copy.put("AvailabilityZone", zone.name());
        return copy;
    }
}
