package dev.gameday.target;

import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.cost.ApiCallEstimate;
import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.StopCondition;
import dev.gameday.definition.GameDayCatalogue;
import dev.gameday.orchestration.Preflight;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code gameday plan} knows of an aws game day without an account: the README's worked example. */
class AwsPlanningTest {

    private static final Path HOME = Path.of("..");
    private static final AwsTargetConfig EXAMPLE = AwsTargetConfig.load(HOME.resolve("targets/aws-example.yaml"));

    @Test
    void azOutageOnTheExampleTargetCosts186Calls() {
        Preflight.Checked checked = new Preflight(TemplateCatalogue.directory(HOME.resolve("chaos-experiments/templates")),
                HOME.resolve("slo-checks/slos")).check(new GameDayCatalogue(HOME.resolve("gamedays")).load("az-outage"));
        Map<String, String> offline = AwsPlanning.offlineParameters(EXAMPLE);

        ApiCallEstimate estimate = AwsPlanning.estimate(EXAMPLE, checked, offline, 3, Duration.ofSeconds(5));
        Map<String, Long> calls = estimate.lines().stream()
                .collect(Collectors.toMap(ApiCallEstimate.Line::call, ApiCallEstimate.Line::calls));

        // The dashboard's 9 series over the run, the steady p99 and the recovery SLO's task count: 3 ranges.
        assertThat(calls).containsEntry("cloudwatch:GetMetricData", 3L).containsEntry("fis:GetExperiment", 12L)
                .containsEntry("route53:TestDNSAnswer", 15L);
        assertThat(estimate.metricsRequested()).isEqualTo(11);
        // 184, and 2 ListTasks by the injector family: the example target file has an injectors block.
        assertThat(estimate.totalCalls()).isEqualTo(186);
    }

    private static Preflight.Checked checked(String gameday) {
        return new Preflight(TemplateCatalogue.directory(HOME.resolve("chaos-experiments/templates")),
                HOME.resolve("slo-checks/slos")).check(new GameDayCatalogue(HOME.resolve("gamedays")).load(gameday));
    }

    /** The example target file with one line changed. */
    private static AwsTargetConfig example(String line, String replacement) throws Exception {
        String text = java.nio.file.Files.readString(HOME.resolve("targets/aws-example.yaml"));
        assertThat(text).contains(line);
        return AwsTargetConfig.parse("targets/aws-example.yaml", text.replace(line, replacement));
    }

    @Test
    void injectorsOnAwsNeedTheTargetFilesInjectorsBlock() throws Exception {
        dev.gameday.definition.GameDayDefinition threeInjectors = new GameDayCatalogue(HOME.resolve("gamedays"))
                .load("smoke", Map.of("load.injectors", "3"));
        AwsPlanning.requireInjectors(EXAMPLE, threeInjectors);
        String text = java.nio.file.Files.readString(HOME.resolve("targets/aws-example.yaml"));
        AwsTargetConfig without = AwsTargetConfig.parse("targets/aws-without-injectors.yaml",
                text.substring(0, text.indexOf("injectors:\n  #")) + text.substring(text.indexOf("# Optional. Route 53")));
        assertThat(without.injectorSettings()).isEmpty();
        assertThatThrownBy(() -> AwsPlanning.requireInjectors(without, threeInjectors))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("smoke.yaml: load.injectors: 3 runs 3 injectors as ECS tasks on the aws target,"
                        + " but targets/aws-without-injectors.yaml has no 'injectors' block");
        // The shipped templates select the shop's service or its tags: twelve injectors are never candidates.
        for (String gameday : java.util.List.of("smoke", "task-kill", "az-outage", "zone-latency")) {
            AwsPlanning.requireInjectorsOutOfBlastRadius(EXAMPLE, new Preflight(TemplateCatalogue.directory(
                    HOME.resolve("chaos-experiments/templates")), HOME.resolve("slo-checks/slos")).check(
                    new GameDayCatalogue(HOME.resolve("gamedays")).load(gameday, Map.of("load.injectors", "12"))));
        }
        // One injector is the harness's own JVM: no block needed.
        AwsPlanning.requireInjectors(without, new GameDayCatalogue(HOME.resolve("gamedays")).load("smoke"));
    }

