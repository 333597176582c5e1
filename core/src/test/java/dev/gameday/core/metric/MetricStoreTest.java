package dev.gameday.core.metric;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.data.Percentage.withPercentage;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Map<String, String> LB = Map.of("LoadBalancer", "app/shop/1");

    private final MetricStore store = new MetricStore();

    private MetricQuery query(String metric, Statistic stat, int periodSeconds) {
        return new MetricQuery("AWS/ApplicationELB", metric, LB, stat, Duration.ofSeconds(periodSeconds));
    }

    @Test
    void sumsCountersPerPeriodAndLeavesEmptyPeriodsOut() {
        for (int i = 0; i < 5; i++) {
            store.record("AWS/ApplicationELB", "RequestCount", LB, T0.plusMillis(200L * i), 1);
        }
        store.record("AWS/ApplicationELB", "RequestCount", LB, T0.plusSeconds(3), 1);

        TimeSeries series = store.fetch(query("RequestCount", Statistic.SUM, 1), T0, T0.plusSeconds(5));

        assertThat(series.points()).containsExactly(
                new DataPoint(T0, 5), new DataPoint(T0.plusSeconds(3), 1));
        assertThat(series.sum()).isEqualTo(6);
    }

    @Test
    void percentileOverALongPeriodIsOverEverySampleOfTheWindow() {
        // 100 samples 1..100 spread over 10 seconds: p99 over the whole window is 99,
        // while the largest per-second p99 would be 100.
        for (int i = 1; i <= 100; i++) {
            store.record("AWS/ApplicationELB", "TargetResponseTime", LB, T0.plusMillis(100L * (i - 1)), i);
        }
        MetricQuery p99 = query("TargetResponseTime", Statistic.of("p99"), 10);

        assertThat(store.fetch(p99, T0, T0.plusSeconds(10)).points()).containsExactly(new DataPoint(T0, 99));
        assertThat(store.aggregateOver(p99.withStatistic(Statistic.of("p50")), T0, T0.plusSeconds(10))).isEqualTo(50);
        assertThat(store.aggregateOver(p99.withStatistic(Statistic.AVERAGE), T0, T0.plusSeconds(10))).isEqualTo(50.5);
        assertThat(store.aggregateOver(p99.withStatistic(Statistic.MAXIMUM), T0, T0.plusSeconds(10))).isEqualTo(100);
        assertThat(store.aggregateOver(p99.withStatistic(Statistic.SAMPLE_COUNT), T0, T0.plusSeconds(10))).isEqualTo(100);
    }

    @Test
    void percentilesOfTimingsStayWithinTheHistogramsPrecisionOfTheExactRank() {
        // 20 seconds of 500 response times each, log-normally spread from about 1 ms to 2 s.
        Random random = new Random(7);
        double[] all = new double[10_000];
        for (int i = 0; i < all.length; i++) {
            all[i] = Math.exp(-5 + 1.5 * random.nextGaussian());
            store.record("AWS/ApplicationELB", "TargetResponseTime", LB, T0.plusMillis(2L * i), all[i]);
        }
        Arrays.sort(all);
        for (String p : List.of("p50", "p90", "p99", "p99.9")) {
            double exact = all[(int) Math.ceil(Statistic.of(p).percentile() / 100 * all.length) - 1];
            double stored = store.aggregateOver(query("TargetResponseTime", Statistic.of(p), 20), T0, T0.plusSeconds(20));
            assertThat(stored).as(p).isCloseTo(exact, withPercentage(0.1));
        }
        double sum = Arrays.stream(all).sum();
        assertThat(store.aggregateOver(query("TargetResponseTime", Statistic.SUM, 20), T0, T0.plusSeconds(20)))
                .isCloseTo(sum, offset(1e-9));
        assertThat(store.aggregateOver(query("TargetResponseTime", Statistic.MINIMUM, 20), T0, T0.plusSeconds(20)))
                .isEqualTo(all[0]);
        assertThat(store.aggregateOver(query("TargetResponseTime", Statistic.MAXIMUM, 20), T0, T0.plusSeconds(20)))
                .isEqualTo(all[all.length - 1]);
    }

    @Test
    void minutesArchivedAfterTwoMinutesAnswerExactlyAsBefore() {
        // Recorded in time order, every minute two minutes older than the newest second is archived;
        // recorded backwards, none is (nothing is newer than the first second recorded): the same figures.
        MetricStore reference = new MetricStore();
        int seconds = (int) MetricStore.ARCHIVE_AFTER_SECONDS * 2 + 30;
        Random random = new Random(11);
        double[][] samples = new double[seconds][50];
        for (double[] second : samples) {
            Arrays.setAll(second, i -> Math.exp(-5 + 1.5 * random.nextGaussian()));
        }
        for (int s = 0; s < seconds; s++) {
            for (double value : samples[s]) {
                store.record("AWS/ApplicationELB", "TargetResponseTime", LB, T0.plusSeconds(s), value);
            }
            store.record("AWS/ApplicationELB", "RequestCount", LB, T0.plusSeconds(s), samples[s].length);
        }
        for (int s = seconds - 1; s >= 0; s--) {
            for (double value : samples[s]) {
                reference.record("AWS/ApplicationELB", "TargetResponseTime", LB, T0.plusSeconds(s), value);
            }
            reference.record("AWS/ApplicationELB", "RequestCount", LB, T0.plusSeconds(s), samples[s].length);
        }
        // T0 starts a minute; 270 seconds: the minutes ending 150 s before the newest second are archived, for both metrics.
        await().atMost(Duration.ofSeconds(30)).until(store::archivedMinutes, n -> n == 4); // archived in the background
        assertThat(reference.archivedMinutes()).isZero();
        assertSameFigures(store, reference, seconds);
        // A late sample far outside the first second's range: its minute is read back and the second grows.
        for (MetricStore each : List.of(store, reference)) {
            each.record("AWS/ApplicationELB", "TargetResponseTime", LB, T0, 30.0);
        }
        assertThat(store.archivedMinutes()).isEqualTo(3);
        assertSameFigures(store, reference, seconds);
        assertThat(store.aggregateOver(query("TargetResponseTime", Statistic.MAXIMUM, 1), T0, T0.plusSeconds(1))).isEqualTo(30.0);
        // The next new second archives it again, with the late sample.
        for (MetricStore each : List.of(store, reference)) {
            each.record("AWS/ApplicationELB", "TargetResponseTime", LB, T0.plusSeconds(seconds), 0.5);
        }
        await().atMost(Duration.ofSeconds(30)).until(store::archivedMinutes, n -> n == 4);
        assertSameFigures(store, reference, seconds + 1);
    }

    private void assertSameFigures(MetricStore store, MetricStore reference, int seconds) {
        Instant end = T0.plusSeconds(seconds);
        for (String statistic : List.of("p50", "p99", "p99.9", "Maximum", "Minimum", "Sum", "SampleCount", "Average")) {
            MetricQuery perSecond = query("TargetResponseTime", Statistic.of(statistic), 1);
            assertThat(store.fetch(perSecond, T0, end)).as(statistic).isEqualTo(reference.fetch(perSecond, T0, end));
            MetricQuery perMinute = query("TargetResponseTime", Statistic.of(statistic), 60);
            assertThat(store.fetch(perMinute, T0.plusSeconds(7), end)).as(statistic)
                    .isEqualTo(reference.fetch(perMinute, T0.plusSeconds(7), end));
            MetricQuery whole = query("TargetResponseTime", Statistic.of(statistic), seconds);
            assertThat(store.aggregateOver(whole, T0, end)).as(statistic).isEqualTo(reference.aggregateOver(whole, T0, end));
        }
        MetricQuery requests = query("RequestCount", Statistic.SUM, 1);
        assertThat(store.fetch(requests, T0, end)).isEqualTo(reference.fetch(requests, T0, end));
    }

    @Test
    void zerosAndOneValueAreExactAndNegativeValuesHaveNoPercentile() {
        store.record("AWS/ApplicationELB", "Zeros", LB, T0, 0);
        store.record("AWS/ApplicationELB", "Zeros", LB, T0, 0);
        store.record("AWS/ApplicationELB", "Zeros", LB, T0, 0.25);
        store.record("AWS/ApplicationELB", "Delta", LB, T0, -3);
        store.record("AWS/ApplicationELB", "Delta", LB, T0, 5);

        assertThat(store.aggregateOver(query("Zeros", Statistic.of("p50"), 1), T0, T0.plusSeconds(1))).isEqualTo(0);
        assertThat(store.aggregateOver(query("Zeros", Statistic.of("p99"), 1), T0, T0.plusSeconds(1))).isEqualTo(0.25);
        assertThat(store.aggregateOver(query("Delta", Statistic.SUM, 1), T0, T0.plusSeconds(1))).isEqualTo(2);
        assertThat(store.aggregateOver(query("Delta", Statistic.MINIMUM, 1), T0, T0.plusSeconds(1))).isEqualTo(-3);
        assertThat(store.aggregateOver(query("Delta", Statistic.of("p50"), 1), T0, T0.plusSeconds(1))).isNaN();
    }

    @Test
    void dimensionsAreMatchedExactly() {
        store.record("AWS/ApplicationELB", "RequestCount", Map.of("LoadBalancer", "app/shop/1", "AvailabilityZone", "local-1a"), T0, 1);

        assertThat(store.fetch(query("RequestCount", Statistic.SUM, 1), T0, T0.plusSeconds(1)).isEmpty()).isTrue();
    }

    @Test
    void rejectsStatisticsCloudWatchDoesNotKnow() {
        assertThatThrownBy(() -> Statistic.of("p999x")).hasMessageContaining("unknown statistic 'p999x'");
        assertThat(Statistic.of("p99.9").percentile()).isEqualTo(99.9);
    }

    @Test
    void recordedMetricsAnswerExactlyWhatWasRecorded(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        store.record("AWS/ApplicationELB", "RequestCount", LB, T0, 1);
        MetricQuery sum = query("RequestCount", Statistic.SUM, 1);
        java.nio.file.Path file = dir.resolve("metrics/server.json");
        RecordedMetrics.write(file, java.util.List.of(store.fetch(sum, T0, T0.plusSeconds(2))));

        RecordedMetrics recorded = RecordedMetrics.read(file);

        assertThat(recorded.fetch(sum, T0, T0.plusSeconds(2)).points()).containsExactly(new DataPoint(T0, 1));
        assertThatThrownBy(() -> recorded.fetch(sum.withStatistic(Statistic.AVERAGE), T0, T0.plusSeconds(2)))
                .hasMessageContaining("did not record");
    }

    @Test
    void aQueryRecordedTwiceIsNotCountedTwice() {
        store.record("AWS/ApplicationELB", "RequestCount", LB, T0, 1);
        store.record("AWS/ApplicationELB", "RequestCount", LB, T0.plusSeconds(1), 1);
        MetricQuery sum = query("RequestCount", Statistic.SUM, 1);
        RecordedMetrics recorded = new RecordedMetrics(java.util.List.of(
                store.fetch(sum, T0, T0.plusSeconds(2)), store.fetch(sum, T0.plusSeconds(1), T0.plusSeconds(2))));

        assertThat(recorded.fetch(sum, T0, T0.plusSeconds(2)).sum()).isEqualTo(2);
    }
}
