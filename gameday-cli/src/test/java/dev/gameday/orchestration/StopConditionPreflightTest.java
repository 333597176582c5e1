package dev.gameday.orchestration;

import dev.gameday.platform.fault.StopConditionWatch;
import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.chaos.template.TemplateParser;
import dev.gameday.core.config.ConfigException;
import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.Statistic;
import dev.gameday.definition.GameDayParser;
import dev.gameday.core.alarm.AlarmDefinition;
import dev.gameday.core.alarm.ComparisonOperator;
import dev.gameday.core.alarm.TreatMissingData;
import dev.gameday.target.LocalTargetFile;
import dev.gameday.target.TargetFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stop conditions on the local target, before anything starts: the target file's alarms in
 * CloudWatch's shape, and a template naming an alarm the target does not define refused by name.
 */
class StopConditionPreflightTest {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theShippedLocalTargetDefinesTheAlarmTheCatalogueNamesFilledWithTheTargetsValues() {
        LocalTargetFile local = TargetFiles.local(HOME.resolve("targets/local.yaml").toString());

        Map<String, AlarmDefinition> alarms = local.alarms(Map.of("loadBalancer", "app/gameday-local/abc"));

        assertThat(alarms).containsOnlyKeys("gameday-shop-5xx");
        assertThat(alarms.get("gameday-shop-5xx")).isEqualTo(new AlarmDefinition("gameday-shop-5xx",
                new MetricQuery("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count",
                        Map.of("LoadBalancer", "app/gameday-local/abc"), Statistic.SUM, Duration.ofSeconds(10)),
                ComparisonOperator.GreaterThanThreshold, 50, 3, 3, TreatMissingData.NOT_BREACHING));
        var template = TemplateCatalogue.directory(HOME.resolve("chaos-experiments/templates")).load("rds-writer-failover");
        assertThat(StopConditionWatch.alarmNames(template)).containsExactly("gameday-shop-5xx");
        StopConditionWatch.requireKnown(template, alarms);
        // The AWS-timings file knows it too, so the game day runs with either.
        assertThat(TargetFiles.local(HOME.resolve("targets/local-aws-timings.yaml").toString())
                .alarms(Map.of("loadBalancer", "x"))).containsKey("gameday-shop-5xx");
    }

    @Test
    void anUnknownAlarmIsAPreflightErrorNamingTheTemplateFileAndTheAlarm() throws IOException {
        Path template = dir.resolve("watched-wait.json");
        Files.writeString(template, """
                {"description": "a wait watched by an alarm",
                 "targets": {},
                 "actions": {"wait": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}}},
                 "stopConditions": [{"source": "aws:cloudwatch:alarm",
                                     "value": "arn:aws:cloudwatch:${region}:${account}:alarm:no-such-alarm"}],
                 "roleArn": "arn:aws:iam::000000000000:role/fis"}
                """);
        Path gameday = dir.resolve("watched.yaml");
        Files.writeString(gameday, """
                name: watched
                description: A wait whose stop condition names an alarm the target lacks.
                platform: { zones: 1, tasksPerZone: 1 }
                load: { usersPerSecond: 1, shoppers: 2 }
                phases: { warmup: 5s, steady: 5s, fault: 5s }
                experiment: { template: watched-wait.json, startAt: fault }
                slos:
                  - name: shopper-availability
                    kind: ratio
                    good:  { namespace: Gameday/Client, metric: OkCount }
                    valid: { namespace: Gameday/Client, metric: RequestCount }
                    window: steady
                    objective: 99%
                """);
        Preflight preflight = new Preflight(TemplateCatalogue.directory(HOME.resolve("chaos-experiments/templates")),
                HOME.resolve("slo-checks/slos"));
        LocalTargetFile local = TargetFiles.local(HOME.resolve("targets/local.yaml").toString());

        assertThatThrownBy(() -> preflight.check(GameDayParser.parse(gameday), local::alarms))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TemplateParser.parse(template).source())
                .hasMessageContaining("stop condition alarm 'no-such-alarm' is not defined by the local target")
                .hasMessageContaining("gameday-shop-5xx");
        // On AWS, FIS looks the alarm up itself: the same definition passes the target-neutral checks.
        assertThat(preflight.check(GameDayParser.parse(gameday)).template()).isPresent();
    }

    @Test
    void aStopConditionThatIsNotAnAlarmArnIsRefusedWithItsPath() throws IOException {
        Path file = dir.resolve("bad-arn.json");
        Files.writeString(file, """
                {"description": "d", "targets": {}, "actions": {"wait": {"actionId": "aws:fis:wait",
                 "parameters": {"duration": "PT1M"}}},
                 "stopConditions": [{"source": "aws:cloudwatch:alarm", "value": "gameday-shop-5xx"}]}
                """);

        assertThatThrownBy(() -> StopConditionWatch.alarmNames(TemplateParser.parse(file)))
                .hasMessageContaining("$.stopConditions[0].value: 'gameday-shop-5xx' is not a CloudWatch alarm ARN");
    }

    @Test
    void aBadAlarmNamesItsFileLineAndField() throws IOException {
        Path file = dir.resolve("local.yaml");
        Files.writeString(file, """
                kind: local
                alarms:
                  - name: errors
                    namespace: AWS/ApplicationELB
                    metric: HTTPCode_Target_5XX_Count
                    statistic: Sum
                    period: 10s
                    evaluationPeriods: 3
                    datapointsToAlarm: 4
                    threshold: 5
                    comparisonOperator: GreaterThanThreshold
                """);

        assertThatThrownBy(() -> LocalTargetFile.parse(file, ConfigNode.load(file)))
                .hasMessage(file + ":9: alarms[0].datapointsToAlarm: must be between 1 and evaluationPeriods (3), was 4");
        Files.writeString(file, Files.readString(file).replace("datapointsToAlarm: 4", "datapointsToAlarm: 2")
                .replace("GreaterThanThreshold", "MoreThan"));
        assertThatThrownBy(() -> LocalTargetFile.parse(file, ConfigNode.load(file)))
                .hasMessageStartingWith(file + ":11: alarms[0].comparisonOperator: unknown comparison operator 'MoreThan'");
    }
}
