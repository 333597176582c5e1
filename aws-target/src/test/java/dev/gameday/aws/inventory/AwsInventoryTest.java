package dev.gameday.aws.inventory;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gameday.aws.client.AwsClients;
import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.config.DatabaseRef;
import dev.gameday.aws.standin.AwsStandIn;
import dev.gameday.aws.standin.ShopDeployment;
import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.chaos.resolution.ActionImpact;
import dev.gameday.chaos.resolution.BlastRadius;
import dev.gameday.chaos.resolution.Resource;
import dev.gameday.chaos.resolution.TargetResolver;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.core.event.EventLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static dev.gameday.aws.standin.AwsStandIn.ecsRequested;
import static dev.gameday.aws.standin.AwsStandIn.queryRequested;
import static dev.gameday.aws.standin.ShopDeployment.CLUSTER;
import static dev.gameday.aws.standin.ShopDeployment.NEXT_TOKEN;
import static dev.gameday.aws.standin.ShopDeployment.SERVICE;
import static dev.gameday.aws.standin.ShopDeployment.SUBNET_A;
import static dev.gameday.aws.standin.ShopDeployment.SUBNET_B;
import static dev.gameday.aws.standin.ShopDeployment.SUBNET_C;
import static dev.gameday.aws.standin.ShopDeployment.TASK_A1;
import static dev.gameday.aws.standin.ShopDeployment.TASK_A2;
import static dev.gameday.aws.standin.ShopDeployment.TASK_B1;
import static dev.gameday.aws.standin.ShopDeployment.TASK_B2;
import static dev.gameday.aws.standin.ShopDeployment.TASK_C_PENDING;
import static dev.gameday.aws.standin.ShopDeployment.subnetArn;
import static dev.gameday.aws.standin.ShopDeployment.taskArnOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inventory against ECS, EC2 and RDS stood in by WireMock in their documented wire formats:
 * what the SDK asked for, and resources shaped as the local platform's inventory shapes them.
 */
class AwsInventoryTest {

    AwsStandIn aws;
    AwsClients clients;
    AwsInventory inventory;

    @BeforeEach
    void setUp() {
        aws = new AwsStandIn();
        ShopDeployment.stub(aws);
        clients = aws.clients(EventLog.inMemory(Clock.systemUTC()));
        inventory = inventory(DatabaseRef.cluster(ShopDeployment.DB_CLUSTER));
    }

    AwsInventory inventory(DatabaseRef database) {
        return new AwsInventory(clients.ecs(), clients.rds(), clients.ec2(),
                new AwsInventory.Scope(CLUSTER, SERVICE, database, AwsTargetConfig.DEFAULT_SUBNET_TAGS));
    }

    @AfterEach
    void tearDown() {
        clients.close();
        aws.close();
    }

    @Test
    void listsTheServicesRunningTasksOverEveryPageAndDescribesThemWithTags() {
        List<Resource> tasks = inventory.resources(AwsInventory.ECS_TASK);

        List<LoggedRequest> lists = aws.server().findAll(ecsRequested("ListTasks"));
        assertThat(lists).hasSize(2);
        assertThat(lists.get(0).getBodyAsString()).satisfies(body -> {
            assertThat(body).contains("\"cluster\":\"shop\"", "\"serviceName\":\"shop-api\"", "\"desiredStatus\":\"RUNNING\"");
            assertThat(body).doesNotContain("nextToken");
        });
        aws.server().verify(1, ecsRequested("ListTasks")
                .withRequestBody(matchingJsonPath("$.nextToken", equalTo(NEXT_TOKEN)))
                .withRequestBody(matchingJsonPath("$.cluster", equalTo(CLUSTER)))
                .withRequestBody(matchingJsonPath("$.serviceName", equalTo(SERVICE)))
                .withRequestBody(matchingJsonPath("$.desiredStatus", equalTo("RUNNING"))));
        aws.server().verify(1, ecsRequested("DescribeTasks")
                .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
                .withRequestBody(equalToJson("""
                        {"cluster": "shop", "include": ["TAGS"],
                         "tasks": ["%s", "%s", "%s", "%s", "%s"]}
                        """.formatted(taskArnOf(TASK_A1), taskArnOf(TASK_A2), taskArnOf(TASK_B1), taskArnOf(TASK_B2),
                        taskArnOf(TASK_C_PENDING)))));

        // FIS resolves running tasks only: the one still PENDING in 1c is not a target yet.
        assertThat(tasks).extracting(Resource::arn).containsExactly(
                taskArnOf(TASK_A1), taskArnOf(TASK_A2), taskArnOf(TASK_B1), taskArnOf(TASK_B2));
        Resource first = tasks.get(0);
        assertThat(first.resourceType()).isEqualTo("aws:ecs:task");
        assertThat(first.arn()).isEqualTo("arn:aws:ecs:eu-west-1:123456789012:task/shop/" + TASK_A1);
        assertThat(first.attributes()).containsExactly(
                Map.entry("AvailabilityZone", "eu-west-1a"),
                Map.entry("ClusterName", "shop"),
                Map.entry("ClusterArn", "arn:aws:ecs:eu-west-1:123456789012:cluster/shop"),
                Map.entry("ServiceName", "shop-api"),
                Map.entry("TaskId", TASK_A1));
        assertThat(first.tags()).containsEntry("Service", "shop-api").containsEntry("AzImpairmentPower", "StopTasks");
    }

