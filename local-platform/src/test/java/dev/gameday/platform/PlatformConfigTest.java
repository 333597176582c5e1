package dev.gameday.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gameday.platform.autoscaling.AutoscalingPolicy;
import dev.gameday.platform.loadbalancer.HealthCheck;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The platform's settings: their defaults, copies that keep every other setting, and errors collected by field. */
class PlatformConfigTest {

    @Test
    void theBuilderStartsFromTheDefaults() {
        PlatformConfig defaults = PlatformConfig.defaults();
        assertThat(LocalPlatform.builder().config()).isEqualTo(defaults);
        assertThat(defaults.desiredCount()).isEqualTo(2);
        assertThat(defaults.healthCheck()).isEqualTo(HealthCheck.scaledDefaults());
        assertThat(defaults.drainTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.autoscaling()).isNull();
    }

    @Test
    void withAutoscalingChangesTheScalingAlone() {
        PlatformConfig config = LocalPlatform.builder().zones(3).tasksPerZone(2).healthCheck(HealthCheck.awsDefaults())
                .deregistrationDelay(Duration.ofSeconds(30)).stopTimeout(Duration.ofSeconds(7))
                .drainTimeout(Duration.ofSeconds(3)).startTimeout(Duration.ofSeconds(40))
                .targetTimeout(Duration.ofSeconds(9)).listenerPort(8088).loadBalancerThreads(8)
                .taskEnvironment(Map.of("SHOP_SEED_PRODUCTS", "10")).adminToken("tok").workDirectory(Path.of("work"))
                .queue(false).standby(false).failoverDelay(Duration.ofSeconds(4)).config();
        AutoscalingPolicy policy = AutoscalingPolicy.requestCountPerTarget(50).withCapacity(2, 8);

        PlatformConfig scaled = config.withAutoscaling(policy);

        assertThat(scaled.autoscaling()).isEqualTo(policy);
        assertThat(scaled).usingRecursiveComparison().ignoringFields("autoscaling").isEqualTo(config);
        assertThat(scaled.withAutoscaling(null)).isEqualTo(config);
    }

    @Test
    void everyBadSettingIsNamedAtOnce() {
        LocalPlatform.Builder bad = LocalPlatform.builder().zones(4).tasksPerZone(-1).drainTimeout(Duration.ofSeconds(-1))
                .targetTimeout(Duration.ZERO).startTimeout(null).listenerPort(70_000).loadBalancerThreads(0);

        assertThatThrownBy(bad::config).isInstanceOfSatisfying(PlatformConfigException.class, e -> {
            assertThat(e.problems()).containsExactly(
                    Map.entry("zones", "must be 1..3, was 4"),
                    Map.entry("tasksPerZone", "must not be negative, was -1"),
                    Map.entry("drainTimeout", "must not be negative, was PT-1S"),
                    Map.entry("startTimeout", "is required"),
                    Map.entry("targetTimeout", "must be positive, was PT0S"),
                    Map.entry("listenerPort", "must be 0..65535, was 70000"),
                    Map.entry("loadBalancerThreads", "must be at least 1, was 0"));
            assertThat(e).hasMessageStartingWith("zones: must be 1..3, was 4; tasksPerZone: ");
        });
    }

    @Test
    void aStartOutsideTheScalingCapacityIsNamedAsTheAutoscalingSetting() {
        LocalPlatform.Builder bad = LocalPlatform.builder().zones(2).tasksPerZone(3)
                .autoscaling(AutoscalingPolicy.requestCountPerTarget(50).withCapacity(1, 4));

        assertThatThrownBy(bad::config).isInstanceOf(PlatformConfigException.class)
                .hasMessage("autoscaling: the service starts with 6 tasks (2 zones × 3), outside the autoscaling capacity 1..4");
    }
}
