package dev.gameday.platform.queue;

import dev.gameday.platform.network.TcpForwarder;
import dev.gameday.platform.network.ZoneNetwork;
import dev.gameday.platform.zone.Zone;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's SQS queue: an embedded ElasticMQ server (the SQS API) in the harness JVM, reached
 * by tasks only through one endpoint per zone, so a zone fault cuts that zone's tasks off the
 * queue as it would cut them off SQS's zonal endpoint.
 */
public final class Queue implements AutoCloseable {

    /** The account id in queue URLs. */
    public static final String ACCOUNT = "000000000000";
    /** The region the tasks' SQS clients sign for; ElasticMQ accepts any. */
    public static final String SIGNING_REGION = "us-east-1";
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "<Attribute>\\s*<Name>([^<]+)</Name>\\s*<Value>([^<]*)</Value>\\s*</Attribute>");
    private static final Pattern SENT_TIMESTAMP = Pattern.compile(
            "<Name>SentTimestamp</Name>\\s*<Value>(\\d+)</Value>");

    private final String name;
    private final SQSRestServer server;
    private final int port;
    private final Map<Zone, TcpForwarder> endpoints;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Queue(String name, SQSRestServer server, int port, Map<Zone, TcpForwarder> endpoints) {
        this.name = name;
        this.server = server;
        this.port = port;
        this.endpoints = endpoints;
    }

    /** Starts ElasticMQ, creates the queue and opens one endpoint per zone. */
    public static Queue start(String name, List<Zone> zones, ZoneNetwork network) {
        Objects.requireNonNull(name, "name");
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                .withAWSAccountId(ACCOUNT).withAWSRegion(SIGNING_REGION).start();
        try {
            int port = server.waitUntilStarted().localAddress().getPort();
            Map<Zone, TcpForwarder> endpoints = new LinkedHashMap<>();
            for (Zone zone : zones) {
                endpoints.put(zone, network.open("sqs", zone, new InetSocketAddress("127.0.0.1", port)));
            }
            Queue queue = new Queue(name, server, port, Map.copyOf(endpoints));
            queue.call("CreateQueue", Map.of("QueueName", name));
            return queue;
        } catch (RuntimeException e) {
            server.stopAndWait();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** The SQS endpoint a task in {@code zone} uses. */
    public URI endpoint(Zone zone) {
        TcpForwarder endpoint = endpoints.get(zone);
        if (endpoint == null) {
            throw new IllegalArgumentException("no queue endpoint in zone " + zone + "; zones: " + endpoints.keySet());
        }
        return URI.create("http://127.0.0.1:" + endpoint.port());
    }

    /** The queue URL as a task in {@code zone} sees it. */
    public String url(Zone zone) {
        return endpoint(zone) + "/" + ACCOUNT + "/" + name;
    }

    /** The queue's attributes (e.g. {@code ApproximateNumberOfMessages}), read directly, not through a zone. */
    public Map<String, String> attributes() {
        String body = call("GetQueueAttributes", Map.of("QueueUrl", "http://127.0.0.1:" + port + "/" + ACCOUNT + "/" + name,
                "AttributeName.1", "All"));
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(body);
        while (m.find()) {
            attributes.put(m.group(1), m.group(2));
        }
        return attributes;
    }

    /**
     * The age of the oldest message waiting in the queue (zero when none waits): SQS's
     * {@code ApproximateAgeOfOldestMessage}. ElasticMQ does not report it, so the queue is peeked:
     * a receive of up to ten messages with visibility timeout 0 (they stay visible to the
     * consumers) and their {@code SentTimestamp}. Like SQS's figure it is approximate: messages in
     * flight with a consumer are not seen, and a peek counts as a receive in
     * {@code ApproximateReceiveCount}.
     */
    public Duration oldestMessageAge() {
        String body = call("ReceiveMessage", Map.of("QueueUrl", "http://127.0.0.1:" + port + "/" + ACCOUNT + "/" + name,
                "MaxNumberOfMessages", "10", "VisibilityTimeout", "0", "WaitTimeSeconds", "0",
                "AttributeName.1", "SentTimestamp"));
        long now = System.currentTimeMillis();
        long oldest = now;
        Matcher m = SENT_TIMESTAMP.matcher(body);
        while (m.find()) {
            oldest = Math.min(oldest, Long.parseLong(m.group(1)));
        }
        return Duration.ofMillis(Math.max(0, now - oldest));
    }

    /** One call of the SQS query API (what ElasticMQ and SQS both still accept). */
    private String call(String action, Map<String, String> parameters) {
        StringBuilder form = new StringBuilder("Action=").append(action).append("&Version=2012-11-05");
        parameters.forEach((k, v) -> form.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("SQS " + action + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("SQS " + action + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during SQS " + action, e);
        }
    }

    @Override
    public void close() {
        // The endpoints belong to the zone network, which closes them with the platform.
        server.stopAndWait();
    }
}
