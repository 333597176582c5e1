package dev.gameday.slo.evaluation;

import dev.gameday.core.config.ConfigException;
import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.alarm.TreatMissingData;
import dev.gameday.slo.spec.AlarmSlo;
import dev.gameday.slo.spec.Anchor;
import dev.gameday.slo.spec.Slo;
import dev.gameday.slo.spec.SloParser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.gameday.slo.evaluation.RunFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The alarm kind on {@link RunFixture}'s run: fault 30–60 s, recovery 60–90 s. */
class AlarmSloTest {

    private static final Map<String, String> LB = Map.of("LoadBalancer", "app/shop/1");

    private final RunFixture run = new RunFixture();

    private static Slo slo(String detectWithin, String clear) {
        return SloParser.parseOne(ConfigNode.parse("gameday.yaml", """
                name: errors-alarm
                kind: alarm
                alarm:
                  metric: { namespace: AWS/ApplicationELB, metric: HTTPCode_Target_5XX_Count,
                            dimensions: { LoadBalancer: "${loadBalancer}" }, statistic: Sum }
                  period: 10s
                  comparison: GreaterThanThreshold
                  threshold: 50
                  evaluationPeriods: 3
                  datapointsToAlarm: 2
                  treatMissingData: notBreaching
                detect: { after: fault.start, within: %s }
                clear: %s
                """.formatted(detectWithin, clear)), Map.of("loadBalancer", "app/shop/1"));
    }

    /** 1 error a second, 10 a second in {@code [from, to)}: 10 or 100 per 10 s period. */
    private void errors(int from, int to) {
        for (int s = 0; s < 100; s++) {
            run.store.record("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", LB, at(s), s >= from && s < to ? 10 : 1);
        }
    }

    @Test
    void parses_the_alarm_inline() {
        AlarmSlo slo = (AlarmSlo) slo("30s", "{ after: recovery.start, within: 30s }");
        assertThat(slo.alarm().metric().label())
                .isEqualTo("AWS/ApplicationELB HTTPCode_Target_5XX_Count{LoadBalancer=app/shop/1} Sum/10s");
        assertThat(slo.alarm().datapointsToAlarm()).isEqualTo(2);
        assertThat(slo.alarm().treatMissingData()).isEqualTo(TreatMissingData.NOT_BREACHING);
        assertThat(slo.detectAfter()).isEqualTo(new Anchor.PhaseBoundary("fault", false));
        assertThat(slo.clearAfter()).isEqualTo(new Anchor.PhaseBoundary("recovery", false));
        assertThat(slo.clearWithin()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void passes_when_the_alarm_fires_in_time_and_clears_after_recovery() {
        errors(30, 50);
        Verdict v = run.evaluate(slo("30s", "{ after: recovery.start, within: 30s }"));

        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(v.measured()).isEqualTo(20);
        assertThat(v.measuredText()).isEqualTo("ALARM after 20 s, OK 10 s after recovery.start");
        assertThat(v.objective()).isEqualTo("ALARM ≤ 30 s after fault.start, OK ≤ 30 s after recovery.start");
        assertThat(v.explanation()).isEqualTo("alarm HTTPCode_Target_5XX_Count Sum > 50 for 2 of 3 × 10 s: "
                + "ALARM at 12:00:50, 20 s after fault.start (12:00:30) ≤ 30 s; "
                + "OK at 12:01:10, 10 s after recovery.start (12:01:00) ≤ 30 s; "
                + "states INSUFFICIENT_DATA → OK 12:00:10 → ALARM 12:00:50 → OK 12:01:10");
        assertThat(v.evidence().firstBreach()).isEqualTo(at(50));
        assertThat(v.evidence().windowStart()).isEqualTo(at(0));
        assertThat(v.evidence().series()).singleElement().satisfies(s -> assertThat(s.points()).hasSize(10));
    }

    @Test
    void fails_when_detection_is_slower_than_its_deadline() {
        errors(30, 50);
        Verdict v = run.evaluate(slo("10s", "{ after: recovery.start }"));

        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.explanation()).contains("20 s after fault.start (12:00:30) > 10 s");
    }

    @Test
    void fails_when_the_alarm_never_fires() {
        errors(0, 0);
        Verdict v = run.evaluate(slo("30s", "{ after: recovery.start }"));

        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.measuredText()).isEqualTo("not detected");
        assertThat(v.explanation()).contains("never entered ALARM after fault.start (12:00:30)");
    }

    @Test
    void fails_when_the_alarm_does_not_clear_after_recovery() {
        errors(30, 100);
        Verdict v = run.evaluate(slo("30s", "{ after: recovery.start }"));

        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.measuredText()).isEqualTo("ALARM after 20 s, never OK again");
    }

    @Test
    void an_alarm_already_firing_before_the_fault_proves_nothing() {
        errors(0, 50);
        Verdict v = run.evaluate(slo("30s", "{ after: recovery.start }"));

        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.explanation()).contains("already in ALARM at the anchor");
    }

    @Test
    void a_metric_without_points_is_missing_data_for_the_alarm_not_no_data() {
        // No 5XX at all: CloudWatch publishes nothing, notBreaching keeps the alarm OK, so it never detects.
        Verdict v = SloEvaluator.evaluate(java.util.List.of(slo("30s", "{ after: recovery.start }")), run.phases(),
                run.events, new dev.gameday.core.metric.RecordedMetrics(java.util.List.of(new dev.gameday.core.metric.TimeSeries(
                        ((AlarmSlo) slo("30s", "{ after: recovery.start }")).alarm().metric(), at(0), at(100),
                        java.util.List.of())))).get(0);

        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.explanation()).contains("never entered ALARM after fault.start")
                .endsWith("states INSUFFICIENT_DATA → OK 12:00:10");
    }

    @Test
    void a_metric_the_run_did_not_record_is_no_data() {
        Verdict v = SloEvaluator.evaluate(java.util.List.of(slo("30s", "{ after: recovery.start }")), run.phases(),
                run.events, new dev.gameday.core.metric.RecordedMetrics(java.util.List.of())).get(0);

        assertThat(v.status()).isEqualTo(Verdict.Status.NO_DATA);
    }

    @Test
    void a_bad_alarm_is_refused_with_file_line_and_field() {
        assertThatThrownBy(() -> SloParser.parseOne(ConfigNode.parse("gameday.yaml", """
                name: errors-alarm
                kind: alarm
                alarm:
                  metric: { namespace: AWS/ApplicationELB, metric: HTTPCode_Target_5XX_Count, statistic: Sum }
                  period: 10s
                  comparison: GreaterThanThreshold
                  threshold: 50
                  evaluationPeriods: 3
                  datapointsToAlarm: 4
                detect: { after: fault.start, within: 30s }
                clear: { after: recovery.start }
                """), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("gameday.yaml:9: alarm.datapointsToAlarm: must be between 1 and evaluationPeriods (3), was 4");
    }
}
