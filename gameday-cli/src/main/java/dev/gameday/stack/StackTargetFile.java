package dev.gameday.stack;

import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.core.config.ConfigException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An {@code aws} target file written from the reference deployment's stack outputs: every name and
 * ARN a game day needs, the stack's own account as the one account allowed, and the shop's EMF
 * namespace as high-resolution. The text is validated as a target file before it is written, so a
 * file this writes always loads.
 */
public final class StackTargetFile {

    /**
     * The admin token's lines: over https the order audit reads it from {@link #ADMIN_TOKEN_ENV};
     * over plain http (the stack's listener without a certificate) the token would cross the network
     * in clear, which the target file refuses (docs/SECURITY.md), so it is left out and the file says
     * why — the order audit, and an {@code order-integrity} SLO, then have no data.
     */
    private static void adminToken(StringBuilder y, StackDescription stack, String baseUrl) {
        String secret = stack.output(StackOutput.ADMIN_TOKEN_SECRET_ARN).orElse("<AdminTokenSecretArn>");
        if (!baseUrl.startsWith("https://")) {
            y.append("# No adminTokenEnv: the shop answers on plain http, and the admin token never crosses the\n")
                    .append("# network in clear (docs/SECURITY.md). Without it the order audit is skipped and an\n")
                    .append("# order-integrity SLO has no data. Put an https listener in front of the shop (a\n")
                    .append("# certificate), set baseUrl to https://…, then add: adminTokenEnv: ").append(ADMIN_TOKEN_ENV)
                    .append("\n# with the token from secret ").append(secret).append('\n');
            return;
        }
        y.append("# The order audit reads the shop's admin token from this variable:\n")
                .append("#   export ").append(ADMIN_TOKEN_ENV).append("=$(aws secretsmanager get-secret-value --region ")
                .append(stack.region()).append(" --query SecretString --output text --secret-id ")
                .append(secret).append(")\n")
                .append("adminTokenEnv: ").append(ADMIN_TOKEN_ENV).append('\n');
    }

    /** The environment variable the written file names for the shop's admin token. */
    public static final String ADMIN_TOKEN_ENV = "GAMEDAY_SHOP_ADMIN_TOKEN";

    private StackTargetFile() {
    }

    /** The target file's text for {@code stack}; {@code fileName} is what validation errors would name. */
    public static String yaml(StackDescription stack, String fileName) {
        String baseUrl = stack.required(StackOutput.SHOP_URL);
        StringBuilder y = new StringBuilder();
        y.append("# An aws target written by `gameday target --from-stack-outputs` (or `gameday deploy`) from the\n")
                .append("# outputs of stack ").append(stack.name()).append(" (").append(stack.stackId()).append(").\n")
                .append("# targets/aws-example.yaml documents every field. Write it again after an update of the stack.\n")
                .append("kind: aws\n")
                .append("region: ").append(quoted(stack.region())).append('\n')
                .append("# The stack's own account, and no other.\n")
                .append("allowedAccounts:\n  - ").append(quoted(stack.account())).append('\n')
                .append("baseUrl: ").append(quoted(baseUrl)).append('\n');
        adminToken(y, stack, baseUrl);
        y.append("loadBalancer: ").append(quoted(stack.required(StackOutput.LOAD_BALANCER_ARN))).append('\n')
                .append("targetGroup: ").append(quoted(stack.required(StackOutput.TARGET_GROUP_ARN))).append('\n')
                .append("ecs:\n")
                .append("  cluster: ").append(quoted(stack.required(StackOutput.ECS_CLUSTER))).append('\n')
                .append("  service: ").append(quoted(stack.required(StackOutput.ECS_SERVICE))).append('\n')
                .append("database:\n").append(database(stack))
                .append("queue: ").append(quoted(stack.required(StackOutput.QUEUE_NAME))).append('\n')
                .append("alarms:\n");
        for (String alarm : alarms(stack)) {
            y.append("  - ").append(quoted(alarm)).append('\n');
        }
        stopConditionAlarm(stack).ifPresent(alarm -> y
                .append("# Every experiment on this target stops when the shop sustains server errors: CloudWatch\n")
                .append("# stops it even if the harness dies (docs/SECURITY.md).\n")
                .append("stopConditionAlarms:\n  - ").append(quoted(alarm)).append('\n'));
        y.append("fisRoleArn: ").append(quoted(stack.required(StackOutput.FIS_ROLE_ARN))).append('\n')
                .append("highResolutionNamespaces:\n  - ").append(quoted(stack.required(StackOutput.EMF_NAMESPACE))).append('\n');
        if (stack.output(StackOutput.HOSTED_ZONE_ID).isPresent()) {
            y.append("route53:\n")
                    .append("  hostedZoneId: ").append(quoted(stack.required(StackOutput.HOSTED_ZONE_ID))).append('\n')
                    .append("  recordName: ").append(quoted(stack.required(StackOutput.RECORD_NAME))).append('\n')
                    .append("  recordType: A\n");
            stack.output(StackOutput.HEALTH_CHECK_ID).ifPresent(id ->
                    y.append("  healthCheckIds:\n    - ").append(quoted(id)).append('\n'));
        }
        if (stack.output(StackOutput.INJECTOR_TASK_DEFINITION).isPresent()) {
            injectors(y, stack);
        }
        String text = y.toString();
        try {
            AwsTargetConfig.parse(fileName, text);
        } catch (ConfigException | IllegalArgumentException e) {
            // The outputs were there but do not make a valid target: say which stack gave them.
            throw new ConfigException(stack.source(), 0, "Outputs", "stack " + stack.name()
                    + "'s outputs do not make a valid target file: " + e.getMessage());
        }
        return text;
    }

