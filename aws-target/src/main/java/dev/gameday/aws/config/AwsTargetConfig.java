package dev.gameday.aws.config;

import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.net.Loopback;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated {@code aws} target file ({@code targets/aws-example.yaml} documents every field):
 * which account and region a game day may touch, where shoppers send traffic, and the names of the
 * deployment's load balancer, ECS service, database, queue, alarms and FIS role. Read with
 * {@link #load(Path)}; a bad file fails with file, line and field before anything is called.
 *
 * @param file            the file as the user named it (error messages name it)
 * @param region          e.g. {@code eu-west-1}
 * @param allowedAccounts the account ids a game day may run in; never empty
 * @param baseUrl         the shop's public base URL (the load balancer's, or a DNS name in front of it)
 * @param adminTokenEnv   the environment variable holding the shop's admin token, or {@code null}
 * @param loadBalancer    the Application Load Balancer
 * @param targetGroup     the shop's target group behind it
 * @param cluster         the ECS cluster name
 * @param service         the ECS service name
 * @param database        the RDS DB cluster or DB instance
 * @param queue           the SQS queue name, or {@code null}
 * @param alarms          CloudWatch alarm names (stop conditions and guardrails may use them)
 * @param fisRoleArn      the IAM role FIS acts with
 * @param subnetTags      the tags the subnets an experiment may cut carry (the inventory lists those)
 * @param statusCacheTtl  how long the live status is reused before AWS is asked again
 * @param endpoints       endpoint overrides per service (VPC endpoints, LocalStack, test stand-ins)
 * @param route53         the failover record and health checks to watch during a game day, or {@code null}
 * @param highResolutionNamespaces custom namespaces with 1-second data (the shop's EMF metrics,
 *        {@code SHOP_EMF_NAMESPACE}): SLOs on them keep their 1-second periods on AWS
 * @param stopConditionAlarms CloudWatch alarm names added to every experiment as
 *        {@code aws:cloudwatch:alarm} stop conditions (in place of {@code {"source": "none"}})
 * @param allowNoStopCondition whether an experiment with no alarm stop condition may run (default:
 *        refused, since nothing would stop it if the harness died)
 * @param injectors       where shopper injectors run as ECS tasks ({@code load.injectors > 1}), or {@code null}
 */
