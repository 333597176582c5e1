package dev.gameday.simulation.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.core.json.Json;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.order.LedgerEntry;
import dev.gameday.core.order.OrderLedgerFile;
import dev.gameday.core.order.OrderOutcome;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.shop.Shop;
import dev.gameday.shop.ShopConfig;
import dev.gameday.simulation.journey.CheckoutPolicy;
import dev.gameday.simulation.journey.Journey;
import dev.gameday.simulation.journey.JourneyMix;
import dev.gameday.simulation.journey.ShopFixtures;
import dev.gameday.simulation.journey.ShopperSimulation;
import dev.gameday.simulation.journey.ThinkTime;
import dev.gameday.simulation.ledger.OrderLedger;
import dev.gameday.simulation.profile.LoadProfile;
import dev.gameday.simulation.recorder.ClientRecorder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.gameday.simulation.recorder.ClientRecorder.KO_COUNT;
import static dev.gameday.simulation.recorder.ClientRecorder.OK_COUNT;
import static dev.gameday.simulation.recorder.ClientRecorder.REQUEST_COUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * One short run of shopper traffic against the real shop (in-process, embedded PostgreSQL, real
 * HTTP), then what the harness relies on: the report, the recorder agreeing with Gatling, the
 * ledger's acknowledged orders existing in the shop, and the journey mix; and a run whose shoppers
 * are mid-think when the journeys end ends within seconds, not at the end of their pauses.
 */
class ShopperTrafficTest {

    /** Enough arrivals for the mix to show, short enough for two shared cores. */
    private static final LoadProfile PROFILE = LoadProfile.constant(5, Duration.ofSeconds(15)).withGrace(Duration.ofSeconds(20));
    private static final JourneyMix MIX = JourneyMix.of(50, 20, 30);

    @TempDir
    static Path runs;

    static EmbeddedPostgres pg;
    static Shop shop;
    static RunDirectory run;
    static ClientRecorder recorder;
    static GatlingResult result;
    static Instant start;
    static Instant end;

    @BeforeAll
    static void runTraffic() {
        try {
            pg = EmbeddedPostgres.builder().start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL", e);
        }
        shop = Shop.start(ShopConfig.builder(pg.getJdbcUrl("postgres", "postgres"), "postgres", "")
                .seedProducts(300).build());
        run = RunDirectory.create(runs, "traffic", Instant.now());
        recorder = new ClientRecorder();
        start = Instant.now();
        try (OrderLedger ledger = OrderLedger.open(run.orders())) {
            SimulationContext context = SimulationContext.builder(shop.baseUrl(), PROFILE)
                    .mix(MIX)
                    .recorder(recorder)
                    .ledger(ledger)
                    // Far fewer accounts than logged-in shoppers at once: the pool must grow, never share.
                    .shoppers(2)
                    .seed(7)
                    .thinkTime(ThinkTime.between(Duration.ofMillis(50), Duration.ofMillis(250)))
                    .checkout(new CheckoutPolicy(3, Duration.ofMillis(50), Duration.ofMillis(150), 2,
                            Duration.ofMillis(100), Duration.ofMillis(300)))
                    .build();
            result = GatlingRunner.builder().runDescription(run.id()).build().run(context, run);
        }
        end = Instant.now().plusSeconds(1);
        recorder.writeTo(run.clientMetrics(), start.minusSeconds(1), end);
    }

