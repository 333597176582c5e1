package dev.gameday.chaos.catalogue;

import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.TemplateException;
import dev.gameday.chaos.validation.TemplateValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateCatalogueTest {

    /** What a target supplies for a game day; no roleArn: the local platform has none to give. */
    static final Map<String, String> GAME_DAY = Map.of(
            "account", "123456789012",
            "region", "eu-west-1",
            "cluster", "shop",
            "service", "shop-api",
            "zone", "eu-west-1a",
            "dbCluster", "shop-db",
            "dbInstance", "shop-db-1",
            "loadBalancer", "app/shop-alb/50dc6c495c0c9188",
            "duration", "PT3M");

    @Test
    void shipsTheCatalogueOnTheClasspath() {
        TemplateCatalogue catalogue = TemplateCatalogue.classpath();

        assertThat(catalogue.names()).containsExactly(
                "az-application-slowdown", "az-power-interruption", "cross-az-traffic-slowdown", "ecs-stop-task",
                "ecs-stop-tasks-in-zone", "gray-zone", "kill-db-writer", "rds-reboot-force-failover", "rds-writer-failover",
                "task-cpu-stress", "zone-network-latency");
        assertThat(catalogue.entries()).allSatisfy(entry -> {
            assertThat(entry.description()).as(entry.name()).isNotBlank();
            assertThat(entry.proves()).as(entry.name()).isNotBlank();
            assertThat(entry.location()).isEqualTo("classpath:templates/" + entry.name() + ".json");
        });
    }

    @Test
    void everyCatalogueTemplateIsValidOnceFilled() {
        TemplateCatalogue catalogue = TemplateCatalogue.classpath();

        for (String name : catalogue.names()) {
            ExperimentTemplate filled = catalogue.load(name).fill(GAME_DAY);
            assertThat(TemplateValidator.problems(filled)).as(name).isEmpty();
        }
    }

    @Test
    void theSourceFolderAndTheClasspathHoldTheSameTemplates() {
        // Maven runs tests from the module folder, where the plain files live.
        TemplateCatalogue folder = TemplateCatalogue.directory(Path.of("templates"));

        assertThat(folder.names()).isEqualTo(TemplateCatalogue.classpath().names());
        assertThat(folder.load("ecs-stop-task").json()).isEqualTo(TemplateCatalogue.classpath().load("ecs-stop-task").json());
    }

    @Test
    void azPowerInterruptionIsShapedAfterTheScenario() {
        ExperimentTemplate t = TemplateCatalogue.classpath().load("az-power-interruption").fill(GAME_DAY);

        assertThat(t.experimentOptions().skipsEmptyTargets()).isTrue();
        assertThat(t.actions().values()).extracting(a -> a.actionId()).containsExactly(
                "aws:ecs:stop-task", "aws:network:disrupt-connectivity", "aws:rds:failover-db-cluster");
        assertThat(t.actions().get("disruptZoneSubnets").parameters())
                .containsEntry("duration", "PT3M").containsEntry("scope", "all");
        assertThat(t.targets().get("dbCluster").resourceArns())
                .containsExactly("arn:aws:rds:eu-west-1:123456789012:cluster:shop-db");
        // The x-gameday default applies when the game day gives no duration.
        assertThat(TemplateCatalogue.classpath().load("az-power-interruption").fill(Map.of())
                .actions().get("disruptZoneSubnets").parameters()).containsEntry("duration", "PT2M");
    }

    @Test
    void loadsYamlAndJsonFromADirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("wait.yaml"), """
                description: Just wait
                actions:
                  wait: { actionId: "aws:fis:wait", parameters: { duration: PT1M } }
                stopConditions: [ { source: none } ]
                """);
        Files.writeString(dir.resolve("notes.txt"), "not a template");
        TemplateCatalogue catalogue = TemplateCatalogue.directory(dir);

        assertThat(catalogue.names()).containsExactly("wait");
        assertThat(catalogue.entries()).singleElement()
                .isEqualTo(new CatalogueEntry("wait", "Just wait", null, dir.resolve("wait.yaml").toString()));
        assertThat(TemplateValidator.problems(catalogue.load("wait"))).isEmpty();
    }

    @Test
    void unknownNameListsTheKnownOnes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.json"), "{}");

        assertThatThrownBy(() -> TemplateCatalogue.directory(dir).load("b"))
                .hasMessage("no experiment template named 'b'; known: a");
    }

    @Test
    void twoFilesOfOneNameAreRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.json"), "{}");
        Files.writeString(dir.resolve("a.yaml"), "{}");

        assertThatThrownBy(() -> TemplateCatalogue.directory(dir)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("two templates named 'a'");
    }
}
