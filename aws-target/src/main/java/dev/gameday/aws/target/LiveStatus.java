package dev.gameday.aws.target;

import dev.gameday.aws.inventory.AwsInventory;
import dev.gameday.aws.inventory.EcsTask;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code aws} target's one-line live view, in the local platform's words:
 * {@code healthy 1a:2 1b:2 1c:0 | tasks 4/6}. Healthy targets come from ELB
 * ({@code DescribeTargetHealth}); their zones from the ECS tasks the target group registers by
 * private IP (Fargate tasks are {@code ip} targets, whose health entries carry no zone); the
 * running/desired count from {@code DescribeServices}. An answer is reused for the cache's
 * time-to-live, so a status line printed every second costs a few describe calls a minute.
 */
final class LiveStatus {

    private final ElasticLoadBalancingV2Client elb;
    private final EcsClient ecs;
    private final AwsInventory inventory;
    private final String targetGroupArn;
    private final String cluster;
    private final String service;
    private final String region;
    private final List<String> zones;
    private final Duration ttl;
    private final Clock clock;
    private String cached;
    private Instant cachedAt;

    LiveStatus(ElasticLoadBalancingV2Client elb, EcsClient ecs, AwsInventory inventory, String targetGroupArn,
               String cluster, String service, String region, List<String> zones, Duration ttl, Clock clock) {
        this.elb = Objects.requireNonNull(elb, "elb");
        this.ecs = Objects.requireNonNull(ecs, "ecs");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.targetGroupArn = targetGroupArn;
        this.cluster = cluster;
        this.service = service;
        this.region = region;
        this.zones = List.copyOf(zones);
        this.ttl = ttl;
        this.clock = clock;
    }

    synchronized String get() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(cachedAt.plus(ttl))) {
            cached = fetch();
            cachedAt = now;
        }
        return cached;
    }

    private String fetch() {
        try {
            Map<String, String> zoneByIp = new HashMap<>();
            for (EcsTask task : inventory.tasks()) {
                if (task.privateIp() != null && task.availabilityZone() != null) {
                    zoneByIp.put(task.privateIp(), task.availabilityZone());
                }
            }
            Map<String, Integer> healthy = new LinkedHashMap<>();
            zones.forEach(z -> healthy.put(z, 0));
            int unplaced = 0;
            for (TargetHealthDescription d : elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn)).targetHealthDescriptions()) {
                if (d.targetHealth() == null || d.targetHealth().state() != TargetHealthStateEnum.HEALTHY) {
                    continue;
                }
                String zone = zoneByIp.get(d.target().id());
                if (zone == null) {
                    // A target that is not one of the service's tasks by IP (an instance target, or a task
                    // that stopped between the two calls): counted, but in no zone.
                    unplaced++;
                } else {
                    healthy.merge(zone, 1, Integer::sum);
                }
            }
            StringBuilder line = new StringBuilder("healthy");
            healthy.forEach((zone, count) -> line.append(' ').append(shortName(zone)).append(':').append(count));
            if (unplaced > 0) {
                line.append(" ?:").append(unplaced);
            }
            List<Service> services = ecs.describeServices(b -> b.cluster(cluster).services(service)).services();
            if (!services.isEmpty()) {
                line.append(" | tasks ").append(services.get(0).runningCount()).append('/').append(services.get(0).desiredCount());
            }
            return line.toString();
        } catch (RuntimeException e) {
            // The status line is informative only: an AWS hiccup must not stop the game day.
            return "status unavailable: " + e.getMessage();
        }
    }

    /** {@code eu-west-1a} → {@code 1a}, as the local platform shortens {@code local-1a}. */
    private String shortName(String zone) {
        String prefix = region.substring(0, region.lastIndexOf('-') + 1);
        return zone.startsWith(prefix) ? zone.substring(prefix.length()) : zone;
    }
}