    @Test
    void aGameDayWhoseExperimentWouldSelectItsOwnInjectorsIsRefusedBeforeAnyCall(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path templates = java.nio.file.Files.createDirectories(dir.resolve("templates"));
        // Every task of the cluster, whichever service: the injector tasks run in that cluster too.
        java.nio.file.Files.writeString(templates.resolve("whole-cluster.json"), """
                {"description": "Stop a task of the cluster.",
                 "targets": {"clusterTasks": {"resourceType": "aws:ecs:task", "parameters": {"cluster": "${cluster}"},
                                              "selectionMode": "COUNT(1)"}},
                 "actions": {"stop": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "clusterTasks"}}},
                 "stopConditions": [{"source": "none"}]}
                """);
        Path gamedays = java.nio.file.Files.createDirectories(dir.resolve("gamedays"));
        java.nio.file.Files.writeString(gamedays.resolve("whole-cluster.yaml"), java.nio.file.Files.readString(
                HOME.resolve("gamedays/task-kill.yaml")).replace("template: ecs-stop-task", "template: whole-cluster")
                .replace("name: task-kill", "name: whole-cluster"));
        Preflight preflight = new Preflight(TemplateCatalogue.directory(templates), HOME.resolve("slo-checks/slos"));
        GameDayCatalogue catalogue = new GameDayCatalogue(gamedays);

        Preflight.Checked three = preflight.check(catalogue.load("whole-cluster", Map.of("load.injectors", "3")));
        assertThatThrownBy(() -> AwsPlanning.requireInjectorsOutOfBlastRadius(EXAMPLE, three))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole-cluster.json: target 'clusterTasks' (aws:ecs:task) resolves to injector task"
                        + " arn:aws:ecs:eu-west-1:123456789012:task/shop/<inj-1> (injector inj-1, task definition family"
                        + " gameday-injector, and 2 more)");
        // The harness's own JVM sends one injector's traffic: nothing to keep out.
        AwsPlanning.requireInjectorsOutOfBlastRadius(EXAMPLE, preflight.check(catalogue.load("whole-cluster")));
    }

    @Test
    void everyShippedGameDayGetsTheExampleFilesAlarmAsItsStopCondition() {
        for (String gameday : java.util.List.of("smoke", "task-kill", "az-outage", "rds-writer-failover", "zone-latency")) {
            ExperimentTemplate prepared = AwsPlanning.experiment(EXAMPLE, checked(gameday)).orElseThrow();
            assertThat(prepared.stopConditions()).as(gameday).contains(new StopCondition("aws:cloudwatch:alarm",
                    "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shop-alb-5xx"));
            assertThat(AwsPlanning.warning(EXAMPLE, prepared)).isEmpty();
        }
    }

    @Test
    void withoutAnAlarmTheExperimentIsRefusedUnlessTheFileAllowsIt() throws Exception {
        AwsTargetConfig noAlarms = example("stopConditionAlarms:\n  - shop-alb-5xx\n", "");
        assertThatThrownBy(() -> AwsPlanning.experiment(noAlarms, checked("az-outage")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("az-power-interruption.json: $.stopConditions: on AWS an experiment needs an"
                        + " aws:cloudwatch:alarm stop condition");
        // rds-writer-failover's template has its own alarm: accepted as it is.
        assertThat(AwsPlanning.experiment(noAlarms, checked("rds-writer-failover"))).isPresent();

        AwsTargetConfig allowing = example("stopConditionAlarms:\n  - shop-alb-5xx\n", "allowNoStopCondition: true\n");
        ExperimentTemplate prepared = AwsPlanning.experiment(allowing, checked("az-outage")).orElseThrow();
        assertThat(AwsPlanning.warning(allowing, prepared)).hasValueSatisfying(w -> assertThat(w)
                .startsWith("experiment az-power-interruption has no aws:cloudwatch:alarm stop condition"));
    }

    @Test
    void aGameDayWithALocalOnlyActionIsRefusedForAwsBeforeAnythingStarts() {
        Preflight.Checked writerCrash = checked("writer-crash");

        assertThatThrownBy(() -> Preflight.requirePlayableOnAws(writerCrash))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("experiment kill-db-writer cannot run on AWS: plays locally only:"
                        + " gameday:local:kill-db-writer (action 'killWriter'): FIS has no such action;");
        Preflight.requirePlayableLocally(writerCrash);
        Preflight.requirePlayableOnAws(checked("rds-writer-failover"));
    }

    @Test
    void offlineValuesComeFromTheFileAndStandInsForWhatOnlyAwsKnows() {
        Map<String, String> offline = AwsPlanning.offlineParameters(EXAMPLE);

        assertThat(offline).containsEntry("loadBalancer", "app/shop-alb/50dc6c495c0c9188")
                .containsEntry("cluster", "shop").containsEntry("dbCluster", "shop-db")
                .containsEntry("account", "123456789012").containsEntry("zones", "<zones>")
                .containsEntry("dbInstance", "<dbInstance>")
                .containsEntry("roleArn", "arn:aws:iam::123456789012:role/gameday-fis");
    }
}