    @Test
    void theTaskViewKeepsStartingTasksAndTheirPrivateAddresses() {
        assertThat(inventory.tasks()).extracting(EcsTask::id, EcsTask::lastStatus, EcsTask::privateIp).containsExactly(
                org.assertj.core.groups.Tuple.tuple(TASK_A1, "RUNNING", "10.0.1.11"),
                org.assertj.core.groups.Tuple.tuple(TASK_A2, "RUNNING", "10.0.1.12"),
                org.assertj.core.groups.Tuple.tuple(TASK_B1, "RUNNING", "10.0.2.21"),
                org.assertj.core.groups.Tuple.tuple(TASK_B2, "RUNNING", "10.0.2.22"),
                org.assertj.core.groups.Tuple.tuple(TASK_C_PENDING, "PENDING", "10.0.3.31"));
    }

    @Test
    void listsTheSubnetsCarryingTheConfiguredTags() {
        List<Resource> subnets = inventory.resources(AwsInventory.SUBNET);

        aws.server().verify(1, queryRequested("DescribeSubnets")
                .withFormParam("Version", equalTo("2016-11-15"))
                .withFormParam("Filter.1.Name", equalTo("tag:AzImpairmentPower"))
                .withFormParam("Filter.1.Value.1", equalTo("DisruptSubnet"))
                .withFormParam("Filter.2.Name", absent()));
        assertThat(subnets).extracting(Resource::arn).containsExactly(subnetArn(SUBNET_A), subnetArn(SUBNET_B), subnetArn(SUBNET_C));
        assertThat(subnets.get(1).attributes()).containsExactly(
                Map.entry("AvailabilityZone", "eu-west-1b"),
                Map.entry("SubnetId", SUBNET_B),
                Map.entry("VpcId", "vpc-0a1b2c3d4e5f60000"));
        assertThat(subnets.get(1).tags()).containsEntry("AzImpairmentPower", "DisruptSubnet");
    }

    @Test
    void describesTheDbClusterWithItsWritersZoneAndItsInstancesByRole() {
        List<Resource> clusters = inventory.resources(AwsInventory.RDS_CLUSTER);
        List<Resource> instances = inventory.resources(AwsInventory.RDS_INSTANCE);

        aws.server().verify(queryRequested("DescribeDBClusters")
                .withFormParam("Version", equalTo("2014-10-31"))
                .withFormParam("DBClusterIdentifier", equalTo("shop-db")));
        aws.server().verify(queryRequested("DescribeDBInstances")
                .withFormParam("Filters.Filter.1.Name", equalTo("db-cluster-id"))
                .withFormParam("Filters.Filter.1.Values.Value.1", equalTo("shop-db")));
        assertThat(clusters).singleElement().satisfies(cluster -> {
            assertThat(cluster.arn()).isEqualTo("arn:aws:rds:eu-west-1:123456789012:cluster:shop-db");
            assertThat(cluster.resourceType()).isEqualTo("aws:rds:cluster");
            assertThat(cluster.attributes()).containsExactly(
                    Map.entry("DBClusterIdentifier", "shop-db"), Map.entry("AvailabilityZone", "eu-west-1a"));
            assertThat(cluster.tags()).containsEntry("AzImpairmentPower", "DisruptRds");
        });
        assertThat(instances).extracting(Resource::arn).containsExactly(
                "arn:aws:rds:eu-west-1:123456789012:db:shop-db-1", "arn:aws:rds:eu-west-1:123456789012:db:shop-db-2");
        assertThat(instances.get(0).attributes()).containsExactly(
                Map.entry("DBInstanceIdentifier", "shop-db-1"), Map.entry("DBClusterIdentifier", "shop-db"),
                Map.entry("AvailabilityZone", "eu-west-1a"), Map.entry("Role", "writer"));
        assertThat(instances.get(1).attribute("Role")).isEqualTo("standby");
        assertThat(inventory.writerInstance()).isEqualTo("shop-db-1");
    }

