package dev.gameday.shop.fulfilment;

import dev.gameday.shop.ShopConfig;
import dev.gameday.shop.health.Health;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The fulfilment queue (SQS, or ElasticMQ through the endpoint override): placed orders go in as
 * {@code {"orderId":N}}, the worker takes them out. Also the readiness probe for the queue.
 */
public final class FulfilmentQueue implements Health.Probe, AutoCloseable {

    /**
     * How long one receive waits for messages. Shorter than SQS's 20 s maximum because a stopping
     * task waits for the poll in progress; one receive per 2 s per task costs next to nothing.
     */
    static final int LONG_POLL_SECONDS = 2;

    private final SqsClient sqs;
    private final String queueUrl;

    public FulfilmentQueue(ShopConfig config) {
        this.queueUrl = config.queueUrl();
        var builder = SqsClient.builder()
                .region(Region.of(config.sqsRegion()))
                .credentialsProvider(credentials(config))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        // must outlast the long poll
                        .socketTimeout(Duration.ofSeconds(LONG_POLL_SECONDS + 10))
                        .build());
        if (config.sqsEndpoint() != null) {
            builder.endpointOverride(config.sqsEndpoint());
        }
        this.sqs = builder.build();
    }

    private static AwsCredentialsProvider credentials(ShopConfig config) {
        // ElasticMQ checks no signature, but the SDK insists on signing: give it something when
        // the environment has no AWS credentials. Against real AWS the default chain applies.
        boolean envHasKeys = System.getenv("AWS_ACCESS_KEY_ID") != null || System.getProperty("aws.accessKeyId") != null;
        if (config.sqsEndpoint() != null && !envHasKeys) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("gameday", "gameday"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * Sends one order to the queue. Bounded to 2 s in all (retries included) because it runs on
     * the checkout path; a failure is caught up later by {@link OrderPublisher#republishUnqueued()}.
     */
    void send(long orderId) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"orderId\":" + orderId + "}")
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(2))));
    }

    @Override
    public boolean reachable() {
        try {
            sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                    .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(2))));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    List<Message> receive() {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(LONG_POLL_SECONDS))
                .messages();
    }

    void delete(Message message) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }

    @Override
    public void close() {
        sqs.close();
    }
}
