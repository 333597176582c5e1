package dev.gameday.simulation.recorder;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gameday.core.json.Json;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.metric.TimeSeries;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static dev.gameday.simulation.recorder.ClientRecorder.KO_COUNT;
import static dev.gameday.simulation.recorder.ClientRecorder.REQUEST_COUNT;
import static dev.gameday.simulation.recorder.ClientRecorder.RESPONSE_TIME;
import static dev.gameday.simulation.recorder.ClientRecorder.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientMetricsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T16:00:00Z");
    private static final Instant T5 = T0.plusSeconds(5);
    private static final List<String> NAMES = List.of("product", "search", "checkout");

    @TempDir
    Path dir;

    @Test
    void two_injectors_files_merge_into_what_one_injector_seeing_every_request_records() {
        ClientRecorder a = new ClientRecorder();
        ClientRecorder b = new ClientRecorder();
        ClientRecorder union = new ClientRecorder();
        Histogram expected = new Histogram(3);
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String name = NAMES.get(random.nextInt(NAMES.size()));
            Instant sentAt = T0.plusMillis(random.nextInt(5_000));
            // Log-normal with a long tail, so values beyond HdrHistogram's exact range merge too.
            Duration rt = Duration.ofMillis((long) Math.exp(random.nextGaussian() * 1.5 + 4));
            boolean ok = random.nextInt(20) != 0;
            (i % 3 == 0 ? a : b).record(name, sentAt, rt, ok);
            union.record(name, sentAt, rt, ok);
            expected.recordValue(ResponseTimes.millis(rt));
        }
        a.journeyStarted("browser", T0);
        b.journeyStarted("browser", T0.plusMillis(300));
        union.journeyStarted("browser", T0);
        union.journeyStarted("browser", T0.plusMillis(300));
        a.writeTo(dir.resolve("a/client.json"), T0, T5);
        b.writeTo(dir.resolve("b/client.json"), T0, T5);

        ClientMetrics merged = ClientMetrics.merge(ClientMetrics.read(dir.resolve("a/client.json")),
                ClientMetrics.read(dir.resolve("b/client.json")));

        assertThat(merged.series(T0, T5)).isEqualTo(union.series(T0, T5));
        // The same buckets; the bytes of a merged histogram's encoding may differ, not its counts.
        assertThat(decoded(merged.requests())).isEqualTo(decoded(union.snapshot(T0, T5).requests()));
        for (double p : new double[] {50, 90, 99, 99.9}) {
            assertThat(merged.fetch(query(RESPONSE_TIME, null, Statistic.of("p" + (p == (long) p ? "" + (long) p : "" + p)))
                            .withPeriod(Duration.ofSeconds(5)), T0, T5).points())
                    .singleElement().satisfies(point -> assertThat(point.value())
                            .isEqualTo(expected.getValueAtPercentile(p) / 1000.0));
        }
        assertThat(merged.fetch(query(REQUEST_COUNT, null, Statistic.SUM), T0, T5).sum()).isEqualTo(20_000);
        assertThat(merged.fetch(ClientRecorder.journeyQuery("browser"), T0, T5).sum()).isEqualTo(2);
    }

    @Test
    void client_json_round_trips_and_still_reads_as_recorded_metrics() {
        ClientRecorder recorder = new ClientRecorder();
        recorder.record("product", T0, Duration.ofMillis(12), true);
        recorder.record("product", T0.plusMillis(400), Duration.ofMillis(3_456), false);
        recorder.record("search", T0.plusSeconds(2), Duration.ofMillis(40), true);
        recorder.journeyStarted("buyer", T0.plusSeconds(1));
        Path file = dir.resolve("metrics/client.json");

        recorder.writeTo(file);
        ClientMetrics read = ClientMetrics.read(file);

        ClientMetrics snapshot = recorder.snapshot(T0, T0.plusSeconds(3));
        assertThat(read.requests()).isEqualTo(snapshot.requests()).hasSize(2);
        assertThat(read.journeys()).isEqualTo(snapshot.journeys());
        assertThat(read.range()).hasValue(new ClientRecorder.Range(T0, T0.plusSeconds(3)));
        assertThat(read.series(T0, T0.plusSeconds(3))).isEqualTo(recorder.series(T0, T0.plusSeconds(3)));
        RecordedMetrics recorded = RecordedMetrics.read(file);
        assertThat(recorded.series()).isEqualTo(recorder.series(T0, T0.plusSeconds(3)));
        MetricQuery productKo = query(KO_COUNT, "product", Statistic.SUM);
        assertThat(recorded.fetch(productKo, T0, T0.plusSeconds(3)).sum()).isEqualTo(1);

        Path merged = dir.resolve("merged/client.json");
        ClientMetrics.merge(read, read).writeTo(merged);
        assertThat(RecordedMetrics.read(merged).fetch(productKo, T0, T0.plusSeconds(3)).sum()).isEqualTo(2);
        List<TimeSeries> p99 = List.of(ClientMetrics.read(merged).fetch(query(RESPONSE_TIME, "product", Statistic.of("p99")),
                T0, T0.plusSeconds(1)));
        assertThat(p99.get(0).points()).singleElement().satisfies(p -> assertThat(p.value()).isBetween(3.456, 3.456 * 1.001));
    }

    @Test
    void a_bucket_whose_counts_disagree_with_its_histogram_is_refused_naming_file_and_path() throws Exception {
        ClientRecorder recorder = new ClientRecorder();
        recorder.record("product", T0, Duration.ofMillis(12), true);
        Path file = dir.resolve("client.json");
        recorder.writeTo(file);
        ObjectNode root = (ObjectNode) Json.mapper().readTree(file.toFile());
        ((ObjectNode) root.get("perSecond").get("requests").get(0)).put("ok", 5);
        Json.mapper().writeValue(file.toFile(), root);

        assertThatThrownBy(() -> ClientMetrics.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("perSecond.requests[0]")
                .hasMessageContaining("ok 5 + ko 0 must be the histogram's count, 1");

        ((ObjectNode) root.get("perSecond").get("requests").get(0)).put("ok", 1).put("responseTime", "not-a-histogram");
        Json.mapper().writeValue(file.toFile(), root);
        assertThatThrownBy(() -> ClientMetrics.read(file))
                .hasMessageContaining("perSecond.requests[0].responseTime");
    }

    @Test
    void a_client_json_without_buckets_is_refused_by_name() {
        Path file = dir.resolve("old/client.json");
        RecordedMetrics.write(file, List.of());

        assertThatThrownBy(() -> ClientMetrics.read(file))
                .hasMessageContaining(file.toString()).hasMessageContaining("no perSecond block");
    }

    private static List<List<Object>> decoded(List<RequestSecond> buckets) {
        return buckets.stream().map(b -> List.<Object>of(b.second(), b.request(), b.ok(), b.ko(),
                new Histogram(ResponseTimes.decode(b.responseTime())))).toList();
    }
}
