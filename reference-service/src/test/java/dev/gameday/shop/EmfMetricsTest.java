package dev.gameday.shop;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * With {@code SHOP_EMF_NAMESPACE} a shop task prints one CloudWatch embedded-metric-format line a
 * second on stdout (what the ECS awslogs driver ships and CloudWatch turns into 1-second metrics):
 * each line is a valid EMF document, and together the lines count exactly the requests answered.
 */
class EmfMetricsTest {

    @Test
    void every_answered_request_is_counted_once_in_valid_emf_lines() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "SHOP_PORT", "0",
                    "SHOP_DB_URL", pg.getJdbcUrl("postgres", "postgres"),
                    "SHOP_DB_USER", "postgres",
                    "SHOP_ZONE", "local-1a",
                    "SHOP_TASK_ID", "emf-1",
                    "SHOP_SEED_PRODUCTS", "10",
                    "SHOP_EMF_NAMESPACE", "GamedayShop",
                    "SHOP_EMF_SERVICE", "shop-api"));
            int answered = 0;
            try (ShopProcess shop = ShopProcess.launch(env)) {
                await().atMost(ofSeconds(60)).until(() -> shop.readyPort() > 0 || !shop.process.isAlive());
                Http http = new Http(URI.create("http://localhost:" + shop.readyPort()));
                for (int i = 1; i <= 25; i++) {
                    assertThat(http.get("/products/" + (i % 10 + 1), null).status()).isEqualTo(200);
                    answered++;
                }
                assertThat(http.get("/products/999999", null).status()).isEqualTo(404);
                answered++;
                int expected = answered;
                await().atMost(ofSeconds(10)).until(() -> requestsCounted(emfLines(shop)) == expected);
                List<JsonNode> lines = emfLines(shop);

                for (JsonNode line : lines) {
                    assertValidEmf(line);
                }
                JsonNode busy = lines.stream().filter(l -> l.get("Requests").asLong() > 0).findFirst().orElseThrow();
                assertThat(busy.get("Service").asText()).isEqualTo("shop-api");
                assertThat(busy.get("TaskId").asText()).isEqualTo("emf-1");
                assertThat(busy.get("Zone").asText()).isEqualTo("local-1a");
                long latencyCount = lines.stream().filter(l -> l.has("Latency"))
                        .flatMap(l -> stream(l.get("Latency").get("Counts"))).mapToLong(JsonNode::asLong).sum();
                assertThat(latencyCount).as("one latency sample per request").isEqualTo(expected);
                assertThat(lines.stream().mapToLong(l -> l.get("Target5xx").asLong()).sum()).isZero();
                assertThat(lines).as("lines are a second apart, oldest first")
                        .extracting(l -> l.get("_aws").get("Timestamp").asLong() % 1000).containsOnly(0L);
            }
        }
    }

    private static void assertValidEmf(JsonNode line) {
        JsonNode aws = line.get("_aws");
        assertThat(aws.get("Timestamp").isIntegralNumber()).as("Timestamp in epoch ms: %s", line).isTrue();
        JsonNode directive = aws.get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("GamedayShop");
        for (JsonNode dimensionSet : directive.get("Dimensions")) {
            for (JsonNode dimension : dimensionSet) {
                assertThat(line.has(dimension.asText())).as("dimension %s has a root member", dimension).isTrue();
            }
        }
        for (JsonNode metric : directive.get("Metrics")) {
            assertThat(line.has(metric.get("Name").asText())).as("metric %s has a root member: %s", metric, line).isTrue();
            assertThat(metric.get("StorageResolution").asInt()).as("high resolution").isEqualTo(1);
        }
        if (line.has("Latency")) {
            JsonNode latency = line.get("Latency");
            assertThat(latency.get("Values").size()).isEqualTo(latency.get("Counts").size()).isBetween(1, 100);
        }
    }

    private static List<JsonNode> emfLines(ShopProcess shop) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : shop.stdout) {
            if (line.startsWith("{\"_aws\"")) {
                lines.add(Http.MAPPER.readTree(line));
            }
        }
        return lines;
    }

    private static long requestsCounted(List<JsonNode> lines) {
        return lines.stream().mapToLong(l -> l.get("Requests").asLong()).sum();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out.stream();
    }
}
