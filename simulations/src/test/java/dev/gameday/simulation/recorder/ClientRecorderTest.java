package dev.gameday.simulation.recorder;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.metric.TimeSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.gameday.simulation.recorder.ClientRecorder.KO_COUNT;
import static dev.gameday.simulation.recorder.ClientRecorder.OK_COUNT;
import static dev.gameday.simulation.recorder.ClientRecorder.REQUEST_COUNT;
import static dev.gameday.simulation.recorder.ClientRecorder.RESPONSE_TIME;
import static dev.gameday.simulation.recorder.ClientRecorder.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
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

    @Test
    void many_threads_recording_at_once_lose_no_request() throws Exception {
        int threads = 8;
        int perThread = 25_000;
        List<String> names = List.of("categories", "products", "product", "search", "checkout");
        // Every thread sends the same deterministic sequence spread over 10 seconds and 5 names, so
        // each (second, name) bucket is hit by all threads at once.
        Map<String, long[]> expected = new HashMap<>();
        for (int i = 0; i < perThread; i++) {
            long[] counts = expected.computeIfAbsent(names.get(i % 5) + "@" + (i / 7) % 10, k -> new long[2]);
            counts[i % 11 == 0 ? 1 : 0] += threads;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        recorder.record(names.get(i % 5), T0.plusMillis(((i / 7) % 10) * 1000L + i % 1000),
                                Duration.ofMillis(i % 300), i % 11 != 0);
                    }
                    return null;
                }));
            }
            go.countDown();
            // Reading while they write (as guardrails do) must neither fail nor disturb the counts.
            while (!done.stream().allMatch(Future::isDone)) {
                recorder.fetch(query(RESPONSE_TIME, null, Statistic.of("p99")), T0, T0.plusSeconds(10));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        for (String name : names) {
            for (int second = 0; second < 10; second++) {
                long[] counts = expected.get(name + "@" + second);
                Instant from = T0.plusSeconds(second);
                Instant to = from.plusSeconds(1);
                assertThat(recorder.fetch(query(OK_COUNT, name, Statistic.SUM), from, to).sum()).isEqualTo(counts[0]);
                assertThat(recorder.fetch(query(KO_COUNT, name, Statistic.SUM), from, to).sum()).isEqualTo(counts[1]);
                assertThat(recorder.fetch(query(RESPONSE_TIME, name, Statistic.SAMPLE_COUNT), from, to).sum())
                        .isEqualTo((counts[0] + counts[1]) * 1000.0 / 1000);
            }
        }
        assertThat(recorder.aggregateOver(query(REQUEST_COUNT, null, Statistic.SUM), T0, T0.plusSeconds(10)))
                .isEqualTo((double) threads * perThread);
    }

    @Test
    void a_request_counts_in_the_second_it_was_sent_even_when_it_ends_later() {
        recorder.record("product", T0.plusMillis(999), Duration.ofMillis(5), true);
        recorder.record("product", T0.plusSeconds(1), Duration.ofMillis(7), true);
        recorder.record("product", T0.plusSeconds(2), Duration.ofMillis(9), true);
        // Sent in the first second, answered (and recorded) only after the later ones: a timeout.
        recorder.record("product", T0.plusMillis(10), Duration.ofSeconds(10), false);

        TimeSeries counts = recorder.fetch(query(REQUEST_COUNT, "product", Statistic.SUM), T0, T0.plusSeconds(3));
        assertThat(counts.points()).extracting(p -> p.timestamp()).containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(2));
        assertThat(counts.points()).extracting(p -> p.value()).containsExactly(2.0, 1.0, 1.0);
        // Whole milliseconds are kept exactly up to 2,047 ms, larger values within 0.1 %.
        assertThat(recorder.fetch(query(RESPONSE_TIME, "product", Statistic.MAXIMUM), T0, T0.plusSeconds(3)).points())
                .extracting(p -> p.value()).satisfiesExactly(
                        max -> assertThat(max).isCloseTo(10.0, within(0.01)),
                        max -> assertThat(max).isEqualTo(0.007),
                        max -> assertThat(max).isEqualTo(0.009));
        assertThat(recorder.fetch(query(KO_COUNT, null, Statistic.SUM), T0, T0.plusSeconds(3)).points())
                .extracting(p -> p.value()).containsExactly(1.0, 0.0, 0.0);
    }

    @Test
    void percentiles_are_the_nearest_rank_of_the_samples_in_whole_milliseconds() {
        Random random = new Random(42);
        Map<Integer, List<Long>> perSecond = new HashMap<>();
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            int second = random.nextInt(4);
            long millis = (long) Math.exp(random.nextGaussian() * 1.2 + 4); // log-normal, mostly 10–600 ms
            millis = Math.min(millis, 2_000);
            recorder.record(i % 2 == 0 ? "product" : "search", T0.plusSeconds(second).plusMillis(random.nextInt(1000)),
                    Duration.ofMillis(millis), true);
            perSecond.computeIfAbsent(second, k -> new ArrayList<>()).add(millis);
            all.add(millis);
        }
        for (String p : List.of("p50", "p90", "p99", "p99.9", "p100")) {
            Statistic statistic = Statistic.of(p);
            assertThat(recorder.aggregateOver(query(RESPONSE_TIME, null, statistic), T0, T0.plusSeconds(4)))
                    .as(p).isEqualTo(nearestRank(all, statistic.percentile()) / 1000.0);
            assertThat(recorder.fetch(query(RESPONSE_TIME, null, statistic), T0, T0.plusSeconds(4)).points())
                    .extracting(point -> point.value()).as(p + " per second")
                    .containsExactly(perSecond.keySet().stream().sorted()
                            .map(s -> nearestRank(perSecond.get(s), statistic.percentile()) / 1000.0).toArray(Double[]::new));
        }
        assertThat(recorder.aggregateOver(query(RESPONSE_TIME, null, Statistic.AVERAGE), T0, T0.plusSeconds(4)))
                .isCloseTo(all.stream().mapToLong(Long::longValue).average().orElseThrow() / 1000.0, within(1e-12));
    }

    @Test
    void minutes_archived_after_two_minutes_read_and_merge_as_before() {
        // A long run, in order as it is sent: the minutes ending ARCHIVE_AFTER_SECONDS before the newest second are archived.
        int seconds = (int) ClientRecorder.ARCHIVE_AFTER_SECONDS * 2 + 30;
        Random random = new Random(7);
        Map<Integer, List<Long>> perSecond = new HashMap<>();
        List<Long> all = new ArrayList<>();
        for (int second = 0; second < seconds; second++) {
            for (int i = 0; i < 20; i++) {
                long millis = 1 + random.nextInt(900);
                recorder.record("product", T0.plusSeconds(second).plusMillis(i * 50L), Duration.ofMillis(millis), true);
                perSecond.computeIfAbsent(second, k -> new ArrayList<>()).add(millis);
                all.add(millis);
            }
            recorder.journeyStarted("browser", T0.plusSeconds(second));
        }
        // T0 starts a minute: of 270 seconds, the first two minutes.
        await().atMost(Duration.ofSeconds(30)).until(recorder::archivedMinutes, n -> n == 2); // archived in the background
        // A late answer for the first second, long archived (an injector's late batch does the same); below
        // 2,048 ms, where whole milliseconds are kept exactly. Its minute is read back.
        recorder.record("product", T0.plusMillis(10), Duration.ofMillis(1_999), false);
        assertThat(recorder.archivedMinutes()).isEqualTo(1);
        perSecond.get(0).add(1_999L);
        all.add(1_999L);

        Instant end = T0.plusSeconds(seconds);
        Statistic p99 = Statistic.of("p99");
        assertThat(recorder.aggregateOver(query(RESPONSE_TIME, null, p99), T0, end))
                .isEqualTo(nearestRank(all, 99) / 1000.0);
        assertThat(recorder.fetch(query(RESPONSE_TIME, "product", Statistic.MAXIMUM), T0, end).points())
                .extracting(point -> point.value())
                .containsExactly(perSecond.keySet().stream().sorted()
                        .map(s -> perSecond.get(s).stream().mapToLong(Long::longValue).max().orElseThrow() / 1000.0)
                        .toArray(Double[]::new));
        assertThat(recorder.fetch(query(KO_COUNT, null, Statistic.SUM), T0, end).sum()).isEqualTo(1);
        assertThat(recorder.fetch(ClientRecorder.journeyQuery("browser"), T0, end).points())
                .hasSize(seconds).allSatisfy(point -> assertThat(point.value()).isEqualTo(1));
        assertThat(recorder.recordedRange()).contains(new ClientRecorder.Range(T0, end));

        // client.json carries the archived seconds: read back, the same figures.
        Path file = dir.resolve("client.json");
        recorder.writeTo(file);
        ClientMetrics read = ClientMetrics.read(file);
        assertThat(read.requests().stream().mapToLong(r -> r.ok() + r.ko()).sum()).isEqualTo(all.size());
        ClientRecorder reread = new ClientRecorder();
        reread.add(read);
        assertThat(reread.aggregateOver(query(RESPONSE_TIME, null, p99), T0, end))
                .isEqualTo(nearestRank(all, 99) / 1000.0);
        assertThat(reread.fetch(ClientRecorder.journeyQuery("browser"), T0, end).sum()).isEqualTo(seconds);
        // The live per-second series (each name's range read once, archived minutes decoded once) are
        // those the file's buckets give read second by second.
        assertThat(recorder.series(T0, end)).isEqualTo(read.series(T0, end)).hasSize(2 * 9 + 1)
                .allSatisfy(series -> assertThat(series.points()).hasSize(seconds));
    }

    private static long nearestRank(List<Long> values, double percentile) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        // Exact decimal arithmetic: 99.9 / 100.0 * 5000 is 4995.000000000001 in doubles.
        int rank = BigDecimal.valueOf(percentile).multiply(BigDecimal.valueOf(sorted.length))
                .divide(BigDecimal.valueOf(100)).setScale(0, RoundingMode.CEILING).intValueExact();
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
