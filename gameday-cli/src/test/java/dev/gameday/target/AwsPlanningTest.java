package dev.gameday.target;

import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.cost.ApiCallEstimate;
import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.definition.GameDayCatalogue;
import dev.gameday.orchestration.Preflight;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code gameday plan} knows of an aws game day without an account: the README's worked example. */
class AwsPlanningTest {

    private static final Path HOME = Path.of("..");
    private static final AwsTargetConfig EXAMPLE = AwsTargetConfig.load(HOME.resolve("targets/aws-example.yaml"));

    @Test
    void azOutageOnTheExampleTargetCosts178Calls() {
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
        assertThat(estimate.totalCalls()).isEqualTo(178);
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
