package dev.gameday.core.metric;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Recorded series answer what they recorded, and composable statistics over other periods. */
class RecordedMetricsTest {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    final MetricQuery perSecond = new MetricQuery("Gameday/Client", "KoCount", Map.of(), Statistic.SUM,
            Duration.ofSeconds(1));
    final RecordedMetrics recorded = new RecordedMetrics(List.of(series(perSecond)));

    @Test
    void aSumOverAnotherPeriodIsAddedUpFromTheSecondsAlignedToTheStart() {
        TimeSeries tens = recorded.fetch(perSecond.withPeriod(Duration.ofSeconds(10)), T0.plusSeconds(5), T0.plusSeconds(25));
        // seconds 5..24 with value = second: 5+…+14 = 95, 15+…+24 = 195
        assertThat(tens.points()).extracting(DataPoint::timestamp).containsExactly(T0.plusSeconds(5), T0.plusSeconds(15));
        assertThat(tens.points()).extracting(DataPoint::value).containsExactly(95.0, 195.0);
    }

    @Test
    void minimumAndMaximumComposeAndPercentilesDoNot() {
        MetricQuery max = perSecond.withStatistic(Statistic.MAXIMUM);
        RecordedMetrics maxima = new RecordedMetrics(List.of(series(max)));
        assertThat(maxima.fetch(max.withPeriod(Duration.ofSeconds(30)), T0, T0.plusSeconds(30)).points())
                .extracting(DataPoint::value).containsExactly(29.0);

        MetricQuery p99 = perSecond.withStatistic(Statistic.of("p99"));
        RecordedMetrics percentiles = new RecordedMetrics(List.of(series(p99)));
        assertThatThrownBy(() -> percentiles.fetch(p99.withPeriod(Duration.ofSeconds(30)), T0, T0.plusSeconds(30)))
                .hasMessageContaining("the run did not record");
        assertThatThrownBy(() -> recorded.fetch(new MetricQuery("Gameday/Client", "OkCount", Map.of(), Statistic.SUM,
                Duration.ofSeconds(30)), T0, T0.plusSeconds(30))).hasMessageContaining("did not record");
    }

    private static TimeSeries series(MetricQuery q) {
        List<DataPoint> points = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            points.add(new DataPoint(T0.plusSeconds(s), s));
        }
        return new TimeSeries(q, T0, T0.plusSeconds(30), points);
    }
}
