package dev.gameday.core.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaceholdersTest {

    private static final Map<String, String> TARGET = Map.of("zone", "local-1a", "cluster", "gameday");

    @Test
    void spacesAroundANameAreTrimmedEverywhere() {
        assertThat(Placeholders.names("${zone}/${ cluster }/${  zone}")).containsExactly("zone", "cluster", "zone");
        assertThat(Placeholders.fillKnown("${ zone }-${cluster}", TARGET)).isEqualTo("local-1a-gameday");
        assertThat(Placeholders.fill(ConfigNode.parse("t.yaml", "v: '${ zone }'").get("v"), TARGET)).isEqualTo("local-1a");
    }

    @Test
    void aYamlValueWithAMissingNameFailsNamingFileLineAndTheNamesThereAre() {
        ConfigNode node = ConfigNode.parse("slos.yaml", "a: 1\nv: '${ loadBalancer }'").get("v");

        assertThatThrownBy(() -> Placeholders.fill(node, TARGET))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("slos.yaml")
                .hasMessageContaining(":2")
                .hasMessageContaining("placeholder ${loadBalancer} is not filled")
                .hasMessageContaining("it has: cluster, zone");
    }

    @Test
    void aTemplateKeepsWhatHasNoValueForValidationToReport() {
        assertThat(Placeholders.fillKnown("${zone} ${ account }", TARGET)).isEqualTo("local-1a ${ account }");
        assertThat(Placeholders.holdsAny("arn:aws:iam::${ account }:role/x")).isTrue();
        assertThat(Placeholders.holdsAny("arn:aws:iam::123456789012:role/x")).isFalse();
    }
}
