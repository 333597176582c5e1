package dev.gameday.simulation.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.core.json.Json;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.order.CheckoutAttempt;
import dev.gameday.core.order.LedgerEntry;
import dev.gameday.core.order.OrderLedgerFile;
import dev.gameday.core.order.OrderOutcome;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.shop.Shop;
import dev.gameday.shop.ShopConfig;
import dev.gameday.simulation.journey.CheckoutPolicy;
import dev.gameday.simulation.journey.JourneyMix;
import dev.gameday.simulation.journey.ThinkTime;
import dev.gameday.simulation.ledger.OrderLedger;
import dev.gameday.simulation.profile.LoadProfile;
import dev.gameday.simulation.recorder.ClientRecorder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkout answers lost on the way back (a 504, then no answer at all) are retried with the same
 * idempotency key: the ledger keeps one acknowledged order per key with its three attempts,
 * Gatling and the recorder both count the lost ones KO, and the shop holds exactly one order per key.
 */
class LostAnswersTest {

    @TempDir
    Path runs;

    @Test
    void lost_checkout_answers_are_retried_into_one_acknowledged_order_each() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             Shop shop = Shop.start(ShopConfig.builder(pg.getJdbcUrl("postgres", "postgres"), "postgres", "")
                     .seedProducts(100).adminToken("admin-secret").build());
             LossyProxy proxy = new LossyProxy(shop.baseUrl())) {
            RunDirectory run = RunDirectory.create(runs, "lost-answers", Instant.now());
            ClientRecorder recorder = new ClientRecorder();
            Instant start = Instant.now();
            GatlingResult result;
            try (OrderLedger ledger = OrderLedger.open(run.orders())) {
                SimulationContext context = SimulationContext.builder(proxy.baseUrl(), LoadProfile.constant(2, Duration.ofSeconds(4)))
                        .mix(JourneyMix.of(0, 0, 1))
                        .recorder(recorder)
                        .ledger(ledger)
                        .shoppers(10)
                        .thinkTime(ThinkTime.between(Duration.ofMillis(20), Duration.ofMillis(80)))
                        .checkout(new CheckoutPolicy(3, Duration.ofMillis(50), Duration.ofMillis(100), 1,
                                Duration.ofMillis(20), Duration.ofMillis(50)))
                        .requestTimeout(Duration.ofSeconds(1))
                        .build();
                result = GatlingRunner.builder().runDescription("lost answers").build().run(context, run);
            }
            Instant end = Instant.now().plusSeconds(1);

            assertThat(result.exitCode()).isZero();
            List<LedgerEntry> orders = OrderLedgerFile.read(run.orders());
            assertThat(orders).isNotEmpty().allSatisfy(order -> {
                assertThat(order.outcome()).isEqualTo(OrderOutcome.ACKNOWLEDGED);
                assertThat(order.attempts()).extracting(CheckoutAttempt::status).containsExactly(504, null, 200);
                assertThat(order.attempts().get(1).error()).contains("timeout");
                assertThat(order.orderId()).isNotNull();
            });

            double checkoutKo = recorder.fetch(ClientRecorder.query(ClientRecorder.KO_COUNT, "checkout", Statistic.SUM), start, end).sum();
            assertThat(checkoutKo).isEqualTo(2.0 * orders.size());
            GatlingReport gatling = GatlingReport.read(result.indexHtml());
            assertThat(recorder.fetch(ClientRecorder.query(ClientRecorder.KO_COUNT, null, Statistic.SUM), start, end).sum())
                    .isEqualTo(gatling.ko());
            assertThat(recorder.fetch(ClientRecorder.query(ClientRecorder.REQUEST_COUNT, null, Statistic.SUM), start, end).sum())
                    .isEqualTo(gatling.total());

            Map<String, List<String>> shopOrdersByKey = auditedOrders(shop, start);
            for (LedgerEntry order : orders) {
                assertThat(shopOrdersByKey.get(order.idempotencyKey())).as("shop orders of key %s", order.idempotencyKey())
                        .containsExactly(order.orderId());
            }
        }
    }

    private static Map<String, List<String>> auditedOrders(Shop shop, Instant since) throws Exception {
        HttpResponse<String> reply = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(shop.baseUrl().resolve("/admin/audit/orders?since=" + since.minusSeconds(60)))
                        .header("Authorization", "Bearer admin-secret").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        Map<String, List<String>> byKey = new HashMap<>();
        for (JsonNode item : Json.mapper().readTree(reply.body()).get("items")) {
            byKey.computeIfAbsent(item.get("idempotencyKey").asText(), k -> new ArrayList<>()).add(item.get("id").asText());
        }
        return byKey;
    }
}
