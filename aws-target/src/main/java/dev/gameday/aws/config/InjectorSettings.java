package dev.gameday.aws.config;

import dev.gameday.core.config.ConfigNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The optional {@code injectors:} block of a target file: where a game day with
 * {@code load.injectors > 1} runs its shopper injectors on AWS — stand-alone Fargate tasks
 * ({@code RunTask}) of an injector task definition, one subnet per Availability Zone — and the S3
 * bucket and prefix their results and finished seconds go through.
 *
 * @param cluster        the ECS cluster the injector tasks run in (default: the shop's)
 * @param taskDefinition the injector task definition: {@code family} or {@code family:revision}
 * @param container      the container of that task definition whose environment carries the spec
 * @param subnets        one subnet per Availability Zone, the injectors spread over them in order
 * @param securityGroups the tasks' security groups (may be empty: the VPC's default group)
 * @param publicIp       whether the tasks get a public IP (public subnets without a NAT gateway)
 * @param bucket         the results bucket
 * @param prefix         the key prefix under which each run writes {@code <runId>/injectors/<id>/…}
 *                       (no leading or trailing slash; may be empty)
 */
public record InjectorSettings(String cluster, String taskDefinition, String container, Map<String, String> subnets,
                               List<String> securityGroups, boolean publicIp, String bucket, String prefix) {

    private static final Pattern ECS_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern TASK_DEFINITION = Pattern.compile("[A-Za-z0-9_-]{1,255}(:[1-9][0-9]*)?");
    private static final Pattern ZONE = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+[a-z]");
    private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]{8,17}");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]{8,17}");
    /** S3's bucket naming rules (general purpose buckets): 3–63 lower-case letters, digits, dots, hyphens. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*)?");

    public InjectorSettings {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(taskDefinition, "taskDefinition");
        Objects.requireNonNull(container, "container");
        subnets = Map.copyOf(new LinkedHashMap<>(subnets));
        securityGroups = List.copyOf(securityGroups);
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        if (subnets.isEmpty()) {
            throw new IllegalArgumentException("injectors need at least one subnet");
        }
    }

    /** The task definition's family: what the harness's IAM policy and the blast-radius guard know injectors by. */
    public String family() {
        int colon = taskDefinition.indexOf(':');
        return colon < 0 ? taskDefinition : taskDefinition.substring(0, colon);
    }

    /** The zones with a subnet, sorted: injector {@code i} of N runs in zone {@code i mod zones}. */
    public List<String> zones() {
        return subnets.keySet().stream().sorted().toList();
    }

    /** The key prefix of one run's injector files: {@code <prefix>/<runId>/injectors/}. */
    public String runPrefix(String runId) {
        return (prefix.isEmpty() ? "" : prefix + "/") + runId + "/injectors/";
    }

    /**
     * Reads and validates the block; every mistake names the file, line and field.
     *
     * @param shopCluster the shop's cluster ({@code ecs.cluster}), the default of {@code cluster}
     */
    static InjectorSettings parse(ConfigNode node, String shopCluster) {
        node.allowOnly("cluster", "taskDefinition", "container", "subnets", "securityGroups", "publicIp", "results");
        String cluster = node.find("cluster")
                .map(n -> matching(n, ECS_NAME, "must be an ECS cluster name (not its ARN)")).orElse(shopCluster);
        if (!node.has("taskDefinition")) {
            throw node.error("missing required field 'taskDefinition': the injector task definition's family"
                    + " (or family:revision) — the reference deployment's output InjectorTaskDefinition");
        }
        String taskDefinition = matching(node.get("taskDefinition"), TASK_DEFINITION,
                "must be a task definition family or family:revision (not its ARN)");
        if (!node.has("container")) {
            throw node.error("missing required field 'container': the container of " + taskDefinition
                    + " whose environment carries the injector's spec");
        }
        String container = matching(node.get("container"), ECS_NAME, "must be a container name");
        if (!node.has("subnets")) {
            throw node.error("missing required field 'subnets': one subnet per Availability Zone"
                    + " (eu-west-1a: subnet-0123456789abcdef0), the injectors spread over them");
        }
        ConfigNode subnetsNode = node.get("subnets");
        if (!subnetsNode.isMapping() || subnetsNode.fields().isEmpty()) {
            throw subnetsNode.error("must map each Availability Zone to one subnet id, e.g. eu-west-1a: subnet-0123456789abcdef0");
        }
        Map<String, String> subnets = new LinkedHashMap<>();
        subnetsNode.fields().forEach((zone, subnet) -> {
            if (!ZONE.matcher(zone).matches()) {
                throw subnet.error("'" + zone + "' is not an Availability Zone name such as eu-west-1a");
            }
            String id = matching(subnet, SUBNET, "must be a subnet id such as subnet-0123456789abcdef0");
            if (subnets.containsValue(id)) {
                throw subnet.error("subnet " + id + " is given for two zones; a subnet lies in one zone");
            }
            subnets.put(zone, id);
        });
        List<String> groups = new ArrayList<>();
        node.find("securityGroups").ifPresent(list -> list.list().forEach(n ->
                groups.add(matching(n, SECURITY_GROUP, "must be a security group id such as sg-0123456789abcdef0"))));
        boolean publicIp = node.find("publicIp").map(ConfigNode::bool).orElse(false);
        if (!node.has("results")) {
            throw node.error("missing required field 'results': the S3 bucket (and prefix) injectors upload their"
                    + " results and finished seconds to");
        }
        ConfigNode results = node.get("results").allowOnly("bucket", "prefix");
        if (!results.has("bucket")) {
            throw results.error("missing required field 'bucket': the S3 bucket injectors upload to");
        }
        String bucket = matching(results.get("bucket"), BUCKET, "must be an S3 bucket name (3-63 lower-case letters,"
                + " digits, dots and hyphens; not an ARN or s3:// URL)");
        String prefix = results.find("prefix").map(n -> {
            String text = n.text().trim();
            while (text.endsWith("/")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.startsWith("/") || !PREFIX.matcher(text).matches()) {
                throw n.error("must be an S3 key prefix of letters, digits and !_.*'()- separated by single slashes,"
                        + " with no leading slash, was '" + n.text().trim() + "'");
            }
            return text;
        }).orElse("gameday");
        return new InjectorSettings(cluster, taskDefinition, container, subnets, groups, publicIp, bucket, prefix);
    }

    private static String matching(ConfigNode node, Pattern pattern, String reason) {
        String text = node.text().trim();
        if (!pattern.matcher(text).matches()) {
            throw node.error(reason + ", was '" + text + "'");
        }
        return text;
    }
}