    @Test
    void aMultiAzDbInstanceIsTheOnlyDbResourceAndNoClusterIsListed() {
        AwsInventory byInstance = inventory(DatabaseRef.instance("shop-db-1"));

        assertThat(byInstance.resources(AwsInventory.RDS_CLUSTER)).isEmpty();
        assertThat(byInstance.resources(AwsInventory.RDS_INSTANCE)).isNotEmpty();
        aws.server().verify(queryRequested("DescribeDBInstances").withFormParam("DBInstanceIdentifier", equalTo("shop-db-1")));
        aws.server().verify(0, queryRequested("DescribeDBClusters"));
    }

    @Test
    void zonesAreThoseOfRunningTasksAndTaggedSubnets() {
        assertThat(inventory.zones()).containsExactly("eu-west-1a", "eu-west-1b", "eu-west-1c");
    }

    @Test
    void unknownResourceTypesAreEmptyWithoutAnyCall() {
        assertThat(inventory.resources("aws:ec2:instance")).isEmpty();
        assertThat(aws.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void describesTasksAtMostOneHundredAtATime() {
        aws.server().resetAll();
        List<String> ids = java.util.stream.IntStream.range(0, 150).mapToObj(i -> "%032x".formatted(i + 1)).toList();
        aws.stubEcs("ListTasks", AwsStandIn.listTasks(ids.stream().map(ShopDeployment::taskArnOf).toList(), null));
        aws.stubEcs("DescribeTasks", AwsStandIn.describeTasks(
                AwsStandIn.task(CLUSTER, SERVICE, ids.get(0), "eu-west-1a", "RUNNING", "10.0.1.11")));

        inventory.tasks();

        List<LoggedRequest> describes = aws.server().findAll(ecsRequested("DescribeTasks"));
        assertThat(describes).hasSize(2);
        assertThat(describes.get(0).getBodyAsString()).contains(taskArnOf(ids.get(99))).doesNotContain(taskArnOf(ids.get(100)));
        assertThat(describes.get(1).getBodyAsString()).contains(taskArnOf(ids.get(100)), taskArnOf(ids.get(149)))
                .doesNotContain(taskArnOf(ids.get(99)));
    }

    // ---- the catalogue's templates resolve against AWS as they do locally ------------------------

    static final Map<String, String> PARAMETERS = Map.of("cluster", CLUSTER, "service", SERVICE, "zone", "eu-west-1b",
            "region", "eu-west-1", "account", "123456789012", "dbCluster", "shop-db", "duration", "PT2M");

    @Test
    void ecsStopTaskPicksOneRunningTaskOfTheService() {
        ExperimentTemplate template = TemplateCatalogue.classpath().load("ecs-stop-task").fill(PARAMETERS);

        BlastRadius plan = new TargetResolver(new SplittableRandom(7)).resolve(template, inventory);

        List<Resource> picked = plan.targets().get("serviceTasks");
        assertThat(picked).hasSize(1);
        assertThat(picked.get(0).arn()).isIn(taskArnOf(TASK_A1), taskArnOf(TASK_A2), taskArnOf(TASK_B1), taskArnOf(TASK_B2));
        // Seeded: the same pick every time, so a plan can be reviewed before it is played.
        assertThat(new TargetResolver(new SplittableRandom(7)).resolve(template, inventory).targets().get("serviceTasks"))
                .isEqualTo(picked);
    }

    @Test
    void azPowerInterruptionHitsTheZonesTasksAndSubnetAndTheDbCluster() {
        ExperimentTemplate template = TemplateCatalogue.classpath().load("az-power-interruption").fill(PARAMETERS);

        BlastRadius plan = new TargetResolver(new SplittableRandom(7)).resolve(template, inventory);

        assertThat(plan.targets().get("zoneTasks")).extracting(Resource::arn)
                .containsExactly(taskArnOf(TASK_B1), taskArnOf(TASK_B2));
        assertThat(plan.targets().get("zoneSubnets")).extracting(Resource::arn).containsExactly(subnetArn(SUBNET_B));
        assertThat(plan.targets().get("dbCluster")).extracting(Resource::arn)
                .containsExactly(ShopDeployment.dbClusterArn());
        assertThat(plan.actions()).extracting(ActionImpact::actionId).containsExactly(
                "aws:ecs:stop-task", "aws:network:disrupt-connectivity", "aws:rds:failover-db-cluster");
    }
}
