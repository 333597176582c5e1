package dev.gameday.aws.inventory;

import dev.gameday.aws.config.DatabaseRef;
import dev.gameday.chaos.resolution.Inventory;
import dev.gameday.chaos.resolution.Resource;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskField;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The resources of the shop's deployment in one AWS account and region, as FIS resolves experiment
 * targets against them, shaped exactly as the local platform's inventory shapes its own (same
 * resource types, ARNs, attribute names), so the catalogue's templates resolve against either:
 *
 * <ul>
 *   <li>{@code aws:ecs:task}: the service's running tasks ({@code ListTasks} with the cluster, the
 *       service and {@code desiredStatus=RUNNING}, every page; {@code DescribeTasks} by 100 with their
 *       tags); attributes {@code AvailabilityZone}, {@code ClusterName}, {@code ClusterArn},
 *       {@code ServiceName}, {@code TaskId}</li>
 *   <li>{@code aws:ec2:subnet}: the subnets carrying the target file's subnet tags
 *       ({@code DescribeSubnets}); attributes {@code AvailabilityZone}, {@code SubnetId}, {@code VpcId}</li>
 *   <li>{@code aws:rds:cluster}: the DB cluster ({@code DescribeDBClusters}); attributes
 *       {@code DBClusterIdentifier}, {@code AvailabilityZone} (the writer's)</li>
 *   <li>{@code aws:rds:db}: its instances, or the Multi-AZ DB instance ({@code DescribeDBInstances});
 *       attributes {@code DBInstanceIdentifier}, {@code DBClusterIdentifier} (for cluster members),
 *       {@code AvailabilityZone}, {@code Role} ({@code writer} or {@code standby})</li>
 * </ul>
 *
 * <p>Every call is a read; each {@link #resources} call asks AWS afresh, as FIS does when an
 * experiment starts.
 */
public final class AwsInventory implements Inventory {

    public static final String ECS_TASK = "aws:ecs:task";
    public static final String SUBNET = "aws:ec2:subnet";
    public static final String RDS_CLUSTER = "aws:rds:cluster";
    public static final String RDS_INSTANCE = "aws:rds:db";

    /** DescribeTasks takes at most 100 tasks per call. */
    private static final int DESCRIBE_TASKS_BATCH = 100;

    private final EcsClient ecs;
    private final RdsClient rds;
    private final Ec2Client ec2;
    private final Scope scope;

    /**
     * What the inventory covers.
     *
     * @param cluster    the ECS cluster name
     * @param service    the ECS service name
     * @param database   the DB cluster or DB instance
     * @param subnetTags the tags (all must match) of the subnets to list
     */
    public record Scope(String cluster, String service, DatabaseRef database, Map<String, String> subnetTags) {

        public Scope {
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(database, "database");
            subnetTags = Map.copyOf(subnetTags);
        }
    }

    public AwsInventory(EcsClient ecs, RdsClient rds, Ec2Client ec2, Scope scope) {
        this.ecs = Objects.requireNonNull(ecs, "ecs");
        this.rds = Objects.requireNonNull(rds, "rds");
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    @Override
    public List<Resource> resources(String resourceType) {
        return switch (resourceType) {
            case ECS_TASK -> tasks().stream().filter(EcsTask::running).map(AwsInventory::taskResource).toList();
            case SUBNET -> subnets();
            case RDS_CLUSTER -> dbClusters();
            case RDS_INSTANCE -> dbInstances();
            default -> List.of();
        };
    }

    /** The Availability Zones the shop's running tasks and tagged subnets are in, sorted. */
    public List<String> zones() {
        Set<String> zones = new TreeSet<>();
        tasks().stream().filter(EcsTask::running).map(EcsTask::availabilityZone).filter(Objects::nonNull).forEach(zones::add);
        subnets().forEach(s -> zones.add(s.attribute("AvailabilityZone")));
        return List.copyOf(zones);
    }

    /** Every task of the service whose desired status is RUNNING (running or still starting), with its tags. */
    public List<EcsTask> tasks() {
        List<String> arns = new ArrayList<>();
        // The paginator follows nextToken until ECS stops sending one.
        ecs.listTasksPaginator(b -> b.cluster(scope.cluster()).serviceName(scope.service())
                .desiredStatus(DesiredStatus.RUNNING)).taskArns().forEach(arns::add);
        List<EcsTask> out = new ArrayList<>();
        for (int from = 0; from < arns.size(); from += DESCRIBE_TASKS_BATCH) {
            List<String> batch = arns.subList(from, Math.min(arns.size(), from + DESCRIBE_TASKS_BATCH));
            for (Task task : ecs.describeTasks(b -> b.cluster(scope.cluster()).tasks(batch).include(TaskField.TAGS)).tasks()) {
                out.add(task(task));
            }
        }
        return out;
    }

    /**
     * The injector tasks running now (or starting): every task of the task definition {@code family}
     * in {@code cluster} whose desired status is RUNNING ({@code ListTasks} by family, then
     * {@code DescribeTasks} with their tags), as FIS would describe them.
     */
    public List<Resource> injectorTasks(String cluster, String family) {
        List<String> arns = new ArrayList<>();
        ecs.listTasksPaginator(b -> b.cluster(cluster).family(family).desiredStatus(DesiredStatus.RUNNING))
                .taskArns().forEach(arns::add);
        List<Resource> out = new ArrayList<>();
        for (int from = 0; from < arns.size(); from += DESCRIBE_TASKS_BATCH) {
            List<String> batch = arns.subList(from, Math.min(arns.size(), from + DESCRIBE_TASKS_BATCH));
            for (Task task : ecs.describeTasks(b -> b.cluster(cluster).tasks(batch).include(TaskField.TAGS)).tasks()) {
                out.add(taskResource(task(task)));
            }
        }
        return out;
    }

    private static EcsTask task(Task task) {
        String arn = task.taskArn();
        String group = task.group();
        String service = group != null && group.startsWith("service:") ? group.substring("service:".length()) : null;
        Map<String, String> tags = new LinkedHashMap<>();
        for (software.amazon.awssdk.services.ecs.model.Tag tag : task.tags()) {
            tags.put(tag.key(), tag.value());
        }
        return new EcsTask(arn, lastPart(arn), task.clusterArn(), lastPart(task.clusterArn()), service,
                task.availabilityZone(), task.lastStatus(), privateIp(task), tags);
    }

    /** The awsvpc ENI's address: ECS reports it as a detail of the task's ElasticNetworkInterface attachment. */
    private static String privateIp(Task task) {
        for (Attachment attachment : task.attachments()) {
            if ("ElasticNetworkInterface".equals(attachment.type())) {
                for (KeyValuePair detail : attachment.details()) {
                    if ("privateIPv4Address".equals(detail.name())) {
                        return detail.value();
                    }
                }
            }
        }
        return null;
    }

    private static Resource taskResource(EcsTask task) {
        Map<String, String> attributes = new LinkedHashMap<>();
        put(attributes, "AvailabilityZone", task.availabilityZone());
        put(attributes, "ClusterName", task.clusterName());
        put(attributes, "ClusterArn", task.clusterArn());
        put(attributes, "ServiceName", task.serviceName());
        put(attributes, "TaskId", task.id());
        return new Resource(task.arn(), ECS_TASK, task.tags(), attributes);
    }

    private List<Resource> subnets() {
        List<Filter> filters = scope.subnetTags().entrySet().stream()
                .map(tag -> Filter.builder().name("tag:" + tag.getKey()).values(tag.getValue()).build())
                .toList();
        List<Resource> out = new ArrayList<>();
        for (Subnet subnet : ec2.describeSubnetsPaginator(b -> b.filters(filters)).subnets()) {
            Map<String, String> tags = new LinkedHashMap<>();
            subnet.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
            Map<String, String> attributes = new LinkedHashMap<>();
            put(attributes, "AvailabilityZone", subnet.availabilityZone());
            put(attributes, "SubnetId", subnet.subnetId());
            put(attributes, "VpcId", subnet.vpcId());
            out.add(new Resource(subnet.subnetArn(), SUBNET, tags, attributes));
        }
        return out;
    }

    private List<Resource> dbClusters() {
        if (!scope.database().isCluster()) {
            return List.of();
        }
        List<Resource> out = new ArrayList<>();
        for (DBCluster cluster : describeCluster()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("DBClusterIdentifier", cluster.dbClusterIdentifier());
            String writer = writerOf(cluster);
            if (writer != null) {
                instances().stream().filter(i -> writer.equals(i.dbInstanceIdentifier())).findFirst()
                        .ifPresent(i -> put(attributes, "AvailabilityZone", i.availabilityZone()));
            }
            out.add(new Resource(cluster.dbClusterArn(), RDS_CLUSTER, rdsTags(cluster.tagList()), attributes));
        }
        return out;
    }

    private List<Resource> dbInstances() {
        String writer = scope.database().isCluster()
                ? describeCluster().stream().map(AwsInventory::writerOf).filter(Objects::nonNull).findFirst().orElse(null)
                : scope.database().instanceId();
        List<Resource> out = new ArrayList<>();
        for (DBInstance instance : instances()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("DBInstanceIdentifier", instance.dbInstanceIdentifier());
            put(attributes, "DBClusterIdentifier", instance.dbClusterIdentifier());
            put(attributes, "AvailabilityZone", instance.availabilityZone());
            attributes.put("Role", instance.dbInstanceIdentifier().equals(writer) ? "writer" : "standby");
            out.add(new Resource(instance.dbInstanceArn(), RDS_INSTANCE, rdsTags(instance.tagList()), attributes));
        }
        return out;
    }

    /** The identifier of the cluster's writer instance, or {@code null} while it has none (mid-failover). */
    public String writerInstance() {
        if (!scope.database().isCluster()) {
            return scope.database().instanceId();
        }
        return describeCluster().stream().map(AwsInventory::writerOf).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private List<DBCluster> describeCluster() {
        List<DBCluster> out = new ArrayList<>();
        rds.describeDBClustersPaginator(b -> b.dbClusterIdentifier(scope.database().clusterId())).dbClusters().forEach(out::add);
        return out;
    }

    private static String writerOf(DBCluster cluster) {
        return cluster.dbClusterMembers().stream().filter(m -> Boolean.TRUE.equals(m.isClusterWriter()))
                .map(DBClusterMember::dbInstanceIdentifier).findFirst().orElse(null);
    }

    /** The cluster's member instances (filtered by {@code db-cluster-id}), or the one DB instance. */
    private List<DBInstance> instances() {
        List<DBInstance> out = new ArrayList<>();
        if (scope.database().isCluster()) {
            rds.describeDBInstancesPaginator(b -> b.filters(f -> f.name("db-cluster-id").values(scope.database().clusterId())))
                    .dbInstances().forEach(out::add);
        } else {
            rds.describeDBInstancesPaginator(b -> b.dbInstanceIdentifier(scope.database().instanceId()))
                    .dbInstances().forEach(out::add);
        }
        return out;
    }

    private static Map<String, String> rdsTags(List<software.amazon.awssdk.services.rds.model.Tag> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        tags.forEach(tag -> out.put(tag.key(), tag.value()));
        return out;
    }

    private static String lastPart(String arn) {
        return arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
