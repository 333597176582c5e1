package dev.gameday.e2e.aws;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gameday.aws.standin.AwsStandIn;
import dev.gameday.aws.standin.ShopDeployment;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A whole stubbed AWS account for an end-to-end game day: aws-target's {@link AwsStandIn} with the
 * shop's deployment ({@link ShopDeployment}: STS, ECS, RDS, EC2, ELBv2) and a second WireMock
 * server for the calls whose answers change during the run — FIS ({@link FisStandIn}), CloudWatch
 * ({@link CloudWatchStandIn}) and Route 53 ({@link Route53StandIn}). Both answer in each API's
 * documented wire format; the target file it writes points every endpoint at them.
 */
public final class StubbedAws implements AutoCloseable {

    public static final String HOSTED_ZONE = "Z0123456789ABCDEFGHIJ";
    public static final String RECORD = "shop.example.com";
    public static final String HEALTH_CHECK = "0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b";
    public static final String ROLE_ARN = "arn:aws:iam::123456789012:role/gameday-fis";
    public static final String PRIMARY = Route53StandIn.PRIMARY;
    public static final String STANDBY = Route53StandIn.STANDBY;
    public static final String EXPERIMENT_ID = FisStandIn.EXPERIMENT_ID;

    private final AwsStandIn account = new AwsStandIn();
    private final WireMockServer changing;

    /** @param experimentRunsFor how long FIS reports the experiment running before it completes on its own */
    public StubbedAws(Duration experimentRunsFor) {
        ShopDeployment.stub(account);
        account.stubXml("GetCallerIdentity", AwsStandIn.callerIdentity(AwsStandIn.ACCOUNT));
        FisStandIn fis = new FisStandIn(experimentRunsFor);
        changing = new WireMockServer(options().dynamicPort()
                .extensions(fis, new CloudWatchStandIn(), new Route53StandIn(fis)));
        changing.start();
        changing.stubFor(get(urlPathEqualTo("/experimentTemplates")).willReturn(okJson("{\"experimentTemplates\": []}")));
        changing.stubFor(post(urlEqualTo("/experimentTemplates")).willReturn(okJson("""
                {"experimentTemplate": {"id": "%s", "arn": "arn:aws:fis:eu-west-1:123456789012:experiment-template/%s",
                  "description": "d", "targets": {}, "actions": {}, "stopConditions": [{"source": "none"}],
                  "creationTime": 1.7005e9, "lastUpdateTime": 1.7005e9, "roleArn": "%s", "tags": {}}}
                """.formatted(FisStandIn.TEMPLATE_ID, FisStandIn.TEMPLATE_ID, ROLE_ARN))));
        // ListExperiments (the orphan sweep at opening): none left running, unless a test says otherwise.
        changing.stubFor(get(urlPathEqualTo("/experiments")).willReturn(okJson("{\"experiments\": []}")));
        changing.stubFor(post(urlEqualTo("/experiments")).willReturn(okJson("{}").withTransformers(FisStandIn.NAME)));
        changing.stubFor(get(urlEqualTo("/experiments/" + EXPERIMENT_ID)).willReturn(okJson("{}").withTransformers(FisStandIn.NAME)));
        changing.stubFor(delete(urlEqualTo("/experiments/" + EXPERIMENT_ID)).willReturn(okJson("{}").withTransformers(FisStandIn.NAME)));
        changing.stubFor(post(urlEqualTo("/")).withFormParam("Action", equalTo("GetMetricData"))
                .willReturn(okJson("{}").withTransformers(CloudWatchStandIn.NAME)));
        changing.stubFor(get(urlPathMatching("/2013-04-01/(healthcheck/.*/status|testdnsanswer)"))
                .willReturn(okJson("{}").withTransformers(Route53StandIn.NAME)));
        // The platform's history read at the end of the run: no alarm changed state, no failover (the
        // service's DescribeServices, ShopDeployment's, lists no events).
        changing.stubFor(post(urlEqualTo("/")).withFormParam("Action", equalTo("DescribeAlarmHistory"))
                .willReturn(aResponse().withHeader("Content-Type", "text/xml").withBody(AwsStandIn.describeAlarmHistory(null))));
        account.stubXml("DescribeEvents", AwsStandIn.describeEvents(null));
    }

    /** STS, ECS, RDS, EC2 and ELBv2. */
    public WireMockServer account() {
        return account.server();
    }

    /** FIS, CloudWatch and Route 53. */
    public WireMockServer changing() {
        return changing;
    }

    /**
     * Makes FIS's ListExperiments also answer {@code id}, running, started by the harness of run
     * {@code runId} on another host that last said it was alive an hour ago; StopExperiment of it answers
     * {@code stopping}.
     */
    public void orphan(String id, String runId) {
        changing.stubFor(get(urlPathEqualTo("/experiments")).atPriority(1).willReturn(okJson("""
                {"experiments": [{"id": "%1$s", "arn": "arn:aws:fis:eu-west-1:123456789012:experiment/%1$s",
                  "experimentTemplateId": "%2$s", "state": {"status": "running", "reason": "Experiment is running."},
                  "creationTime": 1.7005e9,
                  "tags": {"gameday:template": "az-power-interruption", "gameday:run-id": "%3$s",
                           "gameday:host": "ci-runner-7", "gameday:pid": "4242",
                           "gameday:heartbeat": "%4$s"}}]}
                """.formatted(id, FisStandIn.TEMPLATE_ID, runId, java.time.Instant.now().minus(Duration.ofHours(1))))));
        changing.stubFor(delete(urlEqualTo("/experiments/" + id)).willReturn(okJson("""
                {"experiment": {"id": "%s", "state": {"status": "stopping", "reason": "Experiment is stopping."}}}
                """.formatted(id))));
    }

    /** A target file for the stubbed deployment whose shoppers go to {@code shop}. */
    public String targetFile(URI shop) {
        return """
                kind: aws
                region: eu-west-1
                allowedAccounts: ["123456789012"]
                baseUrl: %s
                loadBalancer: %s
                targetGroup: %s
                ecs: {cluster: shop, service: shop-api}
                database: {cluster: shop-db}
                queue: shop-orders
                fisRoleArn: %s
                stopConditionAlarms: [shop-alb-5xx]
                statusCacheTtl: 5s
                route53:
                  hostedZoneId: %s
                  recordName: %s
                  healthCheckIds: [%s]
                  pollInterval: 1s
                endpoints:
                  sts: %s
                  ecs: %s
                  rds: %s
                  ec2: %s
                  elasticloadbalancing: %s
                  fis: %s
                  monitoring: %s
                  route53: %s
                """.formatted(shop, ShopDeployment.LOAD_BALANCER_ARN, ShopDeployment.TARGET_GROUP_ARN, ROLE_ARN,
                HOSTED_ZONE, RECORD, HEALTH_CHECK, account.server().baseUrl(), account.server().baseUrl(),
                account.server().baseUrl(), account.server().baseUrl(), account.server().baseUrl(), changing.baseUrl(),
                changing.baseUrl(), changing.baseUrl());
    }

    /** The form parameters of every GetMetricData request, in the order sent. */
    public List<Map<String, String>> getMetricDataRequests() {
        return changing.findAll(postRequestedFor(urlEqualTo("/")).withFormParam("Action", equalTo("GetMetricData")))
                .stream().map(LoggedRequest::getBodyAsString).map(CloudWatchStandIn::form).toList();
    }

    @Override
    public void close() {
        try {
            changing.stop();
        } finally {
            account.close();
        }
    }
}
