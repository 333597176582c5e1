package dev.gameday.aws.dns;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gameday.aws.client.AwsClients;
import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.config.Route53Settings;
import dev.gameday.aws.standin.AwsStandIn;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.Statistic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.model.HealthCheckObservation;
import software.amazon.awssdk.services.route53.model.StatusReport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Route 53 stood in by WireMock answering GetHealthCheckStatus and TestDNSAnswer as the API
 * reference documents them (REST-XML); the tests check what the SDK sent and what the watch made of it.
 */
class Route53WatchTest {

    static final String HEALTHY_CHECK = "0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b";
    static final String FAILING_CHECK = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

    AwsStandIn aws;
    AwsClients clients;
    EventLog events;
    Route53Watch watch;

    @BeforeEach
    void standIn() {
        aws = new AwsStandIn();
        // 2 of 8 checkers succeed (25 % > 18 %): healthy. 1 of 8 (12.5 %): unhealthy.
        stub(AwsStandIn.healthCheckStatusPath(HEALTHY_CHECK), AwsStandIn.healthCheckStatus(2, 6));
        stub(AwsStandIn.healthCheckStatusPath(FAILING_CHECK), AwsStandIn.healthCheckStatus(1, 7));
        stub(AwsStandIn.TEST_DNS_ANSWER_PATH, AwsStandIn.testDnsAnswer("shop.example.com.", "A", "203.0.113.10", "203.0.113.11"));
        events = EventLog.inMemory(Clock.systemUTC());
        clients = aws.clients(events);
    }

    @AfterEach
    void stop() {
        if (watch != null) {
            watch.close();
        }
        clients.close();
        aws.close();
    }

    private void stub(String path, String body) {
        aws.server().stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml").withHeader("x-amzn-RequestId", "5e6a1c7b-0000-4c3d-9e8f-123456789abc")
                .withBody(body)));
    }

    private static Route53Settings settings() {
        return AwsTargetConfig.parse("t.yaml", """
                region: eu-west-1
                allowedAccounts: ["123456789012"]
                baseUrl: https://shop.example.com
                loadBalancer: arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-alb/50dc6c495c0c9188
                targetGroup: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-tg/73e2d6bc24d8a067
                ecs: {cluster: shop, service: shop-api}
                database: {cluster: shop-db}
                fisRoleArn: arn:aws:iam::123456789012:role/gameday-fis
                route53:
                  hostedZoneId: Z0123456789ABCDEFGHIJ
                  recordName: shop.example.com
                  healthCheckIds: [%s, %s]
                  pollInterval: 900ms
                """.formatted(HEALTHY_CHECK, FAILING_CHECK)).route53Settings().orElseThrow();
    }

    @Test
    void recordsHealthCheckStatusAndDnsAnswers() {
        watch = Route53Watch.start(clients.route53(), settings(), events, Clock.systemUTC());

        await().atMost(Duration.ofSeconds(20)).until(() -> answers().size() >= 2
                && events.events(e -> e.type().equals(Route53Watch.HEALTH_CHECK_CHANGED)).size() == 2);
        watch.close();

        Event answer = answers().get(0);
        assertThat(answer.source()).isEqualTo("route53");
        assertThat(answer.attrs()).containsEntry("record", "shop.example.com").containsEntry("type", "A")
                .containsEntry("answers", "203.0.113.10,203.0.113.11").containsEntry("responseCode", "NOERROR")
                .containsEntry("nameserver", "ns-1203.awsdns-22.org").containsEntry("protocol", "UDP");
        assertThat(events.events(e -> e.type().equals(Route53Watch.HEALTH_CHECK_CHANGED)))
                .extracting(e -> e.attr("healthCheckId") + "=" + e.attr("healthy") + " " + e.attr("succeeding") + "/" + e.attr("checkers"))
                .containsExactlyInAnyOrder(HEALTHY_CHECK + "=true 2/8", FAILING_CHECK + "=false 1/8");

        Instant now = Instant.now().plusSeconds(1);
        assertThat(watch.metrics().fetch(status(HEALTHY_CHECK), now.minusSeconds(60), now).points())
                .isNotEmpty().allSatisfy(p -> assertThat(p.value()).isEqualTo(1.0));
        assertThat(watch.metrics().fetch(status(FAILING_CHECK), now.minusSeconds(60), now).points())
                .isNotEmpty().allSatisfy(p -> assertThat(p.value()).isEqualTo(0.0));

        // What the SDK sent: REST-XML GETs at the global endpoint's paths, signed for us-east-1.
        List<LoggedRequest> tests = aws.server().findAll(getRequestedFor(urlPathEqualTo(AwsStandIn.TEST_DNS_ANSWER_PATH)));
        assertThat(tests).isNotEmpty().allSatisfy(r -> {
            assertThat(r.queryParameter("hostedzoneid").firstValue()).isEqualTo("Z0123456789ABCDEFGHIJ");
            assertThat(r.queryParameter("recordname").firstValue()).isEqualTo("shop.example.com");
            assertThat(r.queryParameter("recordtype").firstValue()).isEqualTo("A");
            assertThat(r.getHeader("Authorization")).contains("/us-east-1/route53/aws4_request");
        });
        aws.server().verify(getRequestedFor(urlPathEqualTo(AwsStandIn.healthCheckStatusPath(HEALTHY_CHECK))));
        aws.server().verify(getRequestedFor(urlPathEqualTo(AwsStandIn.healthCheckStatusPath(FAILING_CHECK))));
        // Reads only: nothing is recorded as a call that changes the account.
        assertThat(events.events(e -> e.type().equals("aws.call"))).isEmpty();
    }

    @Test
    void healthyIsMoreThanEighteenPercentOfCheckers() {
        assertThat(Route53Watch.healthy(observations(9, 41))).as("9 of 50 = 18 %").isFalse();
        assertThat(Route53Watch.healthy(observations(10, 40))).as("10 of 50 = 20 %").isTrue();
        assertThat(Route53Watch.healthy(observations(0, 0))).as("no checker reported").isFalse();
    }

    private static List<HealthCheckObservation> observations(int succeeding, int failing) {
        List<HealthCheckObservation> out = new ArrayList<>();
        for (int i = 0; i < succeeding + failing; i++) {
            String status = i < succeeding ? "Success: HTTP Status Code 200, OK" : "Failure: Connection timed out.";
            out.add(HealthCheckObservation.builder().region("us-east-1")
                    .statusReport(StatusReport.builder().status(status).build()).build());
        }
        return out;
    }

    private List<Event> answers() {
        return events.events(e -> e.type().equals(Route53Watch.DNS_ANSWER));
    }

    private static MetricQuery status(String id) {
        return new MetricQuery(Route53Watch.NAMESPACE, Route53Watch.HEALTH_CHECK_STATUS,
                Map.of(Route53Watch.HEALTH_CHECK_DIMENSION, id), Statistic.MINIMUM, Duration.ofSeconds(1));
    }
}
