package dev.gameday.platform.task;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every task of the service runs, as an ECS task definition says it: the main class launched
 * in a child JVM on this JVM's class path, its JVM flags and environment, and the stop timeout.
 *
 * @param mainClass    the task's main class, {@code dev.gameday.shop.ShopMain} for the shop
 * @param jvmOptions   flags for the child JVM (small heap, serial GC: many tasks share two cores)
 * @param environment  extra environment variables, on top of the ones the platform sets
 * @param drainTimeout how long the task drains in-flight requests after SIGTERM ({@code SHOP_DRAIN_TIMEOUT})
 * @param stopTimeout  time between SIGTERM and SIGKILL (ECS {@code stopTimeout}, 30 s on AWS)
 * @param startTimeout how long a task may take to print {@code READY} before it is stopped as failed
 * @param logDirectory where each task's stdout and stderr go, one file per task
 */
public record TaskDefinition(String mainClass, List<String> jvmOptions, Map<String, String> environment,
                             Duration drainTimeout, Duration stopTimeout, Duration startTimeout, Path logDirectory) {

    /** The shop's main class. */
    public static final String SHOP_MAIN = "dev.gameday.shop.ShopMain";
    /** Flags that keep a task JVM small and quick to start. */
    public static final List<String> SMALL_JVM = List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1");

    public TaskDefinition {
        Objects.requireNonNull(mainClass, "mainClass");
        jvmOptions = List.copyOf(jvmOptions);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(logDirectory, "logDirectory");
        if (stopTimeout.isNegative() || drainTimeout.isNegative() || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("task timeouts must not be negative: drain " + drainTimeout
                    + ", stop " + stopTimeout + ", start " + startTimeout);
        }
    }
}
