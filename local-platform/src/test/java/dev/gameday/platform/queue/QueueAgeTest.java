package dev.gameday.platform.queue;

import dev.gameday.platform.network.ZoneNetwork;
import dev.gameday.platform.zone.Zone;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The queue's {@code ApproximateAgeOfOldestMessage}, read from a real ElasticMQ. */
class QueueAgeTest {

    @Test
    void theOldestWaitingMessageAgesAndPeekingLeavesItInTheQueue() throws Exception {
        Zone zone = new Zone("local-1a");
        try (ZoneNetwork network = new ZoneNetwork(); Queue queue = Queue.start("age-test", List.of(zone), network)) {
            assertThat(queue.oldestMessageAge()).isEqualTo(Duration.ZERO);

            String form = "Action=SendMessage&Version=2012-11-05&QueueUrl="
                    + URLEncoder.encode(queue.url(zone), StandardCharsets.UTF_8) + "&MessageBody=order-1";
            HttpResponse<String> sent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(queue.url(zone)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(10)).until(() -> queue.oldestMessageAge().compareTo(Duration.ofSeconds(2)) >= 0);
            // Peeked, not consumed: the message still waits for the fulfilment worker.
            assertThat(queue.attributes()).containsEntry("ApproximateNumberOfMessages", "1");
        }
    }
}
