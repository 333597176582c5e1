package dev.gameday.deployment;

import dev.gameday.core.alarm.AlarmDefinition;
import dev.gameday.stack.StackOutput;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.cloudwatch.CfnAlarm;
import software.amazon.awscdk.services.cognito.CfnUserPool;
import software.amazon.awscdk.services.cognito.CfnUserPoolClient;
import software.amazon.awscdk.services.ec2.CfnEIP;
import software.amazon.awscdk.services.ec2.CfnNatGateway;
import software.amazon.awscdk.services.ec2.CfnRoute;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.AvailabilityZoneRebalancing;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RequestCountScalingProps;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.iam.CfnManagedPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.ProvisionedClusterInstanceProps;
import software.amazon.awscdk.services.route53.CfnHealthCheck;
import software.amazon.awscdk.services.route53.CfnRecordSet;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference shop on AWS, as the seed architecture describes it: a VPC over three Availability
 * Zones, an internet-facing ALB, the shop on ECS Fargate with a task in every zone, a Multi-AZ
 * PostgreSQL database, an SQS fulfilment queue with its dead-letter queue, the alarms game days name,
 * and the role FIS acts with. Its outputs are what a target file needs ({@link StackOutput}).
 *
 * <p>The template is synthesized once and committed ({@code template/gameday-shop.template.json}), so
 * deploying needs no node: whatever a deployer chooses is a CloudFormation parameter.
 */
public final class GamedayShopStack extends Stack {

    /** The name the stack is synthesized under (and deployed under by default). */
    public static final String NAME = "gameday-shop";
    /** The tag every resource and the stack carry, so {@code gameday destroy} deletes only stacks it created. */
    public static final String TAG = "gameday:stack";
    /** The ECS service's name, fixed: the container's metrics carry it as their {@code Service} dimension. */
    public static final String SERVICE_NAME = "shop-api";
    /** The shop's database, user and port. */
    static final String DB_NAME = "shop";
    static final String DB_USER = "shop";
    /** How many Availability Zones the VPC spans: a zone outage leaves two. */
    public static final int ZONES = 3;
    /** Names of the alarms game days and FIS stop conditions use (the 5xx one is defined in the shared timings). */
    public static final String ALARM_5XX = "gameday-shop-5xx";
    public static final String ALARM_UNHEALTHY_HOSTS = "gameday-shop-unhealthy-hosts";
    public static final String ALARM_QUEUE_AGE = "gameday-shop-queue-age";
    /** Target tracking's goal: ALB requests per task per minute. */
    static final int REQUESTS_PER_TARGET = 1000;
    /** The tag FIS's "AZ Availability: Power Interruption" scenario (and az-power-interruption) selects subnets by. */
    static final String DISRUPT_TAG = "AzImpairmentPower";
    static final String DISRUPT_VALUE = "DisruptSubnet";

    /** The injector task definition's family and container, and the key prefix of the results bucket. */
    public static final String INJECTOR_FAMILY = "gameday-injector";
    public static final String INJECTOR_CONTAINER = "injector";
    public static final String RESULTS_PREFIX = "gameday";

    /** The output naming the harness's managed policy (not a target file's: the harness runs with it). */
    public static final String HARNESS_POLICY_OUTPUT = "HarnessPolicyArn";

    private final List<String> alarmNames = new ArrayList<>();

