package dev.gameday.simulation.recorder;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.metric.TimeSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.gameday.simulation.recorder.ClientRecorder.KO_COUNT;
import static dev.gameday.simulation.recorder.ClientRecorder.OK_COUNT;
import static dev.gameday.simulation.recorder.ClientRecorder.REQUEST_COUNT;
import static dev.gameday.simulation.recorder.ClientRecorder.RESPONSE_TIME;
import static dev.gameday.simulation.recorder.ClientRecorder.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClientRecorderTest {

    private static final Instant T0 = Instant.parse("2026-11-23T16:00:00Z");

    @TempDir
    Path dir;

    private final ClientRecorder recorder = new ClientRecorder();

    @Test
    void counts_per_second_for_all_requests_and_per_name() {
        recorder.record("product", T0, Duration.ofMillis(10), true);
        recorder.record("product", T0.plusMillis(500), Duration.ofMillis(30), false);
        recorder.record("checkout", T0.plusSeconds(1), Duration.ofMillis(200), true);

        Instant end = T0.plusSeconds(2);
        TimeSeries all = recorder.fetch(query(REQUEST_COUNT, null, Statistic.SUM), T0, end);
        assertThat(all.points()).extracting(p -> p.value()).containsExactly(2.0, 1.0);
        assertThat(recorder.fetch(query(KO_COUNT, "product", Statistic.SUM), T0, end).sum()).isEqualTo(1);
        assertThat(recorder.fetch(query(OK_COUNT, null, Statistic.SUM), T0, end).sum()).isEqualTo(2);
        assertThat(recorder.fetch(query(RESPONSE_TIME, "product", Statistic.MAXIMUM), T0, end).max().orElseThrow())
                .isEqualTo(0.030);
        assertThat(recorder.aggregateOver(query(RESPONSE_TIME, null, Statistic.of("p99")), T0, end)).isEqualTo(0.2);
        assertThat(recorder.requestNames()).containsExactly("checkout", "product");
        assertThat(recorder.errorRate(null, T0, end)).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(recorder.errorRate("product", T0, T0.plusSeconds(1))).isEqualTo(0.5);
        assertThat(recorder.errorRate(null, end, end.plusSeconds(5))).isNaN();
        assertThat(recorder.recordedRange()).hasValue(new ClientRecorder.Range(T0, end));
    }

    @Test
    void client_json_holds_every_metric_and_dimension_and_reads_back_through_recorded_metrics() {
        recorder.record("product", T0, Duration.ofMillis(10), true);
        recorder.record("search", T0.plusSeconds(2), Duration.ofMillis(50), false);
        recorder.journeyStarted("browser", T0);
        Path file = dir.resolve("metrics/client.json");

        recorder.writeTo(file);

        RecordedMetrics recorded = RecordedMetrics.read(file);
        // (all + 2 names) × (3 counts + 6 response-time statistics) + 1 journey
        assertThat(recorded.series()).hasSize(3 * 9 + 1);
        MetricQuery searchKo = query(KO_COUNT, "search", Statistic.SUM);
        assertThat(recorded.fetch(searchKo, T0, T0.plusSeconds(3)).points())
                .singleElement().satisfies(p -> {
                    assertThat(p.timestamp()).isEqualTo(T0.plusSeconds(2));
                    assertThat(p.value()).isEqualTo(1.0);
                });
        assertThat(recorded.fetch(query(RESPONSE_TIME, null, Statistic.of("p95")), T0, T0.plusSeconds(3)).points())
                .extracting(p -> p.value()).containsExactly(0.010, 0.050);
        assertThat(recorded.fetch(ClientRecorder.journeyQuery("browser"), T0, T0.plusSeconds(3)).sum()).isEqualTo(1);
    }

    @Test
    void extra_series_join_client_json_without_counting_twice() {
        recorder.record("product", T0, Duration.ofMillis(10), true);
        recorder.record("product", T0.plusSeconds(1), Duration.ofMillis(20), true);
        MetricQuery perSecond = query(REQUEST_COUNT, null, Statistic.SUM);
        MetricQuery wholeWindow = query(RESPONSE_TIME, null, Statistic.of("p99")).withPeriod(Duration.ofSeconds(2));
        List<TimeSeries> fromSloEvaluation = List.of(
                recorder.fetch(perSecond, T0, T0.plusSeconds(2)),
                recorder.fetch(wholeWindow, T0, T0.plusSeconds(2)));
        Path file = dir.resolve("client.json");

        recorder.writeTo(file, T0.plusSeconds(1), T0.plusSeconds(2), fromSloEvaluation);

        RecordedMetrics recorded = RecordedMetrics.read(file);
        assertThat(recorded.fetch(perSecond, T0, T0.plusSeconds(2)).sum()).isEqualTo(2);
        assertThat(recorded.fetch(wholeWindow, T0, T0.plusSeconds(2)).points()).singleElement()
                .satisfies(p -> assertThat(p.value()).isEqualTo(0.020));
    }
}
