package dev.gameday.shop;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Orders placed travel through a real (embedded ElasticMQ) SQS queue and come back FULFILLED. */
class FulfilmentTest {

    static EmbeddedPostgres pg;
    static SQSRestServer elasticMq;
    static SqsClient sqs;
    static String queueUrl;
    static Shop shop;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        elasticMq = SQSRestServerBuilder.withPort(0).withInterface("localhost").start();
        int port = elasticMq.waitUntilStarted().localAddress().getPort();
        URI endpoint = URI.create("http://localhost:" + port);
        sqs = SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        queueUrl = sqs.createQueue(b -> b.queueName("orders")).queueUrl();
        shop = Shop.start(ShopConfig.builder(pg.getJdbcUrl("postgres", "postgres"), "postgres", "")
                .seedProducts(20).queue(queueUrl, endpoint, "us-east-1").build());
        http = new Http(shop.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (shop != null) shop.close();
        if (sqs != null) sqs.close();
        if (elasticMq != null) elasticMq.stopAndWait();
        if (pg != null) pg.close();
    }

    @Test
    void a_placed_order_is_fulfilled_by_the_worker_and_redelivery_changes_nothing() {
        assertThat(http.get("/ready", null).json().get("queue").asText()).isEqualTo("up");
        String token = http.newShopper("fulfil@example.com");
        assertThat(http.put("/cart/items/2", Map.of("quantity", 1), token).status()).isEqualTo(200);
        Http.Reply placed = http.post("/orders", null, token, "Idempotency-Key", "fulfil-1");
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        long id = placed.json().get("id").asLong();

        await().atMost(ofSeconds(30)).until(() ->
                http.get("/orders/" + id, token).json().get("status").asText().equals("FULFILLED"));

        // A redelivered message and an unreadable one: both consumed, neither changes anything.
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"orderId\":" + id + "}"));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("not json"));
        await().atMost(ofSeconds(30)).until(FulfilmentTest::queueDrained);
        assertThat(http.get("/orders/" + id, token).json().get("status").asText()).isEqualTo("FULFILLED");
        assertThat(http.get("/metrics", null).body()).containsPattern("shop_orders_fulfilled_total [1-9]");
    }

    @Test
    void an_order_whose_hand_off_to_the_queue_failed_is_sent_again_and_fulfilled() throws Exception {
        long userId = http.post("/users", Map.of("email", "straggler@example.com", "password", "secret-123", "name", "s"), null)
                .json().get("id").asLong();
        long orderId;
        // What a failed send leaves behind: committed, PLACED, never queued.
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.prepareStatement(
                "INSERT INTO orders (user_id, idempotency_key, status, total, created_at) "
                        + "VALUES (?, 'lost-hand-off', 'PLACED', 10, now() - interval '1 minute') RETURNING id")) {
            s.setLong(1, userId);
            try (var rs = s.executeQuery()) {
                rs.next();
                orderId = rs.getLong(1);
            }
        }
        // A task starting up sweeps at once.
        try (Shop second = Shop.start(shop.config().toBuilder().taskId("second").build())) {
            await().atMost(ofSeconds(30)).until(() -> status(orderId).equals("FULFILLED"));
        }
    }

    static String status(long orderId) throws Exception {
        try (var c = pg.getPostgresDatabase().getConnection();
             var s = c.prepareStatement("SELECT status FROM orders WHERE id = ?")) {
            s.setLong(1, orderId);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    static boolean queueDrained() {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return "0".equals(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                && "0".equals(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }
}