    /**
     * @param home    the project's folder: the stack reads the shared timings, the task definition
     *                template and nothing else from it
     * @param options what is chosen at synthesis
     */
    public GamedayShopStack(Construct scope, String id, StackProps props, Path home, DeploymentOptions options) {
        super(scope, id, props);
        SharedTimings timings = SharedTimings.load(home);
        ShopContainerSpec spec = ShopContainerSpec.load(home);
        Tags.of(this).add(TAG, NAME);

        // What a deployer chooses, with a sandbox's defaults.
        CfnParameter image = CfnParameter.Builder.create(this, "ImageUri").type("String")
                .description("The shop's container image (e.g. <account>.dkr.ecr.<region>.amazonaws.com/gameday-shop@sha256:…).")
                .build();
        CfnParameter natGateways = CfnParameter.Builder.create(this, "NatGateways").type("Number").defaultValue(1)
                .allowedValues(List.of("1", "3"))
                .description("1: one NAT gateway for all zones (cheapest; a zone outage that takes it cuts every task's egress)."
                        + " 3: one per zone (AZ-independent egress; three times the NAT cost).")
                .build();
        CfnParameter desiredCount = CfnParameter.Builder.create(this, "DesiredCount").type("Number").defaultValue(3)
                .minValue(3).description("Shop tasks at rest (at least one per zone; AZ rebalancing spreads them).").build();
        CfnParameter maxCount = CfnParameter.Builder.create(this, "MaxCount").type("Number").defaultValue(12)
                .minValue(3).description("At most this many tasks when target tracking scales out.").build();
        CfnParameter hostedZoneId = CfnParameter.Builder.create(this, "FailoverHostedZoneId").type("String").defaultValue("")
                .description("Optional: a Route 53 hosted zone for a failover record with a health check (with FailoverRecordName).")
                .build();
        CfnParameter recordName = CfnParameter.Builder.create(this, "FailoverRecordName").type("String").defaultValue("")
                .description("Optional: the failover record's name in that zone, e.g. shop.example.com.").build();
        CfnParameter injectorImage = CfnParameter.Builder.create(this, "InjectorImageUri").type("String").defaultValue("")
                .description("Optional: the harness's container image (entry point gameday). With it the stack adds the injector"
                        + " task definition (gameday inject: load.injectors > 1 on AWS), its roles, security group and the"
                        + " results bucket.")
                .build();
        CfnCondition withInjectors = CfnCondition.Builder.create(this, "WithInjectors").expression(
                Fn.conditionNot(Fn.conditionEquals(injectorImage.getValueAsString(), ""))).build();
        CfnCondition threeNats = CfnCondition.Builder.create(this, "ThreeNatGateways")
                .expression(Fn.conditionEquals(natGateways.getValueAsString(), "3")).build();
        CfnCondition route53 = CfnCondition.Builder.create(this, "WithRoute53").expression(Fn.conditionAnd(
                Fn.conditionNot(Fn.conditionEquals(hostedZoneId.getValueAsString(), "")),
                Fn.conditionNot(Fn.conditionEquals(recordName.getValueAsString(), "")))).build();

        Vpc vpc = network(threeNats);

        // Load balancer: cross-zone explicit, zonal shift on (ARC can move traffic out of an impaired zone).
        SecurityGroup albSg = SecurityGroup.Builder.create(this, "LoadBalancerSecurityGroup").vpc(vpc)
                .description("gameday shop load balancer - HTTP from anywhere").allowAllOutbound(true).build();
        albSg.addIngressRule(Peer.anyIpv4(), Port.tcp(80), "shoppers");
        ApplicationLoadBalancer alb = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer").vpc(vpc)
                .internetFacing(true).securityGroup(albSg).crossZoneEnabled(true)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build()).build();
        alb.setAttribute("zonal_shift.config.enabled", "true");
        ApplicationTargetGroup targetGroup = ApplicationTargetGroup.Builder.create(this, "TargetGroup").vpc(vpc)
                .port(spec.containerPort()).protocol(ApplicationProtocol.HTTP).targetType(TargetType.IP)
                .healthCheck(software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck.builder()
                        .path(timings.healthCheck().path())
                        .interval(seconds(timings.healthCheck().interval()))
                        .timeout(seconds(timings.healthCheck().timeout()))
                        .healthyThresholdCount(timings.healthCheck().healthyThreshold())
                        .unhealthyThresholdCount(timings.healthCheck().unhealthyThreshold())
                        .healthyHttpCodes("200").build())
                .deregistrationDelay(seconds(timings.deregistrationDelay())).build();
        targetGroup.setAttribute("load_balancing.cross_zone.enabled", "true");
        ApplicationListener listener = alb.addListener("Http", BaseApplicationListenerProps.builder().port(80)
                .protocol(ApplicationProtocol.HTTP).open(false).build());
        listener.addTargetGroups("Shop", software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetGroupsProps
                .builder().targetGroups(List.of(targetGroup)).build());

