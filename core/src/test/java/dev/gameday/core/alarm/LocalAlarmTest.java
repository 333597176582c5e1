package dev.gameday.core.alarm;

import dev.gameday.core.metric.DataPoint;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricStore;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.metric.TimeSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Alarm semantics on hand-built series. A series is written one character per 10 s period:
 * {@code X} breaching (value 10 against {@code > 5}), {@code 0} not breaching (value 1), {@code -}
 * missing.
 */
class LocalAlarmTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final MetricQuery ERRORS = new MetricQuery("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count",
            Map.of("LoadBalancer", "app/shop/1"), Statistic.SUM, Duration.ofSeconds(10));

    private static AlarmDefinition alarm(int n, int m, TreatMissingData missing) {
        return new AlarmDefinition("errors", ERRORS, ComparisonOperator.GreaterThanThreshold, 5, n, m, missing);
    }

    private static TimeSeries series(String periods) {
        List<DataPoint> points = new ArrayList<>();
        for (int i = 0; i < periods.length(); i++) {
            char c = periods.charAt(i);
            if (c != '-') {
                points.add(new DataPoint(T0.plusSeconds(10L * i), c == 'X' ? 10 : 1));
            }
        }
        return new TimeSeries(ERRORS, T0, T0.plusSeconds(10L * periods.length()), points);
    }

    /** The state after the last period. */
    private static AlarmState last(AlarmDefinition alarm, String periods) {
        AlarmTimeline timeline = LocalAlarm.evaluate(alarm, series(periods));
        return timeline.stateAt(timeline.end());
    }

    @Test
    void m_of_n_alarms_once_enough_of_the_last_n_periods_breach() {
        AlarmDefinition twoOfThree = alarm(3, 2, TreatMissingData.MISSING);
        AlarmTimeline t = LocalAlarm.evaluate(twoOfThree, series("000X0X00000"));

        assertThat(t.transitions()).extracting(AlarmTransition::to)
                .containsExactly(AlarmState.OK, AlarmState.ALARM, AlarmState.OK);
        // OK after the first period; ALARM at the end of the sixth (X0X); OK again at the end of the
        // seventh, when only one X is left among the last three (0X0).
        assertThat(t.transitions()).extracting(AlarmTransition::at)
                .containsExactly(T0.plusSeconds(10), T0.plusSeconds(60), T0.plusSeconds(70));
        assertThat(t.transitions().get(1).reason()).isEqualTo("2 of the last 3 data points breached [10, 1, 10]");
        assertThat(t.firstEntry(AlarmState.ALARM, T0.plusSeconds(30))).map(AlarmTransition::at).contains(T0.plusSeconds(60));
        assertThat(t.stateAt(T0.plusSeconds(59))).isEqualTo(AlarmState.OK);
        assertThat(t.stateAt(T0.plusSeconds(60))).isEqualTo(AlarmState.ALARM);
        assertThat(t.describe()).isEqualTo("INSUFFICIENT_DATA → OK 12:00:10 → ALARM 12:01:00 → OK 12:01:10");
    }

    @Test
    void one_breaching_period_does_not_alarm_three_of_three() {
        assertThat(last(alarm(3, 3, TreatMissingData.MISSING), "00X00X0XX")).isEqualTo(AlarmState.OK);
        assertThat(last(alarm(3, 3, TreatMissingData.MISSING), "00X00XXXX")).isEqualTo(AlarmState.ALARM);
    }

    /**
     * The CloudWatch documentation's example table ("How alarm state is evaluated when data is
     * missing"): 3 of 3, five periods, the most recent last. {@code keep} is "retain current state",
     * tested from both OK and ALARM by prefixing periods that put the alarm there.
     */
    @ParameterizedTest(name = "{0}: missing={1} ignore={2} breaching={3} notBreaching={4}")
    @CsvSource({
            "0-X-X, OK,                OK,    OK,    OK",
            "----0, OK,                OK,    OK,    OK",
            "-----, INSUFFICIENT_DATA, keep,  ALARM, OK",
            "0XX-X, ALARM,             ALARM, ALARM, ALARM",
            "--X--, ALARM,             keep,  ALARM, OK",
    })
    void missing_data_is_treated_as_the_documentation_shows(String periods, String missing, String ignore,
                                                            String breaching, String notBreaching) {
        // Six periods ahead put the alarm in a known state; one missing period after them keeps their
        // data out of the evaluation range (2 × 3 periods) when the five periods of the row are judged.
        for (String prefix : List.of("000000", "XXXXXX")) {
            String before = prefix + "-";
            AlarmState previous = prefix.startsWith("X") ? AlarmState.ALARM : AlarmState.OK;
            assertThat(last(alarm(3, 3, TreatMissingData.MISSING), before + periods)).as("missing after %s", before)
                    .isEqualTo(AlarmState.valueOf(missing));
            assertThat(last(alarm(3, 3, TreatMissingData.IGNORE), before + periods)).as("ignore after %s", before)
                    .isEqualTo(ignore.equals("keep") ? previous : AlarmState.valueOf(ignore));
            assertThat(last(alarm(3, 3, TreatMissingData.BREACHING), before + periods)).as("breaching after %s", before)
                    .isEqualTo(AlarmState.valueOf(breaching));
            assertThat(last(alarm(3, 3, TreatMissingData.NOT_BREACHING), before + periods)).as("notBreaching after %s", before)
                    .isEqualTo(AlarmState.valueOf(notBreaching));
        }
    }

    @Test
    void a_metric_that_stops_reporting_goes_to_insufficient_data_only_when_missing_is_missing() {
        assertThat(last(alarm(2, 2, TreatMissingData.MISSING), "XX----")).isEqualTo(AlarmState.INSUFFICIENT_DATA);
        assertThat(last(alarm(2, 2, TreatMissingData.IGNORE), "XX----")).isEqualTo(AlarmState.ALARM);
        assertThat(last(alarm(2, 2, TreatMissingData.NOT_BREACHING), "XX----")).isEqualTo(AlarmState.OK);
        assertThat(last(alarm(2, 2, TreatMissingData.BREACHING), "00----")).isEqualTo(AlarmState.ALARM);
    }

    @Test
    void an_alarm_with_no_data_at_all_never_leaves_insufficient_data_unless_told_how() {
        assertThat(LocalAlarm.evaluate(alarm(1, 1, TreatMissingData.MISSING), series("---")).transitions()).isEmpty();
        assertThat(LocalAlarm.evaluate(alarm(1, 1, TreatMissingData.IGNORE), series("---")).transitions()).isEmpty();
        assertThat(last(alarm(1, 1, TreatMissingData.NOT_BREACHING), "---")).isEqualTo(AlarmState.OK);
    }

    @Test
    void comparison_operators_compare_as_cloudwatch_names_them() {
        assertThat(ComparisonOperator.GreaterThanThreshold.breaches(5, 5)).isFalse();
        assertThat(ComparisonOperator.GreaterThanOrEqualToThreshold.breaches(5, 5)).isTrue();
        assertThat(ComparisonOperator.LessThanThreshold.breaches(5, 5)).isFalse();
        assertThat(ComparisonOperator.LessThanOrEqualToThreshold.breaches(5, 5)).isTrue();
        assertThat(ComparisonOperator.LessThanThreshold.breaches(4, 5)).isTrue();
        assertThatThrownBy(() -> ComparisonOperator.of("Above")).hasMessageContaining("GreaterThanThreshold");
        assertThat(TreatMissingData.of("notBreaching")).isEqualTo(TreatMissingData.NOT_BREACHING);
    }

    @Test
    void evaluates_over_any_metrics_source() {
        MetricStore store = new MetricStore();
        for (int s = 0; s < 60; s++) {
            // 1 error per second, 10 per second from 20 s to 40 s: Sum per 10 s is 10 or 100.
            store.record(ERRORS.namespace(), ERRORS.metricName(), ERRORS.dimensions(), T0.plusSeconds(s),
                    s >= 20 && s < 40 ? 10 : 1);
        }
        AlarmDefinition above50 = new AlarmDefinition("errors", ERRORS, ComparisonOperator.GreaterThanThreshold, 50,
                2, 2, TreatMissingData.MISSING);

        AlarmTimeline t = LocalAlarm.evaluate(above50, store, T0, T0.plusSeconds(60));

        assertThat(t.transitions()).extracting(AlarmTransition::to, AlarmTransition::at).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AlarmState.OK, T0.plusSeconds(10)),
                org.assertj.core.groups.Tuple.tuple(AlarmState.ALARM, T0.plusSeconds(40)),
                org.assertj.core.groups.Tuple.tuple(AlarmState.OK, T0.plusSeconds(50)));
    }

    @Test
    void definitions_are_checked() {
        assertThatThrownBy(() -> alarm(2, 3, TreatMissingData.MISSING))
                .hasMessage("datapointsToAlarm must be between 1 and evaluationPeriods (2), was 3");
        assertThatThrownBy(() -> LocalAlarm.evaluate(alarm(1, 1, TreatMissingData.MISSING),
                new TimeSeries(ERRORS.withStatistic(Statistic.MAXIMUM), T0, T0.plusSeconds(10), List.of())))
                .hasMessageContaining("watches");
    }
}
