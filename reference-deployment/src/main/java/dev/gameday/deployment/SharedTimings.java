package dev.gameday.deployment;

import dev.gameday.core.config.ConfigNode;
import dev.gameday.platform.loadbalancer.HealthCheck;
import dev.gameday.core.alarm.AlarmDefinition;
import dev.gameday.target.LocalTargetFile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * AWS's own timings as the project writes them down once, in {@code targets/local-aws-timings.yaml}:
 * the target group's health check and deregistration delay, the task's stop timeout and the
 * {@code gameday-shop-5xx} alarm. The local platform plays with them when that file is its target;
 * the stack gives its target group, container and alarm the same values, read by the same parser.
 *
 * @param file                where they were read from
 * @param healthCheck         the target group's health check
 * @param deregistrationDelay how long a deregistered target keeps its in-flight requests
 * @param stopTimeout         SIGTERM to SIGKILL when ECS stops a task
 * @param targetFile          the whole file (its alarms are filled with the stack's values)
 */
public record SharedTimings(Path file, HealthCheck healthCheck, Duration deregistrationDelay, Duration stopTimeout,
                            LocalTargetFile targetFile) {

    /** The file, relative to the project's folder. */
    public static final String FILE = "targets/local-aws-timings.yaml";

    /** Reads {@link #FILE} under {@code home}; every value the stack needs must be set there. */
    public static SharedTimings load(Path home) {
        Path file = home.resolve(FILE);
        ConfigNode root = ConfigNode.load(file);
        LocalTargetFile parsed = LocalTargetFile.parse(file, root);
        return new SharedTimings(file,
                parsed.healthCheck().orElseThrow(() -> root.error("missing 'healthCheck': the stack's target group takes it from here")),
                parsed.deregistrationDelay().orElseThrow(() -> root.error("missing 'deregistrationDelay': the stack's target group takes it from here")),
                parsed.stopTimeout().orElseThrow(() -> root.error("missing 'stopTimeout': the stack's container takes it from here")),
                parsed);
    }

    /** The alarm called {@code name}, its {@code ${…}} placeholders filled with {@code values}. */
    public AlarmDefinition alarm(String name, Map<String, String> values) {
        AlarmDefinition alarm = targetFile.alarms(values).get(name);
        if (alarm == null) {
            throw new IllegalStateException(file + ": alarms: no alarm named '" + name + "' (the stack creates it from this file)");
        }
        return alarm;
    }
}
