package dev.gameday.simulation.runner;

import ch.qos.logback.classic.LoggerContext;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.order.LedgerEntry;
import dev.gameday.core.order.OrderLedgerFile;
import dev.gameday.core.order.OrderOutcome;
import dev.gameday.simulation.journey.CheckoutPolicy;
import dev.gameday.simulation.journey.JourneyMix;
import dev.gameday.simulation.journey.ThinkTime;
import dev.gameday.simulation.ledger.OrderLedger;
import dev.gameday.simulation.profile.LoadProfile;
import dev.gameday.simulation.recorder.ClientRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traffic against a port nobody listens on: every request is KO, every order indeterminate,
 * and the run still ends with a report — twice in one JVM, with logging alive afterwards.
 */
class DeadShopRunTest {

    @TempDir
    Path runs;

    @Test
    void a_dead_shop_gives_ko_requests_and_indeterminate_orders_and_the_run_still_ends() throws IOException {
        URI dead = URI.create("http://127.0.0.1:" + freePort());
        for (int round = 1; round <= 2; round++) {
            Path run = runs.resolve("run-" + round);
            ClientRecorder recorder = new ClientRecorder();
            GatlingResult result;
            try (OrderLedger ledger = OrderLedger.open(run.resolve("orders.jsonl"))) {
                SimulationContext context = SimulationContext.builder(dead, LoadProfile.constant(3, Duration.ofSeconds(4)))
                        .mix(JourneyMix.of(0, 1, 3))
                        .recorder(recorder)
                        .ledger(ledger)
                        .shoppers(3)
                        .thinkTime(ThinkTime.between(Duration.ofMillis(10), Duration.ofMillis(50)))
                        .checkout(new CheckoutPolicy(3, Duration.ofMillis(10), Duration.ofMillis(30), 2,
                                Duration.ofMillis(10), Duration.ofMillis(30)))
                        .requestTimeout(Duration.ofSeconds(2))
                        .build();
                result = GatlingRunner.builder().runDescription("dead shop " + round).build().run(context, run.resolve("gatling"));
            }

            assertThat(result.exitCode()).as("%s", result).isZero();
            assertThat(result.hasReport()).as("report at %s", result.indexHtml()).isTrue();

            ClientRecorder.Range range = recorder.recordedRange().orElseThrow();
            double requests = sum(recorder, ClientRecorder.REQUEST_COUNT, range);
            assertThat(requests).isPositive();
            assertThat(sum(recorder, ClientRecorder.KO_COUNT, range)).isEqualTo(requests);
            assertThat(sum(recorder, ClientRecorder.OK_COUNT, range)).isZero();

            List<LedgerEntry> orders = OrderLedgerFile.read(run.resolve("orders.jsonl"));
            assertThat(orders).isNotEmpty();
            assertThat(orders).allSatisfy(order -> {
                assertThat(order.outcome()).isEqualTo(OrderOutcome.INDETERMINATE);
                assertThat(order.orderId()).isNull();
            });
            // Orders that ended before the run did were retried up to the policy's limit.
            assertThat(orders).anySatisfy(order -> assertThat(order.attempts()).hasSize(3));
            assertThat(recorder.requestNames()).contains("login", "checkout");
            assertThat(sum(recorder, ClientRecorder.REQUEST_COUNT, range, "checkout"))
                    .isEqualTo(orders.stream().mapToInt(o -> o.attempts().size()).sum());
        }
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(logback.isStarted()).as("Logback restarted after Gatling stopped it").isTrue();
        assertThat(logback.getLogger("ROOT").getAppender("CONSOLE")).isNotNull()
                .satisfies(appender -> assertThat(appender.isStarted()).isTrue());
    }

    @Test
    void stopping_the_traffic_ends_the_run_early_with_its_report() throws IOException {
        URI dead = URI.create("http://127.0.0.1:" + freePort());
        ClientRecorder recorder = new ClientRecorder();
        LoadProfile twoMinutes = LoadProfile.constant(2, Duration.ofMinutes(2));
        SimulationContext context = SimulationContext.builder(dead, twoMinutes)
                .recorder(recorder)
                .shoppers(2)
                .thinkTime(ThinkTime.between(Duration.ofMillis(10), Duration.ofMillis(50)))
                .build();

        GatlingResult result;
        try (TrafficRun traffic = GatlingRunner.builder().build().start(context, runs.resolve("stopped/gatling"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> recorder.recordedRange().isPresent());
            traffic.stop("guardrail: test");
            result = traffic.await();
        }

        assertThat(result.stopReason()).isEqualTo("guardrail: test");
        assertThat(result.hasReport()).isTrue();
        ClientRecorder.Range range = recorder.recordedRange().orElseThrow();
        double journeys = recorder.journeyNames().stream()
                .mapToDouble(j -> recorder.fetch(ClientRecorder.journeyQuery(j), range.start(), range.end()).sum()).sum();
        assertThat(journeys).as("journeys started before the stop").isLessThan(twoMinutes.expectedUsers() / 2);
    }

    private static double sum(ClientRecorder recorder, String metric, ClientRecorder.Range range) {
        return sum(recorder, metric, range, null);
    }

    private static double sum(ClientRecorder recorder, String metric, ClientRecorder.Range range, String request) {
        return recorder.fetch(ClientRecorder.query(metric, request, Statistic.SUM), range.start(), range.end()).sum();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
