package dev.gameday.core.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigExceptionTest {

    @Test
    void oneProblemIsReportedAsItself() {
        ConfigException only = new ConfigException("x.yaml", 3, "stopTimeout", "must not be negative");
        assertThat(ConfigException.all(List.of(only))).isSameAs(only);
        assertThat(only.problems()).containsExactly(only);
    }

    @Test
    void severalProblemsAreListedALineEachWithTheirLocation() {
        ConfigException first = new ConfigException("x.yaml", 3, "stopTimeout", "must not be negative");
        ConfigException second = new ConfigException("x.yaml", 5, "deployment.maximumPercent", "must be at least 100");
        ConfigException third = new ConfigException("x.yaml", 9, "alarms[0].period", "must be whole seconds");

        ConfigException all = ConfigException.all(List.of(first, ConfigException.all(List.of(second, third))));

        assertThat(all.problems()).as("flattened, in order").containsExactly(first, second, third);
        assertThat(all).hasMessage("""
                x.yaml: 3 problems:
                  x.yaml:3: stopTimeout: must not be negative
                  x.yaml:5: deployment.maximumPercent: must be at least 100
                  x.yaml:9: alarms[0].period: must be whole seconds""");
        assertThat(all.file()).isEqualTo("x.yaml");
        assertThat(all.line()).isZero();
    }

    @Test
    void noProblemIsNoException() {
        assertThatThrownBy(() -> ConfigException.all(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
