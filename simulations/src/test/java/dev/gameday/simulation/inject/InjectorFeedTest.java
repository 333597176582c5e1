package dev.gameday.simulation.inject;

import dev.gameday.core.metric.Statistic;
import dev.gameday.simulation.profile.LoadProfile;
import dev.gameday.simulation.recorder.ClientMetrics;
import dev.gameday.simulation.recorder.ClientRecorder;
import dev.gameday.simulation.runner.SimulationContext;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.gameday.simulation.recorder.ClientRecorder.REQUEST_COUNT;
import static dev.gameday.simulation.recorder.ClientRecorder.RESPONSE_TIME;
import static dev.gameday.simulation.recorder.ClientRecorder.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three injectors' recorders stream over a real loopback socket into the harness's feed: the
 * harness's live recorder, and the merge of the injectors' own files, both answer as one recorder
 * fed every sample would; a feed cut without its end mark (a killed injector) keeps what it sent;
 * injectors hear on their feed when to start (sooner than their common start) and that the phases
 * are over.
 */
class InjectorFeedTest {

    private static final Instant T0 = Instant.parse("2026-12-07T06:00:00Z");
    private static final List<String> NAMES = List.of("product", "cart add", "checkout");

    @Test
    void three_injectors_streams_and_files_merge_into_what_one_recorder_fed_every_sample_records() {
        ClientRecorder live = new ClientRecorder();
        ClientRecorder union = new ClientRecorder();
        Random random = new Random(17);
        try (InjectorFeed feed = InjectorFeed.open(live)) {
            ClientMetrics[] files = new ClientMetrics[3];
            for (int i = 0; i < 3; i++) {
                String id = "inj-" + (i + 1);
                ClientRecorder own = new ClientRecorder();
                FeedSender sender = FeedSender.connect(feed.port(), id, "local-1" + "ab".charAt(i % 2));
                own.listen(sender);
                for (int n = 0; n < 2_000; n++) {
                    String name = NAMES.get(random.nextInt(NAMES.size()));
                    Instant sent = T0.plusMillis(random.nextInt(10_000));
                    Duration took = Duration.ofMillis(1 + (long) Math.abs(random.nextGaussian() * 40 * (i + 1)));
                    boolean ok = random.nextInt(50) != 0;
                    own.record(name, sent, took, ok);
                    union.record(name, sent, took, ok);
                }
                own.journeyStarted("buyer", T0.plusSeconds(i));
                union.journeyStarted("buyer", T0.plusSeconds(i));
                sender.close();
                files[i] = own.snapshot(T0, T0.plusSeconds(10));
                InjectorFeed.Stream stream = feed.stream(id).orElseThrow();
                assertThat(stream.awaitClosed(Duration.ofSeconds(10))).isTrue();
                assertThat(stream.ended()).as("%s sent its end mark", id).isTrue();
                assertThat(stream.samples()).isEqualTo(2_000);
                assertThat(stream.zone()).isEqualTo("local-1" + "ab".charAt(i % 2));
            }
            ClientRecorder merged = ClientRecorder.of(ClientMetrics.merge(files));
            for (String name : NAMES) {
                for (String stat : List.of("p50", "p90", "p99", "Maximum", "Average")) {
                    double expected = union.aggregateOver(query(RESPONSE_TIME, name, Statistic.of(stat)), T0, T0.plusSeconds(10));
                    assertThat(merged.aggregateOver(query(RESPONSE_TIME, name, Statistic.of(stat)), T0, T0.plusSeconds(10)))
                            .as("%s %s of the merged files", name, stat).isEqualTo(expected);
                    assertThat(live.aggregateOver(query(RESPONSE_TIME, name, Statistic.of(stat)), T0, T0.plusSeconds(10)))
                            .as("%s %s of the live feed", name, stat).isEqualTo(expected);
                }
            }
            assertThat(merged.aggregateOver(query(REQUEST_COUNT, null, Statistic.SUM), T0, T0.plusSeconds(10))).isEqualTo(6_000);
            assertThat(merged.series(T0, T0.plusSeconds(10))).isEqualTo(union.series(T0, T0.plusSeconds(10)));
            assertThat(live.series(T0, T0.plusSeconds(10))).isEqualTo(union.series(T0, T0.plusSeconds(10)));
        }
    }