public record AwsTargetConfig(String file, String region, List<String> allowedAccounts, URI baseUrl,
                              String adminTokenEnv, ElbArn loadBalancer, ElbArn targetGroup, String cluster,
                              String service, DatabaseRef database, String queue, List<String> alarms,
                              String fisRoleArn, Map<String, String> subnetTags, Duration statusCacheTtl,
                              Map<AwsService, URI> endpoints, Route53Settings route53,
                              List<String> highResolutionNamespaces, List<String> stopConditionAlarms,
                              boolean allowNoStopCondition, InjectorSettings injectors) {

    /** The tags AWS's "AZ Availability: Power Interruption" scenario selects subnets by. */
    public static final Map<String, String> DEFAULT_SUBNET_TAGS = Map.of("AzImpairmentPower", "DisruptSubnet");
    /** Long enough to keep a once-a-second status line well inside ELB and ECS describe rate limits. */
    public static final Duration DEFAULT_STATUS_CACHE_TTL = Duration.ofSeconds(5);

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/[\\w+=,.@/-]+");
    private static final Pattern ECS_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern RDS_ID = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,62}");
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}(\\.fifo)?");
    /** CloudWatch alarm names: up to 255 characters, no control characters; ':' would break the ARN. */
    private static final Pattern ALARM_NAME = Pattern.compile("[^:\\p{Cntrl}]{1,255}");

    private static final String[] FIELDS = {"kind", "region", "allowedAccounts", "baseUrl", "adminTokenEnv",
            "loadBalancer", "targetGroup", "ecs", "database", "queue", "alarms", "fisRoleArn", "subnetTags",
            "statusCacheTtl", "endpoints", "route53", "highResolutionNamespaces", "stopConditionAlarms",
            "allowNoStopCondition", "injectors"};

    public AwsTargetConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(region, "region");
        allowedAccounts = List.copyOf(allowedAccounts);
        if (allowedAccounts.isEmpty()) {
            throw new IllegalArgumentException("allowedAccounts must not be empty");
        }
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(loadBalancer, "loadBalancer");
        Objects.requireNonNull(targetGroup, "targetGroup");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(database, "database");
        alarms = List.copyOf(alarms);
        Objects.requireNonNull(fisRoleArn, "fisRoleArn");
        subnetTags = Map.copyOf(subnetTags);
        Objects.requireNonNull(statusCacheTtl, "statusCacheTtl");
        endpoints = endpoints.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(endpoints));
        highResolutionNamespaces = List.copyOf(highResolutionNamespaces);
        stopConditionAlarms = List.copyOf(stopConditionAlarms);
    }

    /** Reads and validates a target file. */
    public static AwsTargetConfig load(Path file) {
        return from(ConfigNode.load(file));
    }

    /** Validates target file text; {@code file} is the name errors show. */
    public static AwsTargetConfig parse(String file, String yaml) {
        return from(ConfigNode.parse(file, yaml));
    }

    /** The endpoint override of {@code service}, if the file sets one. */
    public Optional<URI> endpoint(AwsService service) {
        return Optional.ofNullable(endpoints.get(service));
    }

    /** The Route 53 block, if the file has one. */
    public Optional<Route53Settings> route53Settings() {
        return Optional.ofNullable(route53);
    }

    /**
     * The placeholder values the file alone gives, without calling AWS: what {@code gameday plan}
     * fills templates with when the account cannot be reached. {@code account} is the deployment's
     * (the ARNs name it); {@code zones}, {@code zone} and a DB cluster's writer {@code dbInstance}
     * are only known live and are absent.
     */
    public Map<String, String> offlineParameters() {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("loadBalancer", loadBalancer.dimension());
        p.put("targetGroup", targetGroup.dimension());
        p.put("cluster", cluster);
        p.put("service", service);
        if (database.isCluster()) {
            p.put("dbCluster", database.clusterId());
        } else {
            p.put("dbInstance", database.instanceId());
        }
        if (queue != null) {
            p.put("queue", queue);
        }
        p.put("region", region);
        p.put("account", deploymentAccount());
        p.put("roleArn", fisRoleArn);
        return p;
    }

    /** The {@code injectors:} block, if the file has one. */
    public Optional<InjectorSettings> injectorSettings() {
        return Optional.ofNullable(injectors);
    }

    /**
     * The services this target calls: all but Route 53, which only a {@code route53:} block brings
     * in, and S3, which only an {@code injectors:} block does.
     */
    public Set<AwsService> usedServices() {
        return servicesUsed(route53 != null, injectors != null);
    }

    private static Set<AwsService> servicesUsed(boolean route53, boolean injectors) {
        Set<AwsService> used = EnumSet.allOf(AwsService.class);
        if (!route53) {
            used.remove(AwsService.ROUTE53);
        }
        if (!injectors) {
            used.remove(AwsService.S3);
        }
        return used;
    }

    /** The account the load balancer lives in: the one the deployment's ARNs are built with. */
    public String deploymentAccount() {
        return loadBalancer.account();
    }

    private static AwsTargetConfig from(ConfigNode root) {
        root.allowOnly(FIELDS);
        root.find("kind").ifPresent(kind -> {
            if (!kind.text().equals("aws")) {
                throw kind.error("this is an aws target file, so kind must be 'aws' (or left out), was '" + kind.text() + "'");
            }
        });
        String region = matching(root.get("region"), REGION, "must be an AWS region such as eu-west-1");
        List<String> accounts = allowedAccounts(root);
        URI baseUrl = httpUrl(root.get("baseUrl"));
        String adminTokenEnv = root.find("adminTokenEnv")
                .map(n -> matching(n, ENV_NAME, "must be the NAME of an environment variable (the token itself never goes into a target file)"))
                .orElse(null);
        if (adminTokenEnv != null && Loopback.isCleartextOffHost(baseUrl)) {
            // The audit sends the admin token (it reads every order) to baseUrl: never in clear across a network.
            throw root.get("baseUrl").error("is plain http to " + baseUrl.getHost() + ", but adminTokenEnv is set: the"
                    + " shop's admin token would cross the network in clear; use https, or remove adminTokenEnv"
                    + " (the order audit is then skipped)");
        }
        ElbArn loadBalancer = elb(root.get("loadBalancer"), true, region, accounts);
        ElbArn targetGroup = elb(root.get("targetGroup"), false, region, accounts);
        ConfigNode ecs = root.get("ecs").allowOnly("cluster", "service");
        String cluster = matching(ecs.get("cluster"), ECS_NAME, "must be an ECS cluster name (not its ARN)");
        String service = matching(ecs.get("service"), ECS_NAME, "must be an ECS service name (not its ARN)");
        DatabaseRef database = database(root.get("database"));
        String queue = root.find("queue").map(n -> matching(n, QUEUE_NAME, "must be an SQS queue name (not its URL)")).orElse(null);
        List<String> alarms = new ArrayList<>();
        root.find("alarms").ifPresent(list -> list.list().forEach(n -> alarms.add(n.name())));
        ConfigNode roleNode = root.get("fisRoleArn");
        String role = matching(roleNode, ROLE_ARN, "must be an IAM role ARN such as arn:aws:iam::123456789012:role/gameday-fis");
        String roleAccount = ROLE_ARN.matcher(role).results().findFirst().orElseThrow().group(1);
        if (!accounts.contains(roleAccount)) {
            throw roleNode.error("the role is in account " + roleAccount + ", which allowedAccounts does not list");
        }
        Map<String, String> subnetTags = root.find("subnetTags").map(ConfigNode::stringMap).orElse(DEFAULT_SUBNET_TAGS);
        if (subnetTags.isEmpty()) {
            throw root.get("subnetTags").error("must name at least one tag: without one every subnet of the region would be a candidate");
        }
        Duration ttl = root.find("statusCacheTtl").map(ConfigNode::positiveDuration).orElse(DEFAULT_STATUS_CACHE_TTL);
        Map<AwsService, URI> endpoints = new EnumMap<>(AwsService.class);
        root.find("endpoints").ifPresent(block -> block.allowOnly(AwsService.keys()).fields().forEach((key, value) ->
                endpoints.put(AwsService.byKey(key).orElseThrow(), httpUrl(value))));
        Route53Settings route53 = root.find("route53").map(Route53Settings::parse).orElse(null);
        InjectorSettings injectors = root.find("injectors").map(n -> InjectorSettings.parse(n, cluster)).orElse(null);
        EndpointRule.check(endpoints, servicesUsed(route53 != null, injectors != null)).ifPresent(refusal -> {
            ConfigNode block = root.get("endpoints");
            throw block.find(refusal.service().key()).orElse(block).error(refusal.reason());
        });
        List<String> highResolution = new ArrayList<>();
        root.find("highResolutionNamespaces").ifPresent(list -> list.list().forEach(n -> {
            String namespace = n.text().trim();
            if (namespace.isEmpty() || namespace.startsWith("AWS/")) {
                // AWS's own namespaces keep one point a minute; claiming 1 s would rescale nothing and read gaps.
                throw n.error("must be a custom namespace (AWS/* metrics have 60-second data), was '" + namespace + "'");
            }
            highResolution.add(namespace);
        }));
        List<String> stopAlarms = new ArrayList<>();
        root.find("stopConditionAlarms").ifPresent(list -> list.list().forEach(n ->
                stopAlarms.add(matching(n, ALARM_NAME, "must be a CloudWatch alarm name (not its ARN)"))));
        boolean allowNoStopCondition = root.find("allowNoStopCondition").map(ConfigNode::bool).orElse(false);
        return new AwsTargetConfig(root.file(), region, accounts, baseUrl, adminTokenEnv, loadBalancer, targetGroup,
                cluster, service, database, queue, alarms, role, subnetTags, ttl, endpoints, route53, highResolution,
                stopAlarms, allowNoStopCondition, injectors);
    }

    private static List<String> allowedAccounts(ConfigNode root) {
        if (!root.has("allowedAccounts")) {
            throw root.error("missing required field 'allowedAccounts': list the AWS account ids game days may run in,"
                    + " so a game day never injects faults into the wrong account");
        }
        ConfigNode node = root.get("allowedAccounts");
        List<String> out = new ArrayList<>();
        for (ConfigNode item : node.list()) {
            out.add(matching(item, ACCOUNT, "must be a 12-digit AWS account id (quote it: \"012345678901\")"));
        }
        if (out.isEmpty()) {
            throw node.error("must list at least one AWS account id");
        }
        return out;
    }

    private static ElbArn elb(ConfigNode node, boolean loadBalancer, String region, List<String> accounts) {
        ElbArn arn;
        try {
            arn = loadBalancer ? ElbArn.loadBalancer(node.text().trim()) : ElbArn.targetGroup(node.text().trim());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        if (!arn.region().equals(region)) {
            throw node.error("is in region " + arn.region() + ", but the target's region is " + region);
        }
        if (!accounts.contains(arn.account())) {
            throw node.error("is in account " + arn.account() + ", which allowedAccounts does not list");
        }
        return arn;
    }

    private static DatabaseRef database(ConfigNode node) {
        node.allowOnly("cluster", "instance");
        boolean cluster = node.has("cluster");
        if (cluster == node.has("instance")) {
            throw node.error("set exactly one of 'cluster' (a Multi-AZ DB cluster or Aurora cluster identifier)"
                    + " and 'instance' (a Multi-AZ DB instance identifier)");
        }
        return cluster
                ? DatabaseRef.cluster(matching(node.get("cluster"), RDS_ID, "must be a DB cluster identifier"))
                : DatabaseRef.instance(matching(node.get("instance"), RDS_ID, "must be a DB instance identifier"));
    }

    private static URI httpUrl(ConfigNode node) {
        String text = node.text().trim();
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw node.error("must be an http:// or https:// URL, was '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw node.error("must be an http:// or https:// URL, was '" + text + "'");
        }
    }

    private static String matching(ConfigNode node, Pattern pattern, String reason) {
        String text = node.text().trim();
        if (!pattern.matcher(text).matches()) {
            throw node.error(reason + ", was '" + text + "'");
        }
        return text;
    }
}