        // Fulfilment queue: orders the worker fails five times go to the dead-letter queue.
        Queue deadLetters = Queue.Builder.create(this, "OrdersDeadLetterQueue").retentionPeriod(Duration.days(14)).build();
        Queue orders = Queue.Builder.create(this, "OrdersQueue").visibilityTimeout(Duration.seconds(60))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(5).build()).build();

        // Database, credentials in Secrets Manager; the shop's admin token as a secret too.
        SecurityGroup serviceSg = SecurityGroup.Builder.create(this, "ServiceSecurityGroup").vpc(vpc)
                .description("gameday shop tasks - HTTP from the load balancer").allowAllOutbound(true).build();
        serviceSg.addIngressRule(albSg, Port.tcp(spec.containerPort()), "from the load balancer");
        SecurityGroup dbSg = SecurityGroup.Builder.create(this, "DatabaseSecurityGroup").vpc(vpc)
                .description("gameday shop database - PostgreSQL from the tasks").allowAllOutbound(false).build();
        dbSg.addIngressRule(serviceSg, Port.tcp(5432), "from the shop's tasks");
        Database database = database(vpc, dbSg, options.database());
        Secret adminToken = Secret.Builder.create(this, "AdminToken")
                .description("The shop's admin token (bearer token of /admin/audit/orders, read by the order audit)")
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(40).build())
                .build();

        // The shop on Fargate, built from the task definition template.
        Cluster cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc)
                .containerInsightsV2(ContainerInsights.ENABLED).build();
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "TaskDefinition")
                .family(NAME).cpu(spec.cpu()).memoryLimitMiB(spec.memoryMiB())
                .runtimePlatform(RuntimePlatform.builder().cpuArchitecture(CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX).build())
                // FIS's aws:ecs:task-network-* actions on Fargate need it.
                .enableFaultInjection(true).build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs").retention(RetentionDays.ONE_WEEK)
                .removalPolicy(RemovalPolicy.DESTROY).build();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("dbWriterEndpoint", database.writerHost());
        values.put("dbName", DB_NAME);
        values.put("dbUser", DB_USER);
        values.put("queueUrl", orders.getQueueUrl());
        values.put("region", Aws.REGION);
        values.put("service", SERVICE_NAME);
        Map<String, String> environment = new TreeMap<>(spec.environment(values::get));
        CfnUserPool pool = options.cognito() ? cognito(environment) : null;
        Map<String, software.amazon.awscdk.services.ecs.Secret> secrets = new LinkedHashMap<>();
        for (String name : spec.secrets().keySet()) {
            String placeholder = spec.secretPlaceholder(name);
            secrets.put(name, switch (placeholder) {
                case "dbPasswordSecretArn" -> software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(database.secret(), "password");
                case "adminTokenSecretArn" -> software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(adminToken);
                default -> throw new IllegalStateException(spec.file() + ": secrets." + name + ": the stack has no secret for ${"
                        + placeholder + "}");
            });
        }
        ShopContainerSpec.HealthCheckSpec hc = spec.healthCheck();
        task.addContainer(spec.containerName(), ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry(image.getValueAsString()))
                .essential(true)
                .portMappings(List.of(PortMapping.builder().containerPort(spec.containerPort()).name("http").build()))
                .stopTimeout(seconds(timings.stopTimeout()))
                .healthCheck(software.amazon.awscdk.services.ecs.HealthCheck.builder().command(hc.command())
                        .interval(Duration.seconds(hc.interval())).timeout(Duration.seconds(hc.timeout()))
                        .retries(hc.retries()).startPeriod(Duration.seconds(hc.startPeriod())).build())
                .environment(environment)
                .secrets(secrets)
                .dockerLabels(spec.dockerLabels())
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs)
                        .streamPrefix(spec.logStreamPrefix()).build()))
                .build());
        orders.grantSendMessages(task.getTaskRole());
        orders.grantConsumeMessages(task.getTaskRole());
        FargateService service = FargateService.Builder.create(this, "Service").cluster(cluster).taskDefinition(task)
                .serviceName(SERVICE_NAME).desiredCount(desiredCount.getValueAsNumber())
                .minHealthyPercent(100).maxHealthyPercent(200)
                .availabilityZoneRebalancing(AvailabilityZoneRebalancing.ENABLED)
                .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
                .healthCheckGracePeriod(Duration.seconds(hc.startPeriod()))
                .securityGroups(List.of(serviceSg)).assignPublicIp(false)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .build();
        service.attachToApplicationTargetGroup(targetGroup);
        ScalableTaskCount scaling = service.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(desiredCount.getValueAsNumber()).maxCapacity(maxCount.getValueAsNumber()).build());
        scaling.scaleOnRequestCount("RequestsPerTarget", RequestCountScalingProps.builder()
                .requestsPerTarget(REQUESTS_PER_TARGET).targetGroup(targetGroup).build());

        alarms(timings, alb, targetGroup, orders);
        Role fisRole = fisRole(cluster, database, vpc);
        CfnHealthCheck healthCheck = route53(route53, hostedZoneId, recordName, alb, timings);
        Injectors injectors = injectors(withInjectors, injectorImage, vpc, logs);
        CfnManagedPolicy harnessPolicy = harnessPolicy(home, cluster, service, database, fisRole, healthCheck, route53,
                injectors);

        output(StackOutput.SHOP_URL, "http://" + alb.getLoadBalancerDnsName(), null);
        output(StackOutput.LOAD_BALANCER_ARN, alb.getLoadBalancerArn(), null);
        output(StackOutput.TARGET_GROUP_ARN, targetGroup.getTargetGroupArn(), null);
        output(StackOutput.ECS_CLUSTER, cluster.getClusterName(), null);
        output(StackOutput.ECS_SERVICE, service.getServiceName(), null);
        output(database.output(), database.identifier(), null);
        output(StackOutput.QUEUE_NAME, orders.getQueueName(), null);
        output(StackOutput.DEAD_LETTER_QUEUE_NAME, deadLetters.getQueueName(), null);
        output(StackOutput.ALARM_NAMES, String.join(",", alarmNames), null);
        output(StackOutput.FIS_ROLE_ARN, fisRole.getRoleArn(), null);
        output(StackOutput.ADMIN_TOKEN_SECRET_ARN, adminToken.getSecretArn(), null);
        output(StackOutput.EMF_NAMESPACE, environment.get("SHOP_EMF_NAMESPACE"), null);
        output(StackOutput.HOSTED_ZONE_ID, hostedZoneId.getValueAsString(), route53);
        output(StackOutput.RECORD_NAME, recordName.getValueAsString(), route53);
        output(StackOutput.HEALTH_CHECK_ID, healthCheck.getAttrHealthCheckId(), route53);
        output(StackOutput.INJECTOR_TASK_DEFINITION, INJECTOR_FAMILY, withInjectors);
        output(StackOutput.INJECTOR_CONTAINER, INJECTOR_CONTAINER, withInjectors);
        List<String> zoneSubnets = new ArrayList<>();
        for (ISubnet subnet : vpc.getPrivateSubnets()) {
            zoneSubnets.add(Fn.join("=", List.of(subnet.getAvailabilityZone(), subnet.getSubnetId())));
        }
        output(StackOutput.INJECTOR_SUBNETS, Fn.join(",", zoneSubnets), withInjectors);
        output(StackOutput.INJECTOR_SECURITY_GROUP, injectors.securityGroup().getSecurityGroupId(), withInjectors);
        output(StackOutput.RESULTS_BUCKET, injectors.bucket().getRef(), withInjectors);
        CfnOutput.Builder.create(this, HARNESS_POLICY_OUTPUT).value(harnessPolicy.getRef())
                .description("The managed policy to attach to the role or user gameday plans and plays as ("
                        + HarnessPolicy.FILE + " on this stack's resources)").build()
                .overrideLogicalId(HARNESS_POLICY_OUTPUT);
        if (pool != null) {
            CfnOutput.Builder.create(this, "UserPoolId").value(pool.getRef())
                    .description("The Cognito user pool the shop trusts").build();
        }
    }

    /**
     * Three zones whatever the region: an environment-agnostic stack would otherwise get two. The
     * names are resolved by CloudFormation ({@code Fn::GetAZs}), so one template serves every region.
     */
    @Override
    public List<String> getAvailabilityZones() {
        List<String> zones = new ArrayList<>();
        for (int i = 0; i < ZONES; i++) {
            zones.add(Fn.select(i, Fn.getAzs()));
        }
        return zones;
    }

    /**
     * Public and private subnets in every zone. Three NAT gateways are synthesized; the second and third
     * (and their addresses) exist only when the {@code NatGateways} parameter says 3, else every private
     * subnet routes through the first.
     */
    private Vpc network(CfnCondition threeNats) {
        Vpc vpc = Vpc.Builder.create(this, "Vpc").maxAzs(ZONES).natGateways(ZONES)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .cidrMask(20).build()))
                .build();
        List<ISubnet> publics = vpc.getPublicSubnets();
        List<ISubnet> privates = vpc.getPrivateSubnets();
        CfnNatGateway first = (CfnNatGateway) publics.get(0).getNode().findChild("NATGateway");
        for (int i = 1; i < ZONES; i++) {
            CfnNatGateway nat = (CfnNatGateway) publics.get(i).getNode().findChild("NATGateway");
            nat.getCfnOptions().setCondition(threeNats);
            ((CfnEIP) publics.get(i).getNode().findChild("EIP")).getCfnOptions().setCondition(threeNats);
            CfnRoute route = (CfnRoute) privates.get(i).getNode().findChild("DefaultRoute");
            route.addPropertyOverride("NatGatewayId",
                    Fn.conditionIf(threeNats.getLogicalId(), nat.getRef(), first.getRef()));
        }
        for (ISubnet subnet : privates) {
            Tags.of(subnet).add(DISRUPT_TAG, DISRUPT_VALUE);
        }
        return vpc;
    }

    /** The database, whichever kind, as the rest of the stack needs it. */
    private record Database(String writerHost, String identifier, ISecret secret, StackOutput output,
                            Map<String, List<String>> rdsResources) {
    }

    private Database database(Vpc vpc, SecurityGroup dbSg, DeploymentOptions.Database kind) {
        InstanceType type = InstanceType.of(InstanceClass.T4G, InstanceSize.MEDIUM);
        SubnetSelection subnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
        List<String> zones = getAvailabilityZones();
        if (kind == DeploymentOptions.Database.INSTANCE) {
            DatabaseInstance db = DatabaseInstance.Builder.create(this, "Database")
                    .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                            .version(PostgresEngineVersion.VER_16_9).build()))
                    .instanceType(type).multiAz(true).allocatedStorage(20)
                    .credentials(Credentials.fromGeneratedSecret(DB_USER)).databaseName(DB_NAME)
                    .vpc(vpc).vpcSubnets(subnets).securityGroups(List.of(dbSg)).storageEncrypted(true)
                    // A sandbox game day stack: destroy leaves nothing behind (no final snapshot).
                    .removalPolicy(RemovalPolicy.DESTROY).deletionProtection(false).build();
            return new Database(db.getDbInstanceEndpointAddress(), db.getInstanceIdentifier(), db.getSecret(),
                    StackOutput.DB_INSTANCE, Map.of("rds:RebootDBInstance", List.of(db.getInstanceArn())));
        }
        DatabaseCluster db = DatabaseCluster.Builder.create(this, "Database")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_16_9).build()))
                .credentials(Credentials.fromGeneratedSecret(DB_USER)).defaultDatabaseName(DB_NAME)
                // Writer and reader pinned to different zones: failover always crosses a zone.
                .writer(ClusterInstance.provisioned("Writer", ProvisionedClusterInstanceProps.builder()
                        .instanceType(type).availabilityZone(zones.get(0)).build()))
                .readers(List.of(ClusterInstance.provisioned("Reader", ProvisionedClusterInstanceProps.builder()
                        .instanceType(type).availabilityZone(zones.get(1)).promotionTier(0).build())))
                .vpc(vpc).vpcSubnets(subnets).securityGroups(List.of(dbSg)).storageEncrypted(true)
                .removalPolicy(RemovalPolicy.DESTROY).deletionProtection(false).build();
        List<String> instances = db.getInstanceIdentifiers().stream()
                .map(id -> "arn:aws:rds:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":db:" + id).toList();
        return new Database(db.getClusterEndpoint().getHostname(), db.getClusterIdentifier(), db.getSecret(),
                StackOutput.DB_CLUSTER, Map.of("rds:FailoverDBCluster", List.of(db.getClusterArn()),
                "rds:RebootDBInstance", instances));
    }

    /** SHOP_JWKS_URL, issuer and audience from a new user pool and app client. */
    private CfnUserPool cognito(Map<String, String> environment) {
        CfnUserPool pool = CfnUserPool.Builder.create(this, "UserPool").userPoolName(NAME)
                .usernameAttributes(List.of("email")).build();
        CfnUserPoolClient client = CfnUserPoolClient.Builder.create(this, "UserPoolClient").userPoolId(pool.getRef())
                .generateSecret(false).explicitAuthFlows(List.of("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"))
                .build();
        String issuer = "https://cognito-idp." + Aws.REGION + ".amazonaws.com/" + pool.getRef();
        environment.put("SHOP_JWKS_URL", issuer + "/.well-known/jwks.json");
        environment.put("SHOP_JWT_ISSUER", issuer);
        environment.put("SHOP_JWT_AUDIENCE", client.getRef());
        return pool;
    }

    /**
     * {@code gameday-shop-5xx} exactly as the shared timings define it (the FIS stop condition of
     * rds-writer-failover names it), unhealthy hosts and the queue's oldest message.
     */
    private void alarms(SharedTimings timings, ApplicationLoadBalancer alb, ApplicationTargetGroup tg, Queue orders) {
        Map<String, String> values = Map.of("loadBalancer", alb.getLoadBalancerFullName(),
                "targetGroup", tg.getTargetGroupFullName(), "queue", orders.getQueueName());
        alarm(timings.alarm(ALARM_5XX, values),
                "The shop answers with server errors, sustained (from " + SharedTimings.FILE + "). FIS stop condition.");
        alarm(new AlarmDefinition(ALARM_UNHEALTHY_HOSTS,
                        new dev.gameday.core.metric.MetricQuery("AWS/ApplicationELB", "UnHealthyHostCount",
                                Map.of("LoadBalancer", values.get("loadBalancer"), "TargetGroup", values.get("targetGroup")),
                                dev.gameday.core.metric.Statistic.MAXIMUM, java.time.Duration.ofMinutes(1)),
                        dev.gameday.core.alarm.ComparisonOperator.GreaterThanOrEqualToThreshold, 1, 5, 5,
                        dev.gameday.core.alarm.TreatMissingData.NOT_BREACHING),
                "A shop task has failed the target group's health check for five minutes: longer than a replacement takes.");
        alarm(new AlarmDefinition(ALARM_QUEUE_AGE,
                        new dev.gameday.core.metric.MetricQuery("AWS/SQS", "ApproximateAgeOfOldestMessage",
                                Map.of("QueueName", values.get("queue")), dev.gameday.core.metric.Statistic.MAXIMUM,
                                java.time.Duration.ofMinutes(1)),
                        dev.gameday.core.alarm.ComparisonOperator.GreaterThanThreshold, 300, 3, 3,
                        dev.gameday.core.alarm.TreatMissingData.NOT_BREACHING),
                "Fulfilment lags: the oldest order in the queue has waited more than five minutes, three minutes running.");
    }

    private void alarm(AlarmDefinition alarm, String description) {
        List<CfnAlarm.DimensionProperty> dimensions = new ArrayList<>();
        // Sorted: the golden template must not depend on a map's iteration order.
        new TreeMap<>(alarm.metric().dimensions()).forEach((name, value) ->
                dimensions.add(CfnAlarm.DimensionProperty.builder().name(name).value(value).build()));
        CfnAlarm.Builder.create(this, "Alarm-" + alarm.name()).alarmName(alarm.name()).alarmDescription(description)
                .namespace(alarm.metric().namespace()).metricName(alarm.metric().metricName()).dimensions(dimensions)
                .statistic(alarm.metric().statistic().name()).period(alarm.metric().period().toSeconds())
                .evaluationPeriods(alarm.evaluationPeriods()).datapointsToAlarm(alarm.datapointsToAlarm())
                .threshold(alarm.threshold()).comparisonOperator(alarm.comparison().name())
                .treatMissingData(alarm.treatMissingData().wireName()).build();
        alarmNames.add(alarm.name());
    }

    /**
     * The role FIS experiments act with: trusted by FIS in this account only, allowed exactly the IAM
     * actions the catalogue's FIS actions need ({@link FisPermissions}), on this stack's resources where
     * the action takes a resource.
     */
    private Role fisRole(Cluster cluster, Database database, Vpc vpc) {
        String region = Aws.REGION;
        String account = Aws.ACCOUNT_ID;
        Map<String, List<String>> resources = new LinkedHashMap<>();
        String tasks = "arn:aws:ecs:" + region + ":" + account + ":task/" + cluster.getClusterName() + "/*";
        resources.put("ecs:StopTask", List.of(tasks));
        resources.put("ecs:DescribeTasks", List.of(tasks));
        resources.put("ssm:SendCommand", List.of("arn:aws:ssm:" + region + ":" + account + ":managed-instance/*",
                "arn:aws:ssm:" + region + "::document/*"));
        List<String> acls = List.of("arn:aws:ec2:" + region + ":" + account + ":network-acl/*", vpcArn(vpc));
        resources.put("ec2:CreateNetworkAcl", acls);
        resources.put("ec2:CreateNetworkAclEntry", acls);
        resources.put("ec2:DeleteNetworkAcl", acls);
        resources.put("ec2:CreateTags", List.of("arn:aws:ec2:" + region + ":" + account + ":network-acl/*"));
        resources.put("ec2:ReplaceNetworkAclAssociation", List.of(
                "arn:aws:ec2:" + region + ":" + account + ":network-acl/*",
                "arn:aws:ec2:" + region + ":" + account + ":subnet/*"));
        resources.putAll(database.rdsResources());

        // One statement per resource list; actions that take no resource ARN (describe, list, tag lookup) on *.
        Map<List<String>, List<String>> byResources = new LinkedHashMap<>();
        for (String action : FisPermissions.all()) {
            if ((action.equals("rds:FailoverDBCluster") || action.equals("rds:RebootDBInstance"))
                    && !database.rdsResources().containsKey(action)) {
                continue; // e.g. FailoverDBCluster with a DB instance: there is no cluster to fail over
            }
            byResources.computeIfAbsent(resources.getOrDefault(action, List.of("*")), r -> new ArrayList<>()).add(action);
        }
        List<PolicyStatement> statements = new ArrayList<>();
        byResources.forEach((res, actions) -> statements.add(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(actions).resources(res).build()));
        return Role.Builder.create(this, "FisRole")
                .description("The role FIS experiments of the gameday catalogue act with (chaos-experiments/templates)")
                .assumedBy(new ServicePrincipal("fis.amazonaws.com").withConditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", account))))
                .inlinePolicies(Map.of("catalogue-actions", PolicyDocument.Builder.create().statements(statements).build()))
                .build();
    }

    /**
     * The harness's own policy ({@link HarnessPolicy}): every example ARN of {@value HarnessPolicy#FILE}
     * becomes this stack's. Where the file names one resource (the FIS role, the ECS cluster and
     * service, the DB cluster, the health check) it is this stack's; where it takes a wildcard over
     * names made at run time (FIS templates and experiments, the service's tasks, the DB instances a
     * {@code db-cluster-id} filter lists) only the account and region are this stack's.
     */
    /** The injector option's resources: their task definition, security group and results bucket. */
    private record Injectors(FargateTaskDefinition task, SecurityGroup securityGroup, CfnBucket bucket,
                             CfnCondition condition) {
    }

    /**
     * With {@code InjectorImageUri}: the injector task definition (family {@value #INJECTOR_FAMILY}, the
     * harness's image with the command {@code inject}, its spec given per task in a container override),
     * a security group with egress only, and the results bucket. The task role may put objects under
     * the results prefix (its live seconds and files); the harness's policy runs, stops and reads them.
     */
    private Injectors injectors(CfnCondition condition, CfnParameter image, Vpc vpc, LogGroup logs) {
        CfnBucket bucket = CfnBucket.Builder.create(this, "InjectorResults")
                .publicAccessBlockConfiguration(CfnBucket.PublicAccessBlockConfigurationProperty.builder()
                        .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)
                        .build())
                .bucketEncryption(CfnBucket.BucketEncryptionProperty.builder().serverSideEncryptionConfiguration(List.of(
                        CfnBucket.ServerSideEncryptionRuleProperty.builder().serverSideEncryptionByDefault(
                                CfnBucket.ServerSideEncryptionByDefaultProperty.builder().sseAlgorithm("AES256").build())
                                .build())).build())
                .lifecycleConfiguration(CfnBucket.LifecycleConfigurationProperty.builder().rules(List.of(
                        CfnBucket.RuleProperty.builder().id("ExpireInjectorResults").status("Enabled")
                                .prefix(RESULTS_PREFIX + "/").expirationInDays(30).build())).build())
                .build();
        bucket.getCfnOptions().setCondition(condition);
        SecurityGroup securityGroup = SecurityGroup.Builder.create(this, "InjectorSg").vpc(vpc)
                .description("gameday injectors - no ingress, egress to the shop load balancer and S3")
                .allowAllOutbound(true).build();
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "InjectorTaskDef")
                .family(INJECTOR_FAMILY).cpu(1024).memoryLimitMiB(2048)
                .runtimePlatform(RuntimePlatform.builder().cpuArchitecture(CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX).build())
                .build();
        task.addContainer(INJECTOR_CONTAINER, ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry(image.getValueAsString()))
                .essential(true)
                .command(List.of("inject"))
                // StopTask's SIGTERM: the injector ends its arrivals and uploads its files before SIGKILL.
                .stopTimeout(Duration.seconds(60))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("injector").build()))
                .build());
        task.getTaskRole().addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("s3:PutObject"))
                .resources(List.of("arn:aws:s3:::" + bucket.getRef() + "/" + RESULTS_PREFIX + "/*")).build());
        for (Construct part : List.of(securityGroup, task)) {
            for (software.constructs.IConstruct child : part.getNode().findAll()) {
                if (child instanceof software.amazon.awscdk.CfnResource resource) {
                    resource.getCfnOptions().setCondition(condition);
                }
            }
        }
        return new Injectors(task, securityGroup, bucket, condition);
    }

    private CfnManagedPolicy harnessPolicy(Path home, Cluster cluster, FargateService service, Database database,
                                           Role fisRole, CfnHealthCheck healthCheck, CfnCondition route53,
                                           Injectors injectors) {
        String example = ":eu-west-1:123456789012:";
        String here = ":" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":";
        Map<String, HarnessPolicy.Scope> scopes = new LinkedHashMap<>();
        for (String wildcard : List.of("arn:aws:fis%sexperiment-template/*", "arn:aws:fis%sexperiment/*",
                "arn:aws:rds%sdb:*")) {
            scopes.put(wildcard.formatted(example), HarnessPolicy.Scope.of(wildcard.formatted(here)));
        }
        scopes.put("arn:aws:fis:eu-west-1::action/*", HarnessPolicy.Scope.of("arn:aws:fis:" + Aws.REGION + "::action/*"));
        scopes.put("arn:aws:iam::123456789012:role/gameday-fis", HarnessPolicy.Scope.of(fisRole.getRoleArn()));
        scopes.put("arn:aws:ecs" + example + "cluster/shop", HarnessPolicy.Scope.of(cluster.getClusterArn()));
        scopes.put("arn:aws:ecs" + example + "task/shop/*",
                HarnessPolicy.Scope.of("arn:aws:ecs" + here + "task/" + cluster.getClusterName() + "/*"));
        scopes.put("arn:aws:ecs" + example + "service/shop/shop-api", HarnessPolicy.Scope.of(service.getServiceArn()));
        // The cluster's ARN is the one FIS fails over; a Multi-AZ DB instance has no cluster to describe.
        scopes.put("arn:aws:rds" + example + "cluster:shop-db", new HarnessPolicy.Scope(
                database.rdsResources().getOrDefault("rds:FailoverDBCluster", List.of()), null));
        // The example file's alarms: its stop condition is this stack's 5XX alarm, its other alarm this stack's others.
        String alarms = "arn:aws:cloudwatch" + here + "alarm:";
        scopes.put("arn:aws:cloudwatch" + example + "alarm:shop-alb-5xx", HarnessPolicy.Scope.of(alarms + ALARM_5XX));
        scopes.put("arn:aws:cloudwatch" + example + "alarm:shop-p99-latency",
                HarnessPolicy.Scope.of(alarms + ALARM_UNHEALTHY_HOSTS, alarms + ALARM_QUEUE_AGE));
        scopes.put("arn:aws:route53:::healthcheck/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b", new HarnessPolicy.Scope(
                List.of("arn:aws:route53:::healthcheck/" + healthCheck.getAttrHealthCheckId()), route53));
        // The injector option's: its task definition family, its two roles, the results bucket and prefix.
        CfnCondition withInjectors = injectors.condition();
        scopes.put("arn:aws:ecs" + example + "task-definition/gameday-injector:*", new HarnessPolicy.Scope(
                List.of("arn:aws:ecs" + here + "task-definition/" + INJECTOR_FAMILY + ":*"), withInjectors));
        scopes.put("arn:aws:iam::123456789012:role/gameday-injector-task", new HarnessPolicy.Scope(
                List.of(injectors.task().getTaskRole().getRoleArn()), withInjectors));
        scopes.put("arn:aws:iam::123456789012:role/gameday-injector-execution", new HarnessPolicy.Scope(
                List.of(injectors.task().obtainExecutionRole().getRoleArn()), withInjectors));
        scopes.put("arn:aws:s3:::gameday-results-123456789012/gameday/*", new HarnessPolicy.Scope(
                List.of("arn:aws:s3:::" + injectors.bucket().getRef() + "/" + RESULTS_PREFIX + "/*"), withInjectors));
        scopes.put("arn:aws:s3:::gameday-results-123456789012", new HarnessPolicy.Scope(
                List.of(injectors.bucket().getAttrArn()), withInjectors));
        return CfnManagedPolicy.Builder.create(this, "HarnessPolicy")
                .description("gameday: plan and play game days against this stack (" + HarnessPolicy.FILE + ")")
                .policyDocument(HarnessPolicy.document(home, scopes)).build();
    }

    private String vpcArn(Vpc vpc) {
        return "arn:aws:ec2:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":vpc/" + vpc.getVpcId();
    }

    /** The optional failover record (PRIMARY, alias to the ALB) and its health check on the shop's health path. */
    private CfnHealthCheck route53(CfnCondition condition, CfnParameter zone, CfnParameter name,
                                   ApplicationLoadBalancer alb, SharedTimings timings) {
        CfnHealthCheck check = CfnHealthCheck.Builder.create(this, "HealthCheck")
                .healthCheckConfig(CfnHealthCheck.HealthCheckConfigProperty.builder().type("HTTP")
                        .fullyQualifiedDomainName(alb.getLoadBalancerDnsName()).port(80)
                        .resourcePath(timings.healthCheck().path()).requestInterval(10).failureThreshold(3).build())
                .build();
        check.getCfnOptions().setCondition(condition);
        CfnRecordSet record = CfnRecordSet.Builder.create(this, "FailoverRecord")
                .hostedZoneId(zone.getValueAsString()).name(name.getValueAsString()).type("A")
                .setIdentifier("primary").failover("PRIMARY").healthCheckId(check.getAttrHealthCheckId())
                .aliasTarget(CfnRecordSet.AliasTargetProperty.builder().dnsName(alb.getLoadBalancerDnsName())
                        .hostedZoneId(alb.getLoadBalancerCanonicalHostedZoneId()).evaluateTargetHealth(true).build())
                .build();
        record.getCfnOptions().setCondition(condition);
        return check;
    }

    private void output(StackOutput key, String value, CfnCondition condition) {
        CfnOutput output = CfnOutput.Builder.create(this, key.key()).value(value).description(key.description()).build();
        output.overrideLogicalId(key.key());
        if (condition != null) {
            output.setCondition(condition);
        }
    }

    private static Duration seconds(java.time.Duration d) {
        return Duration.seconds(d.toSeconds());
    }
}
