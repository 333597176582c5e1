package dev.gameday.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shop's container as {@code reference-service/deploy/ecs-task-definition.json} describes it: the
 * stack builds its task definition from that file (size, port, health check, environment, secrets, log
 * stream prefix, labels), filling its {@code ${…}} placeholders with the stack's own values, so the
 * hand-deployable template and the stack cannot disagree.
 *
 * @param file            where it was read from
 * @param cpu             task CPU units
 * @param memoryMiB       task memory
 * @param containerName   the container's name
 * @param containerPort   the port the shop listens on
 * @param stopTimeoutSeconds the file's stopTimeout (the stack takes the shared timings'; a test checks they agree)
 * @param healthCheck     the container health check: command, interval, timeout, retries, startPeriod
 * @param environment     name → value with placeholders as written
 * @param secrets         name → placeholder naming the secret ({@code ${dbPasswordSecretArn}} …)
 * @param logStreamPrefix the awslogs stream prefix
 * @param dockerLabels    the container's labels
 */
public record ShopContainerSpec(Path file, int cpu, int memoryMiB, String containerName, int containerPort,
                                int stopTimeoutSeconds, HealthCheckSpec healthCheck, Map<String, String> environment,
                                Map<String, String> secrets, String logStreamPrefix, Map<String, String> dockerLabels) {

    /** The file, relative to the project's folder. */
    public static final String FILE = "reference-service/deploy/ecs-task-definition.json";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");

    /**
     * The container health check as the file writes it.
     *
     * @param command     the CMD array
     * @param interval    seconds
     * @param timeout     seconds
     * @param retries     failures before unhealthy
     * @param startPeriod seconds of grace after start
     */
    public record HealthCheckSpec(List<String> command, int interval, int timeout, int retries, int startPeriod) {
    }

    /** Reads {@link #FILE} under {@code home}. */
    public static ShopContainerSpec load(Path home) {
        Path file = home.resolve(FILE);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode container = required(file, root, "containerDefinitions").get(0);
        JsonNode hc = required(file, container, "healthCheck");
        List<String> command = new ArrayList<>();
        hc.get("command").forEach(n -> command.add(n.asText()));
        Map<String, String> environment = new LinkedHashMap<>();
        container.path("environment").forEach(n -> environment.put(n.get("name").asText(), n.get("value").asText()));
        Map<String, String> secrets = new LinkedHashMap<>();
        container.path("secrets").forEach(n -> secrets.put(n.get("name").asText(), n.get("valueFrom").asText()));
        Map<String, String> labels = new LinkedHashMap<>();
        container.path("dockerLabels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new ShopContainerSpec(file, Integer.parseInt(required(file, root, "cpu").asText()),
                Integer.parseInt(required(file, root, "memory").asText()), required(file, container, "name").asText(),
                required(file, container, "portMappings").get(0).get("containerPort").asInt(),
                required(file, container, "stopTimeout").asInt(),
                new HealthCheckSpec(List.copyOf(command), hc.get("interval").asInt(), hc.get("timeout").asInt(),
                        hc.get("retries").asInt(), hc.get("startPeriod").asInt()),
                environment, secrets,
                container.path("logConfiguration").path("options").path("awslogs-stream-prefix").asText("shop"), labels);
    }

    /**
     * The environment with every {@code ${name}} replaced by {@code values.apply(name)}; a placeholder
     * the stack has no value for is an error naming the file and variable.
     */
    public Map<String, String> environment(Function<String, String> values) {
        Map<String, String> filled = new LinkedHashMap<>();
        environment.forEach((name, value) -> filled.put(name, fill(name, value, values)));
        return filled;
    }

    /** The placeholder a secret's {@code valueFrom} names, e.g. {@code dbPasswordSecretArn}. */
    public String secretPlaceholder(String name) {
        Matcher m = PLACEHOLDER.matcher(secrets.get(name));
        if (!m.matches()) {
            throw new IllegalStateException(file + ": secrets." + name + ": valueFrom must be one ${placeholder}, was '"
                    + secrets.get(name) + "'");
        }
        return m.group(1);
    }

    private String fill(String variable, String value, Function<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = values.apply(m.group(1));
            if (replacement == null) {
                throw new IllegalStateException(file + ": environment." + variable + ": the stack has no value for ${"
                        + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static JsonNode required(Path file, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalStateException(file + ": missing '" + field + "'");
        }
        return value;
    }
}