    @Test
    void a_feed_cut_without_its_end_mark_keeps_what_arrived_and_says_it_did_not_end() throws Exception {
        ClientRecorder live = new ClientRecorder();
        try (InjectorFeed feed = InjectorFeed.open(live);
             java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), feed.port())) {
            var out = new java.io.PrintWriter(new java.io.OutputStreamWriter(socket.getOutputStream(),
                    java.nio.charset.StandardCharsets.UTF_8), true);
            out.println(InjectorFeed.hello("inj-2", "local-1b"));
            out.println(InjectorFeed.request("checkout", T0, 12, true));
            out.println(InjectorFeed.request("checkout", T0.plusSeconds(1), 30, false));
            socket.close(); // killed: no end mark
            InjectorFeed.Stream stream = awaitStream(feed, "inj-2");
            assertThat(stream.awaitClosed(Duration.ofSeconds(10))).isTrue();
            assertThat(stream.ended()).isFalse();
            assertThat(stream.samples()).isEqualTo(2);
            // Its newest sample ended at T0 + 1 s + 30 ms, hours before it was read: that is how late it arrived.
            assertThat(stream.late()).hasValueSatisfying(late -> assertThat(late)
                    .isGreaterThanOrEqualTo(Duration.between(T0.plusMillis(1_030), Instant.now().minusSeconds(1))));
            assertThat(feed.late()).as("a closed stream is no longer late").isEmpty();
            assertThat(stream.recorder().errorRate("checkout", T0, T0.plusSeconds(2))).isEqualTo(0.5);
            assertThat(live.aggregateOver(query(REQUEST_COUNT, null, Statistic.SUM), T0, T0.plusSeconds(2))).isEqualTo(2);
        }
    }

    @Test
    void injectors_hear_the_harness_on_their_feed_start_sooner_than_the_common_start_and_end_with_the_phases() throws Exception {
        Instant commonStart = Instant.now().plusSeconds(60);
        Instant sooner = Instant.now().plusMillis(300);
        try (InjectorFeed feed = InjectorFeed.open(new ClientRecorder())) {
            FeedSender first = FeedSender.connect(feed.port(), "inj-1", "local-1a");
            FeedSender second = FeedSender.connect(feed.port(), "inj-2", "local-1b");
            awaitStream(feed, "inj-1");
            awaitStream(feed, "inj-2");
            assertThat(first.startSignal()).as("nothing said yet").isNotDone();

            assertThat(feed.startAllAt(sooner)).containsExactlyInAnyOrder("inj-1", "inj-2");
            assertThat(first.startSignal().get(10, TimeUnit.SECONDS)).isEqualTo(sooner.truncatedTo(ChronoUnit.MILLIS));
            assertThat(second.startSignal().get(10, TimeUnit.SECONDS)).isEqualTo(sooner.truncatedTo(ChronoUnit.MILLIS));

            // The simulation's wait ends at the announced start, not the minute-away common one.
            SimulationContext context = SimulationContext
                    .builder(URI.create("http://127.0.0.1:1"), LoadProfile.constant(1, Duration.ofSeconds(1)))
                    .startAt(commonStart).startSignal(first.startSignal()).build();
            context.readyThenAwaitStart();
            assertThat(Instant.now()).isAfterOrEqualTo(sooner.truncatedTo(ChronoUnit.MILLIS)).isBefore(commonStart);

            // When the game day's phases are over, the harness says so too.
            assertThat(first.phasesOver()).isNotDone();
            assertThat(feed.phasesOver()).containsExactlyInAnyOrder("inj-1", "inj-2");
            first.phasesOver().get(10, TimeUnit.SECONDS);
            second.phasesOver().get(10, TimeUnit.SECONDS);
            first.close();
            second.close();
        }
    }

    private static InjectorFeed.Stream awaitStream(InjectorFeed feed, String id) {
        // The hello is read on the feed's own thread: wait for that condition.
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> feed.stream(id), java.util.Optional::isPresent).orElseThrow();
    }
}
