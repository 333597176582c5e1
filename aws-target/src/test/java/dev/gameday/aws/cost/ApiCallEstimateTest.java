package dev.gameday.aws.cost;

import dev.gameday.aws.config.AwsTargetConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The call arithmetic behind {@code gameday plan}'s estimate and the README's worked example. */
class ApiCallEstimateTest {

    private static final AwsTargetConfig EXAMPLE = AwsTargetConfig.load(Path.of("../targets/aws-example.yaml"));

    private static Map<String, Long> calls(ApiCallEstimate estimate) {
        return estimate.lines().stream().collect(Collectors.toMap(ApiCallEstimate.Line::call, ApiCallEstimate.Line::calls));
    }

    @Test
    void getMetricDataIsOneCallPer500QueriesPerTimeRange() {
        ApiCallEstimate estimate = ApiCallEstimate.of(EXAMPLE, new ApiCallEstimate.GameDayShape(Duration.ofSeconds(150),
                Optional.empty(), 0, List.of(1200, 9, 500), 0, Duration.ofSeconds(5)));

        // ceil(1200/500) + ceil(9/500) + ceil(500/500)
        assertThat(estimate.getMetricDataCalls()).isEqualTo(3 + 1 + 1);
        assertThat(estimate.metricsRequested()).isEqualTo(1709);
        assertThat(calls(estimate)).doesNotContainKey("fis:StartExperiment").doesNotContainKey("fis:TagResource")
                .containsEntry("fis:ListExperiments", 1L);
    }

    @Test
    void serverGuardrailsCostOneCallPerMetricPerSecond() {
        ApiCallEstimate estimate = ApiCallEstimate.of(EXAMPLE, new ApiCallEstimate.GameDayShape(Duration.ofSeconds(150),
                Optional.empty(), 0, List.of(11), 2, Duration.ofSeconds(5)));

        assertThat(estimate.getMetricDataCalls()).isEqualTo(1 + 2 * 150);
        assertThat(estimate.metricsRequested()).isEqualTo(11 + 300);
    }

    @Test
    void injectorsOnAwsCostTheirTasksAndTheirLiveObjects() {
        ApiCallEstimate one = ApiCallEstimate.of(EXAMPLE, new ApiCallEstimate.GameDayShape(Duration.ofSeconds(150),
                Optional.of(Duration.ofSeconds(105)), 2, List.of(9, 1, 1), 0, Duration.ofSeconds(5)));
        ApiCallEstimate three = ApiCallEstimate.of(EXAMPLE, new ApiCallEstimate.GameDayShape(Duration.ofSeconds(150),
                Optional.of(Duration.ofSeconds(105)), 2, List.of(9, 1, 1), 0, Duration.ofSeconds(5), 3));

        assertThat(calls(one)).doesNotContainKeys("ecs:RunTask", "s3:ListObjectsV2")
                .containsEntry("ecs:ListTasks (injector family)", 2L);
        // 150 s: 75 polls and 75 batches every 2 s, 15 task checks every 10 s.
        assertThat(calls(three)).containsEntry("ecs:RunTask", 3L).containsEntry("ecs:StopTask", 3L)
                .containsEntry("ecs:DescribeTasks", 16L)
                .containsEntry("s3:ListObjectsV2", 3L * 76)
                .containsEntry("s3:PutObject", 3L * (75 + 2 + 30))
                .containsEntry("s3:GetObject", 3L * (75 + 1 + 30));
        assertThat(three.totalCalls() - one.totalCalls()).isEqualTo(3 + 16 + 3 + 228 + 321 + 318);
    }

    @Test
    void azOutageOnTheExampleTarget() {
        // az-outage: 150 s of phases, the experiment from 45 s to the end, 11 server queries in 3 ranges.
        ApiCallEstimate estimate = ApiCallEstimate.of(EXAMPLE, new ApiCallEstimate.GameDayShape(Duration.ofSeconds(150),
                Optional.of(Duration.ofSeconds(105)), 2, List.of(9, 1, 1), 0, Duration.ofSeconds(5)));
        Map<String, Long> calls = calls(estimate);

        assertThat(calls).containsEntry("sts:GetCallerIdentity", 1L)
                .containsEntry("ecs:ListTasks + ecs:DescribeTasks", 2L * (2 + 30))   // 150 s ÷ 5 s refreshes
                .containsEntry("elasticloadbalancing:DescribeTargetHealth + ecs:DescribeServices", 60L)
                .containsEntry("fis:StartExperiment", 1L)
                .containsEntry("fis:GetExperiment", 12L)
                .containsEntry("fis:ListExperiments", 1L)                          // the orphan sweep at opening
                .containsEntry("fis:TagResource", 1L)                              // one heartbeat in 105 s
                .containsEntry("cloudwatch:GetMetricData", 3L)
                .containsEntry("route53:GetHealthCheckStatus", 15L)                 // 150 s ÷ 10 s × 1 check
                .containsEntry("route53:TestDNSAnswer", 15L)
                .containsEntry("cloudwatch:DescribeAlarmHistory", 2L)               // shop-alb-5xx, shop-p99-latency
                .containsEntry("ecs:DescribeServices + rds:DescribeEvents", 2L)     // the platform's history at the end
                .containsEntry("ecs:ListTasks (injector family)", 2L);              // the example has an injectors block
        assertThat(estimate.totalCalls()).isEqualTo(calls.values().stream().mapToLong(Long::longValue).sum());
        assertThat(estimate.describe()).contains("cloudwatch:GetMetricData", "calls in all");
    }

    @Test
    void fisPollsBackOffFrom2To15SecondsAndRestartAfterEachChange() {
        // One quiet stretch of 60 s: polls at 2, 6, 14, 29, 44, 59 s.
        assertThat(ApiCallEstimate.fisPolls(Duration.ofSeconds(60), 0)).isEqualTo(6);
        // 105 s in three stretches of 35 s: 2, 6, 14, 29 s in each.
        assertThat(ApiCallEstimate.fisPolls(Duration.ofSeconds(105), 2)).isEqualTo(12);
    }
}