    /**
     * The {@code injectors:} block of a stack deployed with the injector option: its task definition
     * and container, its private subnets per zone, its security group, the results bucket (under the
     * stack's {@code gameday/} prefix, the one its task role may write).
     */
    private static void injectors(StringBuilder y, StackDescription stack) {
        y.append("# load.injectors > 1: injectors run as ECS tasks of the stack's injector task definition.\n")
                .append("injectors:\n")
                .append("  cluster: ").append(quoted(stack.required(StackOutput.ECS_CLUSTER))).append('\n')
                .append("  taskDefinition: ").append(quoted(stack.required(StackOutput.INJECTOR_TASK_DEFINITION))).append('\n')
                .append("  container: ").append(quoted(stack.required(StackOutput.INJECTOR_CONTAINER))).append('\n')
                .append("  subnets:\n");
        for (String pair : stack.required(StackOutput.INJECTOR_SUBNETS).split(",")) {
            String[] zoneSubnet = pair.trim().split("=", 2);
            if (zoneSubnet.length != 2) {
                throw new ConfigException(stack.source(), 0, "Outputs", "stack " + stack.name() + "'s output "
                        + StackOutput.INJECTOR_SUBNETS.key() + " must be zone=subnet pairs, has '" + pair + "'");
            }
            y.append("    ").append(zoneSubnet[0]).append(": ").append(quoted(zoneSubnet[1])).append('\n');
        }
        y.append("  securityGroups:\n    - ").append(quoted(stack.required(StackOutput.INJECTOR_SECURITY_GROUP))).append('\n')
                .append("  results:\n")
                .append("    bucket: ").append(quoted(stack.required(StackOutput.RESULTS_BUCKET))).append('\n')
                .append("    prefix: gameday\n");
    }

    /** Writes the target file for {@code stack} to {@code out} (its folder is created). */
    public static void write(StackDescription stack, Path out) {
        String text = yaml(stack, out.toString());
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private static String database(StackDescription stack) {
        var cluster = stack.output(StackOutput.DB_CLUSTER);
        var instance = stack.output(StackOutput.DB_INSTANCE);
        if (cluster.isPresent() == instance.isPresent()) {
            throw new ConfigException(stack.source(), 0, "Outputs", "stack " + stack.name() + " must have exactly one of the outputs "
                    + StackOutput.DB_CLUSTER.key() + " and " + StackOutput.DB_INSTANCE.key() + ", has "
                    + (cluster.isPresent() ? "both" : "neither"));
        }
        return cluster.map(c -> "  cluster: " + quoted(c) + "\n").orElseGet(() -> "  instance: " + quoted(instance.get()) + "\n");
    }

    /** The stack's sustained-5XX alarm, the stop condition every experiment gets on this target. */
    private static Optional<String> stopConditionAlarm(StackDescription stack) {
        return alarms(stack).stream().filter(a -> a.endsWith("-5xx")).findFirst();
    }

    private static List<String> alarms(StackDescription stack) {
        return Arrays.stream(stack.required(StackOutput.ALARM_NAMES).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** A YAML double-quoted scalar (the values are ARNs, names and URLs: backslash and quote escaped suffice). */
    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
