package dev.gameday.platform.fault;

import dev.gameday.chaos.resolution.Inventory;
import dev.gameday.chaos.resolution.Resource;
import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.database.Database;
import dev.gameday.platform.metrics.ResourceNames;
import dev.gameday.platform.task.TaskInfo;
import dev.gameday.platform.task.TaskState;
import dev.gameday.platform.zone.Zone;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The local platform's resources as FIS would see them in an AWS account, so the chaos module's
 * target resolver picks local targets with the same templates: ECS tasks of the shop service,
 * one subnet per zone, the database cluster. ARNs, tags and filter attributes have AWS's shapes.
 */
public final class PlatformInventory implements Inventory {

    public static final String ECS_TASK = "aws:ecs:task";
    public static final String SUBNET = "aws:ec2:subnet";
    public static final String RDS_CLUSTER = "aws:rds:cluster";
    public static final String RDS_INSTANCE = "aws:rds:db";
    public static final String ZONAL_SHIFT_RESOURCE = "aws:arc:zonal-shift-managed-resource";
    /** The tag key AWS's "AZ Availability: Power Interruption" scenario targets resources by. */
    public static final String AZ_POWER_TAG = "AzImpairmentPower";
    private static final String ACCOUNT = "000000000000";
    private static final String CLUSTER_ARN = "arn:aws:ecs:" + Zone.REGION + ":" + ACCOUNT + ":cluster/" + ResourceNames.CLUSTER;

    private final LocalPlatform platform;

    public PlatformInventory(LocalPlatform platform) {
        this.platform = Objects.requireNonNull(platform, "platform");
    }

    @Override
    public List<Resource> resources(String resourceType) {
        return switch (resourceType) {
            case ECS_TASK -> tasks();
            case SUBNET -> subnets();
            case RDS_CLUSTER -> List.of(new Resource(Database.CLUSTER_ARN, RDS_CLUSTER,
                    Map.of(AZ_POWER_TAG, "DisruptRds"),
                    Map.of("DBClusterIdentifier", Database.CLUSTER_ID,
                            "AvailabilityZone", platform.database().writerZone().name())));
            case RDS_INSTANCE -> instances();
            case ZONAL_SHIFT_RESOURCE -> List.of(loadBalancer());
            default -> List.of();
        };
    }

    private List<Resource> tasks() {
        List<Resource> out = new ArrayList<>();
        for (TaskInfo task : platform.tasks()) {
            // FIS resolves only tasks that are running; one already stopping is not a target any more.
            if (task.state() != TaskState.RUNNING) {
                continue;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("AvailabilityZone", task.zone().name());
            attributes.put("ClusterName", ResourceNames.CLUSTER);
            attributes.put("ClusterArn", CLUSTER_ARN);
            attributes.put("ServiceName", ResourceNames.SERVICE);
            attributes.put("TaskId", task.id());
            out.add(new Resource(task.arn(), ECS_TASK,
                    Map.of("Service", ResourceNames.SERVICE, AZ_POWER_TAG, "StopTasks"), attributes));
        }
        return out;
    }

    /** The writer and its standbys (those in its quorum), as RDS DB instances named after their zone. */
    private List<Resource> instances() {
        List<Resource> out = new ArrayList<>();
        Zone writer = platform.database().writerZone();
        List<Zone> instanceZones = new ArrayList<>(List.of(writer));
        platform.database().standbyZones().stream().filter(z -> !instanceZones.contains(z)).forEach(instanceZones::add);
        for (Zone zone : instanceZones) {
            String id = Database.instanceId(zone);
            out.add(new Resource("arn:aws:rds:" + Zone.REGION + ":" + ACCOUNT + ":db:" + id, RDS_INSTANCE,
                    Map.of(AZ_POWER_TAG, "DisruptRds"),
                    Map.of("DBInstanceIdentifier", id, "DBClusterIdentifier", Database.CLUSTER_ID,
                            "AvailabilityZone", zone.name(), "Role", zone.equals(writer) ? "writer" : "standby")));
        }
        return out;
    }

    /**
     * The load balancer as ARC lists a managed resource: zonal shift enabled
     * ({@code zonal_shift.config.enabled}), autoshift counted as {@code ENABLED}, in every zone.
     */
    private Resource loadBalancer() {
        String arn = "arn:aws:elasticloadbalancing:" + Zone.REGION + ":" + ACCOUNT + ":loadbalancer/"
                + platform.names().loadBalancer();
        return new Resource(arn, ZONAL_SHIFT_RESOURCE, Map.of("Service", ResourceNames.SERVICE),
                Map.of("AvailabilityZones", String.join(",", platform.zones().stream().map(Zone::name).toList()),
                        "ZonalAutoshiftStatus", "ENABLED"));
    }

    private List<Resource> subnets() {
        List<Resource> out = new ArrayList<>();
        for (Zone zone : platform.zones()) {
            out.add(new Resource(zone.subnetArn(), SUBNET, Map.of(AZ_POWER_TAG, "DisruptSubnet"),
                    Map.of("AvailabilityZone", zone.name(), "SubnetId", zone.subnetId(), "VpcId", "vpc-local")));
        }
        return out;
    }
}
