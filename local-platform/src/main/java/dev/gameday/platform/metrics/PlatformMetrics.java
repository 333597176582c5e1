package dev.gameday.platform.metrics;

import dev.gameday.core.metric.MetricStore;
import dev.gameday.core.metric.MetricStore.MetricKey;
import dev.gameday.platform.zone.Zone;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;

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
    /** What the platform knows and CloudWatch has no metric for (e.g. how many standbys a cluster has). */
    public static final String PLATFORM = "Gameday/Platform";

    private final MetricStore store;
    private final ResourceNames names;
    private final Map<String, String> lb;
    private final Map<String, String> lbTg;
    private final Map<String, String> service;
    // Per-request metrics write to a handful of keys: built once, not per request (a key copies and
    // sorts its dimensions, which at thousands of requests a second was a real share of the cost).
    private final RequestKeys lbKeys;
    private final Map<Zone, RequestKeys> zoneKeys = new ConcurrentHashMap<>();

    public PlatformMetrics(MetricStore store, ResourceNames names) {
        this.store = Objects.requireNonNull(store, "store");
        this.names = Objects.requireNonNull(names, "names");
        this.lb = Map.of("LoadBalancer", names.loadBalancer());
        this.lbTg = Map.of("LoadBalancer", names.loadBalancer(), "TargetGroup", names.targetGroup());
        this.service = Map.of("ClusterName", names.cluster(), "ServiceName", names.service());
        this.lbKeys = new RequestKeys(lb);
    }

    public MetricStore store() {
        return store;
    }

    public ResourceNames names() {
        return names;
    }

    /** A response a target produced, {@code elapsed} after the request was sent to it. */
    public void targetResponse(Zone zone, int status, Duration elapsed, Instant at) {
        RequestKeys inZone = keys(zone);
        store.record(lbKeys.requestCount, at, 1);
        store.record(inZone.requestCount, at, 1);
        store.record(lbKeys.targetCode(status), at, 1);
        store.record(inZone.targetCode(status), at, 1);
        double seconds = elapsed.toNanos() / 1e9;
        store.record(lbKeys.targetResponseTime, at, seconds);
        store.record(inZone.targetResponseTime, at, seconds);
    }

    /**
     * A response the load balancer itself produced ({@code 502}, {@code 503}, {@code 504}).
     *
     * @param zone the zone of the target chosen, or {@code null} when none was (ALB then does not
     *             count the request in {@code RequestCount})
     */
    public void elbError(Zone zone, int status, Instant at) {
        RequestKeys inZone = zone == null ? null : keys(zone);
        if (inZone != null) {
            store.record(lbKeys.requestCount, at, 1);
            store.record(inZone.requestCount, at, 1);
        }
        store.record(lbKeys.elb5xx, at, 1);
        if (inZone != null) {
            store.record(inZone.elb5xx, at, 1);
        }
        store.record(lbKeys.elbCode(status), at, 1);
        if (inZone != null) {
            store.record(inZone.elbCode(status), at, 1);
        }
    }

    /**
     * A {@code 4XX} the load balancer answered itself, for a malformed or oversized request
     * ({@code 400}, {@code 413}): ALB's {@code HTTPCode_ELB_4XX_Count}. No target was chosen, so,
     * as on ALB, the request is not in {@code RequestCount} and has no zone.
     */
    public void elbClientError(int status, Instant at) {
        store.record(lbKeys.elb4xx, at, 1);
        store.record(lbKeys.elbCode(status), at, 1);
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

    /** The age of the queue's oldest waiting message (sampled once a second), as {@code AWS/SQS} publishes it. */
    public void queueAge(String queueName, Duration oldest, Instant at) {
        store.record(SQS, "ApproximateAgeOfOldestMessage", Map.of("QueueName", queueName), at, oldest.toSeconds());
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

    /**
     * How many standbys stream synchronously from the writer: 0 while the cluster runs without one
     * (its zone cut off, being rebuilt) — when a failover is impossible.
     */
    public void databaseStandbys(String clusterId, int standbys, Instant at) {
        store.record(PLATFORM, "StandbyCount", Map.of("DBClusterIdentifier", clusterId), at, standbys);
    }

    /**
     * How many readers serve the cluster's reader endpoint: a Multi-AZ DB cluster's readable standbys
     * or Aurora's replicas that are in the writer's quorum and outside an impaired zone; always 0 for
     * a Multi-AZ DB instance (no reader endpoint).
     */
    public void databaseReaders(String clusterId, int readers, Instant at) {
        store.record(PLATFORM, "ReaderCount", Map.of("DBClusterIdentifier", clusterId), at, readers);
    }

    private RequestKeys keys(Zone zone) {
        RequestKeys keys = zoneKeys.get(zone);
        return keys != null ? keys : zoneKeys.computeIfAbsent(zone, z -> new RequestKeys(withZone(lb, z)));
    }

    /** The keys of the per-request metrics under one set of dimensions ({@code LoadBalancer}[, {@code AvailabilityZone}]). */
    private static final class RequestKeys {
        private final Map<String, String> dimensions;
        private final MetricKey requestCount;
        private final MetricKey targetResponseTime;
        private final MetricKey elb5xx;
        private final MetricKey elb4xx;
        private final MetricKey[] targetCodes = new MetricKey[10];
        private final Map<Integer, MetricKey> elbCodes = new ConcurrentHashMap<>();

        RequestKeys(Map<String, String> dimensions) {
            this.dimensions = dimensions;
            this.requestCount = new MetricKey(ELB, "RequestCount", dimensions);
            this.targetResponseTime = new MetricKey(ELB, "TargetResponseTime", dimensions);
            this.elb5xx = new MetricKey(ELB, "HTTPCode_ELB_5XX_Count", dimensions);
            this.elb4xx = new MetricKey(ELB, "HTTPCode_ELB_4XX_Count", dimensions);
            for (int c = 0; c < targetCodes.length; c++) {
                targetCodes[c] = new MetricKey(ELB, "HTTPCode_Target_" + c + "XX_Count", dimensions);
            }
        }

        MetricKey targetCode(int status) {
            int codeClass = status / 100;
            return codeClass >= 0 && codeClass < targetCodes.length ? targetCodes[codeClass]
                    : new MetricKey(ELB, "HTTPCode_Target_" + codeClass + "XX_Count", dimensions);
        }

        MetricKey elbCode(int status) {
            return elbCodes.computeIfAbsent(status, s -> new MetricKey(ELB, "HTTPCode_ELB_" + s + "_Count", dimensions));
        }
    }

    private static Map<String, String> withZone(Map<String, String> dims, Zone zone) {
        HashMap<String, String> copy = new HashMap<>(dims);
        copy.put("AvailabilityZone", zone.name());
        return copy;
    }
}
