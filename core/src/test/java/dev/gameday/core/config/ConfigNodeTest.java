package dev.gameday.core.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigNodeTest {

    private static final String YAML = """
            name: smoke
            phases:
              warmup: 10s
              steady: PT20S
            slos:
              - name: availability
                objective: 99.5%
              - name: latency
            """;

    @Test
    void readsTypedValues() {
        ConfigNode root = ConfigNode.parse("smoke.yaml", YAML);

        assertThat(root.text("name")).isEqualTo("smoke");
        assertThat(root.get("phases").get("warmup").duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(root.get("phases").get("steady").duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(root.get("slos").list().get(0).get("objective").fraction()).isEqualTo(0.995);
    }

    @Test
    void setReplacesOrAddsAValueAtADottedPath() {
        ConfigNode root = ConfigNode.parse("smoke.yaml", YAML)
                .set("phases.steady", "45s")
                .set("load.usersPerSecond", "12");

        assertThat(root.get("phases").get("steady").duration()).isEqualTo(Duration.ofSeconds(45));
        assertThat(root.get("phases").get("warmup").duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(root.get("load").get("usersPerSecond").number()).isEqualTo(12);
        assertThatThrownBy(() -> root.set("name.first", "x"))
                .hasMessageContaining("--set name.first: 'name' is a single value, not a mapping");
    }

    @Test
    void percentagesAreExactFractions() {
        ConfigNode root = ConfigNode.parse("x.yaml", "a: 99.9%\nb: 0.995\n");

        assertThat(root.get("a").fraction()).isEqualTo(0.999);
        assertThat(root.get("b").fraction()).isEqualTo(0.995);
    }

    @Test
    void aMissingFieldNamesFileLineAndPath() {
        ConfigNode latency = ConfigNode.parse("smoke.yaml", YAML).get("slos").list().get(1);

        assertThatThrownBy(() -> latency.get("objective"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("smoke.yaml:8: slos[1]: missing required field 'objective'");
    }

    @Test
    void aBadValueNamesItsField() {
        ConfigNode root = ConfigNode.parse("x.yaml", "phases:\n  steady: soon\n");

        assertThatThrownBy(() -> root.get("phases").get("steady").duration())
                .hasMessage("x.yaml:2: phases.steady: must be a duration such as 30s, 2m or PT1M30S, was 'soon'");
    }

    @Test
    void unknownFieldsAreRefused() {
        ConfigNode root = ConfigNode.parse("x.yaml", "name: a\nnmae: b\n");

        assertThatThrownBy(() -> root.allowOnly("name", "description"))
                .hasMessage("x.yaml:2: nmae: unknown field 'nmae'; expected one of description, name");
    }

    @Test
    void malformedYamlNamesTheLine() {
        assertThatThrownBy(() -> ConfigNode.parse("x.yaml", "name: a\n  - b: [\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("x.yaml:2: not valid YAML");
    }
}
