package dev.gameday.stack;

import java.util.Arrays;
import java.util.List;

/**
 * The outputs of the reference deployment's CloudFormation stack ({@code reference-deployment}) that a
 * target file is written from. The stack declares its outputs by these keys and
 * {@code gameday target --from-stack-outputs} reads them by the same keys: one list for both, so the
 * two cannot drift apart (the committed template is checked against it).
 */
public enum StackOutput {
    /** The shop's base URL: the load balancer's DNS name. */
    SHOP_URL("ShopUrl", "The shop's base URL (the load balancer's DNS name): the target file's baseUrl", true),
    /** The Application Load Balancer's ARN. */
    LOAD_BALANCER_ARN("LoadBalancerArn", "The Application Load Balancer's ARN: loadBalancer", true),
    /** The shop's target group ARN. */
    TARGET_GROUP_ARN("TargetGroupArn", "The shop's target group ARN: targetGroup", true),
    /** The ECS cluster's name. */
    ECS_CLUSTER("EcsClusterName", "The ECS cluster's name: ecs.cluster", true),
    /** The ECS service's name. */
    ECS_SERVICE("EcsServiceName", "The ECS service's name: ecs.service", true),
    /** The Multi-AZ DB cluster's identifier (the stack has this or {@link #DB_INSTANCE}). */
    DB_CLUSTER("DbClusterIdentifier", "The Multi-AZ DB cluster's identifier: database.cluster", false),
    /** The Multi-AZ DB instance's identifier (the stack has this or {@link #DB_CLUSTER}). */
    DB_INSTANCE("DbInstanceIdentifier", "The Multi-AZ DB instance's identifier: database.instance", false),
    /** The fulfilment queue's name. */
    QUEUE_NAME("QueueName", "The fulfilment queue's name: queue", true),
    /** The fulfilment dead-letter queue's name. */
    DEAD_LETTER_QUEUE_NAME("DeadLetterQueueName", "The fulfilment dead-letter queue's name", true),
    /** The CloudWatch alarms game days and FIS stop conditions name, comma-separated. */
    ALARM_NAMES("AlarmNames", "The CloudWatch alarms game days name, comma-separated: alarms", true),
    /** The IAM role FIS acts with. */
    FIS_ROLE_ARN("FisRoleArn", "The IAM role FIS experiments act with: fisRoleArn", true),
    /** The Secrets Manager secret holding the shop's admin token. */
    ADMIN_TOKEN_SECRET_ARN("AdminTokenSecretArn",
            "The secret holding the shop's admin token (export it as GAMEDAY_SHOP_ADMIN_TOKEN for the order audit)", true),
    /** The custom namespace of the shop's 1-second EMF metrics. */
    EMF_NAMESPACE("EmfNamespace", "The namespace of the shop's 1-second EMF metrics: highResolutionNamespaces", true),
    /** The Route 53 hosted zone of the failover record (only with the Route 53 option). */
    HOSTED_ZONE_ID("HostedZoneId", "The hosted zone of the failover record: route53.hostedZoneId", false),
    /** The failover record's name (only with the Route 53 option). */
    RECORD_NAME("RecordName", "The failover record's name: route53.recordName", false),
    /** The Route 53 health check of the primary record (only with the Route 53 option). */
    HEALTH_CHECK_ID("HealthCheckId", "The primary record's Route 53 health check: route53.healthCheckIds", false),
    /** The injector task definition's family (only with the injector option). */
    INJECTOR_TASK_DEFINITION("InjectorTaskDefinition",
            "The injector task definition's family (gameday inject, one task per injector): injectors.taskDefinition", false),
    /** The injector task definition's container (only with the injector option). */
    INJECTOR_CONTAINER("InjectorContainer", "The container carrying each injector's spec: injectors.container", false),
    /** The private subnets injectors run in, {@code zone=subnet} comma-separated (only with the injector option). */
    INJECTOR_SUBNETS("InjectorSubnets", "The private subnets injectors spread over, zone=subnet: injectors.subnets", false),
    /** The injectors' security group (only with the injector option). */
    INJECTOR_SECURITY_GROUP("InjectorSecurityGroup", "The injector tasks' security group: injectors.securityGroups", false),
    /** The bucket injectors upload their results and live seconds to (only with the injector option). */
    RESULTS_BUCKET("ResultsBucket", "The bucket injectors send their results and live seconds through: injectors.results.bucket",
            false);

    private final String key;
    private final String description;
    private final boolean always;

    StackOutput(String key, String description, boolean always) {
        this.key = key;
        this.description = description;
        this.always = always;
    }

    /** The output's key in the template and in a {@code describe-stacks} answer. */
    public String key() {
        return key;
    }

    /** The output's description, as the stack declares it. */
    public String description() {
        return description;
    }

    /** Whether every variant of the stack has this output (the others depend on options). */
    public boolean always() {
        return always;
    }

    /** The outputs every variant of the stack declares. */
    public static List<StackOutput> alwaysPresent() {
        return Arrays.stream(values()).filter(StackOutput::always).toList();
    }
}
