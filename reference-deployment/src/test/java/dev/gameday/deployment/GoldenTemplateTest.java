package dev.gameday.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed template is what the stack synthesizes now: deploying reads the committed file (no
 * node needed), so it must never lag behind the code, the shared timings or the task definition template.
 */
class GoldenTemplateTest {

    @Test
    void theCommittedTemplateIsAFreshSynthesis() throws IOException {
        Path home = GamedayShopApp.home();
        JsonNode fresh = GamedayShopApp.synthesize(home, DeploymentOptions.defaults(), Map.of());
        if (Boolean.getBoolean("gameday.writeTemplate")) {
            Files.writeString(home.resolve(GamedayShopApp.TEMPLATE), GamedayShopApp.render(fresh));
        }
        JsonNode committed = new ObjectMapper().readTree(home.resolve(GamedayShopApp.TEMPLATE).toFile());
        assertThat(GamedayShopApp.render(committed))
                .as(GamedayShopApp.TEMPLATE + " differs from a fresh synthesis; rewrite it with"
                        + " ./mvnw -Pdeployment -pl reference-deployment -am test -Dtest=GoldenTemplateTest"
                        + " -Dsurefire.failIfNoSpecifiedTests=false -Dgameday.writeTemplate=true, and review the diff")
                .isEqualTo(GamedayShopApp.render(fresh));
    }
}
