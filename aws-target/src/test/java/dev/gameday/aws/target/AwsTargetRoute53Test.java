package dev.gameday.aws.target;

import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.dns.Route53Watch;
import dev.gameday.aws.standin.AwsStandIn;
import dev.gameday.aws.standin.ShopDeployment;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.Statistic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.gameday.aws.standin.AwsStandIn.callerIdentity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A target file with a {@code route53:} block: the watch runs from opening to closing, its series behind the metrics port. */
class AwsTargetRoute53Test {

    static final String CHECK = "0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b";

    AwsStandIn aws = new AwsStandIn();

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void healthCheckStatusIsReadThroughTheTargetsMetricsUntilItCloses() {
        ShopDeployment.stub(aws);
        aws.stubXml("GetCallerIdentity", callerIdentity(AwsStandIn.ACCOUNT));
        aws.server().stubFor(get(urlPathEqualTo(AwsStandIn.healthCheckStatusPath(CHECK))).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/xml").withBody(AwsStandIn.healthCheckStatus(3, 5))));
        AwsTargetConfig config = AwsTargetConfig.parse("targets/shop.yaml", """
                region: eu-west-1
                allowedAccounts: ["123456789012"]
                baseUrl: https://shop.example.com
                loadBalancer: arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-alb/50dc6c495c0c9188
                targetGroup: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-tg/73e2d6bc24d8a067
                ecs: {cluster: shop, service: shop-api}
                database: {cluster: shop-db}
                fisRoleArn: arn:aws:iam::123456789012:role/gameday-fis
                route53:
                  healthCheckIds: [%s]
                  pollInterval: 300ms
                """.formatted(CHECK) + aws.endpointsYaml());
        MetricQuery status = new MetricQuery(Route53Watch.NAMESPACE, Route53Watch.HEALTH_CHECK_STATUS,
                Map.of(Route53Watch.HEALTH_CHECK_DIMENSION, CHECK), Statistic.MINIMUM, Duration.ofSeconds(1));

        AwsTarget target = AwsTarget.builder(config, EventLog.inMemory(Clock.systemUTC()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .open();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> !target.metrics()
                    .fetch(status, Instant.now().minusSeconds(30), Instant.now().plusSeconds(1)).points().isEmpty());
        } finally {
            target.close();
        }
        // Answered from the watch, not from CloudWatch: no GetMetricData was sent for it.
        assertThat(aws.server().findAll(AwsStandIn.queryRequested("GetMetricData"))).isEmpty();
        int polls = aws.server().findAll(getRequestedFor(urlPathMatching("/2013-04-01/healthcheck/.*"))).size();
        assertThat(polls).isPositive();
        // Closed: the watch polls no more. (Awaited, not slept: nothing may arrive for a few poll intervals.)
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                aws.server().findAll(getRequestedFor(urlPathMatching("/2013-04-01/healthcheck/.*"))).size() == polls);
    }
}
