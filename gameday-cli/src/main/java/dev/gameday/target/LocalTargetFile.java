package dev.gameday.target;

import dev.gameday.core.config.ConfigNode;
import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.loadbalancer.HealthCheck;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@code local} target file ({@code targets/local.yaml}): the embedded platform's timings, which
 * are AWS's scaled down by default and can be set back to AWS's own (30 s health checks, 300 s
 * deregistration delay…) to see what a game day looks like with them.
 *
 * @param file                where it was read from
 * @param healthCheck         the target group's health check, if set
 * @param deregistrationDelay the target group's deregistration delay, if set
 * @param stopTimeout         SIGTERM to SIGKILL on task stop, if set
 * @param drainTimeout        how long a stopping shop task finishes in-flight requests, if set
 * @param failoverDelay       how long the writer endpoint stays dark during a failover, if set
 */
public record LocalTargetFile(Path file, Optional<HealthCheck> healthCheck, Optional<Duration> deregistrationDelay,
                              Optional<Duration> stopTimeout, Optional<Duration> drainTimeout,
                              Optional<Duration> failoverDelay) {

    /** The built-in defaults: nothing overridden. */
    public static LocalTargetFile defaults() {
        return new LocalTargetFile(Path.of("local"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** Parses a target file of kind {@code local}. */
    public static LocalTargetFile parse(Path file, ConfigNode root) {
        root.allowOnly("kind", "description", "healthCheck", "deregistrationDelay", "stopTimeout", "drainTimeout",
                "failoverDelay");
        Optional<HealthCheck> healthCheck = root.find("healthCheck").map(LocalTargetFile::healthCheck);
        return new LocalTargetFile(file, healthCheck,
                root.find("deregistrationDelay").map(ConfigNode::duration),
                root.find("stopTimeout").map(ConfigNode::duration),
                root.find("drainTimeout").map(ConfigNode::duration),
                root.find("failoverDelay").map(ConfigNode::duration));
    }

    /** Applies the file's timings to a platform builder. */
    public LocalPlatform.Builder applyTo(LocalPlatform.Builder builder) {
        healthCheck.ifPresent(builder::healthCheck);
        deregistrationDelay.ifPresent(builder::deregistrationDelay);
        stopTimeout.ifPresent(builder::stopTimeout);
        drainTimeout.ifPresent(builder::drainTimeout);
        failoverDelay.ifPresent(builder::failoverDelay);
        return builder;
    }

    private static HealthCheck healthCheck(ConfigNode node) {
        node.allowOnly("path", "interval", "timeout", "healthyThreshold", "unhealthyThreshold");
        HealthCheck d = HealthCheck.scaledDefaults();
        try {
            return new HealthCheck(node.text("path", d.path()),
                    node.find("interval").map(ConfigNode::positiveDuration).orElse(d.interval()),
                    node.find("timeout").map(ConfigNode::positiveDuration).orElse(d.timeout()),
                    node.find("healthyThreshold").map(ConfigNode::integer).orElse(d.healthyThreshold()),
                    node.find("unhealthyThreshold").map(ConfigNode::integer).orElse(d.unhealthyThreshold()));
        } catch (IllegalArgumentException e) {
            // The health check's own rules (e.g. timeout within the interval), located in the file.
            throw node.error(e.getMessage());
        }
    }
}