    @AfterAll
    static void stop() throws Exception {
        if (shop != null) {
            shop.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void shoppers_mid_think_leave_within_a_second_once_the_journeys_end() {
        // Think times of 40–45 s: a shopper that waited out its pause would hold the run open for that long.
        RunDirectory thinking = RunDirectory.create(runs, "thinking", Instant.now());
        ClientRecorder own = new ClientRecorder();
        SimulationContext context = SimulationContext.builder(shop.baseUrl(),
                        LoadProfile.constant(2, Duration.ofSeconds(3)).withGrace(Duration.ofSeconds(90)))
                .mix(JourneyMix.of(100, 0, 0))
                .recorder(own)
                .shoppers(2)
                .thinkTime(ThinkTime.between(Duration.ofSeconds(40), Duration.ofSeconds(45)))
                .build();
        Instant started = Instant.now().minusSeconds(1);
        try (TrafficRun traffic = GatlingRunner.builder().runDescription(thinking.id()).build().start(context, thinking)) {
            // Shoppers are in their first think time once they have sent a request each.
            await().atMost(Duration.ofSeconds(60)).until(() -> own.fetch(ClientRecorder.query(REQUEST_COUNT, null, Statistic.SUM),
                    started, Instant.now().plusSeconds(1)).sum() >= 3);
            context.arrivalsEnded(); // what the harness says when its last phase ends
            await().atMost(Duration.ofSeconds(20)).until(traffic::done);
            assertThat(traffic.await().exitCode()).isZero();
        }
    }

    @Test
    void the_run_passes_and_its_report_lands_in_the_run_directory() {
        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.indexHtml()).isEqualTo(run.gatling().resolve("index.html")).isRegularFile();
        assertThat(result.stopReason()).isNull();
    }

    @Test
    void the_recorder_counts_what_gatling_counts() {
        GatlingReport gatling = GatlingReport.read(result.indexHtml());
        assertThat(gatling.total()).isPositive();
        assertThat(sum(REQUEST_COUNT, null)).isEqualTo(gatling.total());
        assertThat(sum(KO_COUNT, null)).isEqualTo(gatling.ko());
        assertThat(sum(OK_COUNT, null)).isEqualTo(gatling.ok());
        assertThat(recorder.requestNames()).isSubsetOf(ShopperSimulation.REQUEST_NAMES)
                .contains("categories", "products", "product", "search", "login", "cart add", "cart view", "checkout");
        double perName = recorder.requestNames().stream().mapToDouble(name -> sum(REQUEST_COUNT, name)).sum();
        assertThat(perName).isEqualTo(sum(REQUEST_COUNT, null));
    }

    @Test
    void client_json_is_written_in_the_recorded_metrics_shape() {
        RecordedMetrics recorded = RecordedMetrics.read(run.clientMetrics());
        assertThat(recorded.fetch(ClientRecorder.query(REQUEST_COUNT, null, Statistic.SUM), start.minusSeconds(1), end).sum())
                .isEqualTo(sum(REQUEST_COUNT, null));
        assertThat(recorded.fetch(ClientRecorder.query(ClientRecorder.RESPONSE_TIME, "checkout", Statistic.of("p99")),
                start.minusSeconds(1), end).points()).isNotEmpty();
    }

    @Test
    void acknowledged_orders_exist_in_the_shop() throws Exception {
        List<LedgerEntry> orders = OrderLedgerFile.read(run.orders());
        List<LedgerEntry> acknowledged = orders.stream().filter(o -> o.outcome() == OrderOutcome.ACKNOWLEDGED).toList();
        assertThat(acknowledged).as("ledger %s", orders).isNotEmpty();
        assertThat(orders).extracting(LedgerEntry::idempotencyKey).doesNotHaveDuplicates();
        assertThat(sum(REQUEST_COUNT, "checkout")).isEqualTo(orders.stream().mapToInt(o -> o.attempts().size()).sum());

        HttpClient http = HttpClient.newHttpClient();
        for (LedgerEntry order : acknowledged) {
            String token = login(http, order.shopper());
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(shop.baseUrl().resolve("/orders/" + order.orderId()))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as("GET /orders/%s: %s", order.orderId(), reply.body()).isEqualTo(200);
            JsonNode body = Json.mapper().readTree(reply.body());
            assertThat(body.get("id").asText()).isEqualTo(order.orderId());
            assertThat(body.get("idempotencyKey").asText()).isEqualTo(order.idempotencyKey());
        }
    }

    @Test
    void no_two_shoppers_share_an_account_so_no_checkout_finds_its_cart_emptied() {
        List<LedgerEntry> orders = OrderLedgerFile.read(run.orders());
        assertThat(orders).hasSizeGreaterThan(5);
        // Shared accounts share a cart: one buyer checks out the other's, whose checkout then gets
        // 400 "cart is empty". With leased accounts every checkout of this healthy shop succeeds.
        assertThat(orders).as("ledger %s", orders)
                .allSatisfy(o -> assertThat(o.attempts()).noneMatch(a -> a.status() != null && a.status() == 400))
                .allMatch(o -> o.outcome() == OrderOutcome.ACKNOWLEDGED);
        // Two accounts at start, and more shoppers logged in at once: the pool grew (accounts -2, -3, …),
        // each new account signed up by the journey that took it.
        assertThat(orders).extracting(LedgerEntry::shopper).anyMatch(email -> !email.matches(".*-[01]@gameday\\.test"));
        assertThat(sum(REQUEST_COUNT, "sign up")).isPositive().isEqualTo(sum(OK_COUNT, "sign up"));
    }

    @Test
    void the_journey_mix_follows_its_weights() {
        Map<Journey, Double> started = Map.of(
                Journey.BROWSER, journeys(Journey.BROWSER),
                Journey.CART_ABANDONER, journeys(Journey.CART_ABANDONER),
                Journey.BUYER, journeys(Journey.BUYER));
        double total = started.values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(total).as("journeys started").isGreaterThan(40);
        // Journeys are drawn from the seed in arrival order, so the shares are the same in every
        // run with as many arrivals; for seed 7 they stay within 0.07 of the weights from 40 on.
        for (Journey j : Journey.values()) {
            assertThat(started.get(j) / total).as("share of %s in %s", j, started).isCloseTo(MIX.share(j), within(0.10));
        }
    }

    private static double journeys(Journey journey) {
        return recorder.fetch(ClientRecorder.journeyQuery(journey.wireName()), start.minusSeconds(1), end).sum();
    }

    private static double sum(String metric, String request) {
        return recorder.fetch(ClientRecorder.query(metric, request, Statistic.SUM), start.minusSeconds(1), end).sum();
    }

    private static String login(HttpClient http, String email) throws Exception {
        String body = Json.mapper().writeValueAsString(Map.of("email", email, "password", ShopFixtures.passwordOf(email)));
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(shop.baseUrl().resolve("/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as("login %s: %s", email, reply.body()).isEqualTo(200);
        return Json.mapper().readTree(reply.body()).get("token").asText();
    }
}
