package dev.gameday.aws.standin;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static dev.gameday.aws.standin.AwsStandIn.ACCOUNT;
import static dev.gameday.aws.standin.AwsStandIn.REGION;
import static dev.gameday.aws.standin.AwsStandIn.describeDbClusters;
import static dev.gameday.aws.standin.AwsStandIn.describeDbInstances;
import static dev.gameday.aws.standin.AwsStandIn.describeServices;
import static dev.gameday.aws.standin.AwsStandIn.describeSubnets;
import static dev.gameday.aws.standin.AwsStandIn.describeTargetHealth;
import static dev.gameday.aws.standin.AwsStandIn.describeTasks;
import static dev.gameday.aws.standin.AwsStandIn.dbInstance;
import static dev.gameday.aws.standin.AwsStandIn.listTasks;
import static dev.gameday.aws.standin.AwsStandIn.subnet;
import static dev.gameday.aws.standin.AwsStandIn.task;
import static dev.gameday.aws.standin.AwsStandIn.taskArn;
import static dev.gameday.aws.standin.AwsStandIn.targetHealth;

/**
 * The shop as deployed in the stand-in account: ECS service {@code shop-api} in cluster
 * {@code shop} with four running tasks (two in eu-west-1a, two in eu-west-1b) and one still
 * pending in eu-west-1c, listed over two ListTasks pages; three tagged private subnets; an Aurora
 * cluster {@code shop-db} whose writer is in eu-west-1a; the target group (behind the load balancer)
 * and its health.
 */
public final class ShopDeployment {

    public static final String CLUSTER = "shop";
    public static final String SERVICE = "shop-api";
    public static final String DB_CLUSTER = "shop-db";
    public static final String TASK_A1 = "0a1f3c5e7b9d4f21a3c5e7b9d1f3a5c7";
    public static final String TASK_A2 = "1b2e4d6f8a0c4e32b4d6f8a0c2e4b6d8";
    public static final String TASK_B1 = "2c3f5e7a9b1d4f43c5e7a9b1d3f5c7e9";
    public static final String TASK_B2 = "3d4a6f8b0c2e4a54d6f8b0c2e4a6d8f0";
    public static final String TASK_C_PENDING = "4e5b7a9c1d3f4b65e7a9c1d3f5b7e9a1";
    public static final String SUBNET_A = "subnet-0a1b2c3d4e5f60001";
    public static final String SUBNET_B = "subnet-0a1b2c3d4e5f60002";
    public static final String SUBNET_C = "subnet-0a1b2c3d4e5f60003";
    public static final String LOAD_BALANCER_ARN =
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-alb/50dc6c495c0c9188";
    public static final String TARGET_GROUP_ARN =
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-tg/73e2d6bc24d8a067";
    public static final String NEXT_TOKEN = "eyJuZXh0TWFya2VyIjogInRhc2svc2hvcC8yYzNmIn0=";

    private ShopDeployment() {
    }

    public static String taskArnOf(String id) {
        return taskArn(CLUSTER, id);
    }

    public static String subnetArn(String id) {
        return "arn:aws:ec2:" + REGION + ":" + ACCOUNT + ":subnet/" + id;
    }

    public static String dbClusterArn() {
        return "arn:aws:rds:" + REGION + ":" + ACCOUNT + ":cluster:" + DB_CLUSTER;
    }

    /** Stubs every read the inventory and the live status make. */
    public static void stub(AwsStandIn aws) {
        // Page 2 is asked for with the token page 1 handed out; page 1 is any other ListTasks.
        aws.stub(AwsStandIn.ecs("ListTasks").atPriority(1)
                        .withRequestBody(matchingJsonPath("$.nextToken", equalTo(NEXT_TOKEN))),
                "application/x-amz-json-1.1",
                listTasks(List.of(taskArnOf(TASK_B2), taskArnOf(TASK_C_PENDING)), null));
        aws.stub(AwsStandIn.ecs("ListTasks").atPriority(5), "application/x-amz-json-1.1",
                listTasks(List.of(taskArnOf(TASK_A1), taskArnOf(TASK_A2), taskArnOf(TASK_B1)), NEXT_TOKEN));
        aws.stubEcs("DescribeTasks", describeTasks(
                task(CLUSTER, SERVICE, TASK_A1, "eu-west-1a", "RUNNING", "10.0.1.11"),
                task(CLUSTER, SERVICE, TASK_A2, "eu-west-1a", "RUNNING", "10.0.1.12"),
                task(CLUSTER, SERVICE, TASK_B1, "eu-west-1b", "RUNNING", "10.0.2.21"),
                task(CLUSTER, SERVICE, TASK_B2, "eu-west-1b", "RUNNING", "10.0.2.22"),
                task(CLUSTER, SERVICE, TASK_C_PENDING, "eu-west-1c", "PENDING", "10.0.3.31")));
        aws.stubEcs("DescribeServices", describeServices(CLUSTER, SERVICE, 5, 4));
        aws.stubXml("DescribeSubnets", describeSubnets(
                subnet(SUBNET_A, "eu-west-1a", "10.0.1.0/24"),
                subnet(SUBNET_B, "eu-west-1b", "10.0.2.0/24"),
                subnet(SUBNET_C, "eu-west-1c", "10.0.3.0/24")));
        aws.stubXml("DescribeDBClusters", describeDbClusters(DB_CLUSTER, "shop-db-1", List.of("shop-db-2")));
        aws.stubXml("DescribeDBInstances", describeDbInstances(
                dbInstance("shop-db-1", DB_CLUSTER, "eu-west-1a"),
                dbInstance("shop-db-2", DB_CLUSTER, "eu-west-1b")));
        aws.stubXml("DescribeTargetGroups", AwsStandIn.describeTargetGroups(TARGET_GROUP_ARN, LOAD_BALANCER_ARN));
        aws.stubXml("DescribeTargetHealth", describeTargetHealth(
                targetHealth("10.0.1.11", "healthy"),
                targetHealth("10.0.1.12", "healthy"),
                targetHealth("10.0.2.21", "healthy"),
                targetHealth("10.0.2.22", "unhealthy")));
        // FIS ListExperiments (the orphan sweep at opening): nothing left running.
        aws.stub(get(urlPathEqualTo("/experiments")), "application/json", NO_EXPERIMENTS);
    }

    /**
     * A target file for this deployment in {@code allowedAccounts} (the first is the deployment's),
     * without endpoints: what a test's file starts from.
     */
    public static String targetFile(String... allowedAccounts) {
        return """
                region: %s
                allowedAccounts: [%s]
                baseUrl: https://shop.example.com
                loadBalancer: %s
                targetGroup: %s
                ecs: {cluster: %s, service: %s}
                database: {cluster: %s}
                fisRoleArn: arn:aws:iam::%s:role/gameday-fis
                """.formatted(REGION, String.join(", ", java.util.Arrays.stream(allowedAccounts).map(a -> "\"" + a + "\"").toList()),
                LOAD_BALANCER_ARN, TARGET_GROUP_ARN, CLUSTER, SERVICE, DB_CLUSTER, allowedAccounts[0]);
    }

    /** FIS's ListExperiments answer when the account has no experiment. */
    public static final String NO_EXPERIMENTS = "{\"experiments\": []}";
}
