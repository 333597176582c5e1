package dev.gameday.aws.target;

import dev.gameday.aws.client.MutatingCallRecorder;
import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.standin.AwsStandIn;
import dev.gameday.aws.standin.MutableClock;
import dev.gameday.aws.standin.ShopDeployment;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.aws.experiment.GuardedFaultInjector;
import dev.gameday.chaos.fault.ExperimentStatus;
import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.validation.TemplateValidator;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.gameday.aws.standin.AwsStandIn.callerIdentity;
import static dev.gameday.aws.standin.AwsStandIn.ecsRequested;
import static dev.gameday.aws.standin.AwsStandIn.queryRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The opened target: its parameters, ports, cached live status, recorded mutating calls. */
class AwsTargetTest {

    AwsStandIn aws;
    EventLog events;
    MutableClock clock;
    AwsTarget target;
    AwsTargetConfig config;

    @BeforeEach
    void open() {
        aws = new AwsStandIn();
        ShopDeployment.stub(aws);
        aws.stubXml("GetCallerIdentity", callerIdentity(AwsStandIn.ACCOUNT));
        clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        events = EventLog.inMemory(clock);
        config = AwsTargetConfig.parse("targets/shop.yaml", """
                region: eu-west-1
                allowedAccounts: ["123456789012"]
                baseUrl: https://shop.example.com
                adminTokenEnv: SHOP_ADMIN_TOKEN
                loadBalancer: arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-alb/50dc6c495c0c9188
                targetGroup: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-tg/73e2d6bc24d8a067
                ecs: {cluster: shop, service: shop-api}
                database: {cluster: shop-db}
                queue: shop-orders
                fisRoleArn: arn:aws:iam::123456789012:role/gameday-fis
                statusCacheTtl: 5s
                highResolutionNamespaces: [GamedayShop]
                stopConditionAlarms: [shop-alb-5xx]
                """ + aws.endpointsYaml());
        target = AwsTarget.builder(config, events)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .environment(Map.of("SHOP_ADMIN_TOKEN", "t0ken")::get)
                .clock(clock)
                .open();
    }

    @AfterEach
    void close() {
        try {
            target.close();
        } finally {
            aws.close();
        }
    }

    @Test
    void describesItselfAsTheLocalTargetDoes() {
        assertThat(target.kind()).isEqualTo("aws");
        assertThat(target.baseUrl()).isEqualTo(URI.create("https://shop.example.com"));
        assertThat(target.adminToken()).isEqualTo("t0ken");
        assertThat(target.parameters()).containsExactly(
                Map.entry("loadBalancer", "app/shop-alb/50dc6c495c0c9188"),
                Map.entry("targetGroup", "targetgroup/shop-tg/73e2d6bc24d8a067"),
                Map.entry("cluster", "shop"),
                Map.entry("service", "shop-api"),
                Map.entry("dbCluster", "shop-db"),
                Map.entry("dbInstance", "shop-db-1"),
                Map.entry("queue", "shop-orders"),
                Map.entry("region", "eu-west-1"),
                Map.entry("account", "123456789012"),
                Map.entry("zones", "eu-west-1a,eu-west-1b,eu-west-1c"),
                Map.entry("roleArn", "arn:aws:iam::123456789012:role/gameday-fis"));
        assertThat(target.faultInjector()).isInstanceOf(GuardedFaultInjector.class);
        // CloudWatch behind the port, and CloudWatch's resolution rule with it.
        assertThat(target.metrics()).isInstanceOf(AwsMetrics.class);
        assertThat(target.metrics().finestPeriod(new MetricQuery("AWS/ApplicationELB",
                "RequestCount", Map.of(), Statistic.SUM, Duration.ofSeconds(1))))
                .isEqualTo(Duration.ofSeconds(60));
        // The shop's EMF metrics, declared high-resolution by the target file, keep 1-second periods.
        assertThat(target.metrics().finestPeriod(new MetricQuery("GamedayShop",
                "Requests", Map.of("Service", "shop-api"), Statistic.SUM, Duration.ofSeconds(1))))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(events.events()).extracting(Event::type).containsExactly("account.verified", "target.opened");
    }

    @Test
    void openingRefusesATargetGroupThatIsNotBehindTheLoadBalancer() {
        aws.server().resetRequests();
        aws.stubXml("DescribeTargetGroups", AwsStandIn.describeTargetGroups(ShopDeployment.TARGET_GROUP_ARN,
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/admin-alb/0f1e2d3c4b5a6978"));

        assertThatThrownBy(() -> AwsTarget.builder(target.config(), events)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .environment(Map.of("SHOP_ADMIN_TOKEN", "t0ken")::get)
                .open())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("targetgroup/shop-tg/73e2d6bc24d8a067 is not behind loadBalancer app/shop-alb/50dc6c495c0c9188")
                .hasMessageContaining("app/admin-alb/0f1e2d3c4b5a6978");
        aws.server().verify(queryRequested("DescribeTargetGroups").withFormParam("TargetGroupArns.member.1",
                equalTo(ShopDeployment.TARGET_GROUP_ARN)));
        aws.server().verify(0, ecsRequested("ListTasks"));
    }

    @Test
    void liveStatusCountsHealthyTargetsPerZoneAndIsReusedWithinItsTtl() {
        aws.server().resetRequests();

        // 1a: both healthy; 1b: one healthy, one failing health checks; 1c: only a pending task.
        assertThat(target.liveStatus()).isEqualTo("healthy 1a:2 1b:1 1c:0 | tasks 4/5");
        aws.server().verify(1, queryRequested("DescribeTargetHealth")
                .withFormParam("Version", equalTo("2015-12-01"))
                .withFormParam("TargetGroupArn", equalTo(
                        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-tg/73e2d6bc24d8a067")));
        aws.server().verify(1, ecsRequested("DescribeServices")
                .withRequestBody(matchingJsonPath("$.cluster", equalTo("shop")))
                .withRequestBody(matchingJsonPath("$.services[0]", equalTo("shop-api"))));

        clock.advance(Duration.ofSeconds(4));
        target.liveStatus();
        aws.server().verify(1, queryRequested("DescribeTargetHealth"));

        clock.advance(Duration.ofSeconds(1));
        target.liveStatus();
        aws.server().verify(2, queryRequested("DescribeTargetHealth"));
    }

    @Test
    void aFailingStatusCallIsShownNotThrown() {
        aws.server().stubFor(AwsStandIn.query("DescribeTargetHealth").willReturn(com.github.tomakehurst.wiremock.client.WireMock
                .aResponse().withStatus(400).withHeader("Content-Type", "text/xml").withBody("""
                        <ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
                          <Error><Type>Sender</Type><Code>TargetGroupNotFound</Code>
                            <Message>One or more target groups not found</Message></Error>
                          <RequestId>9f8e7d6c-5b4a-3210-fedc-ba9876543210</RequestId>
                        </ErrorResponse>
                        """)));

        assertThat(target.liveStatus()).startsWith("status unavailable: One or more target groups not found");
    }

    @Test
    void mutatingCallsAreRecordedAsEventsAndReadsAreNot() {
        aws.server().stubFor(delete(urlPathEqualTo("/experimentTemplates/EXT2jZ4k9QpWm7aR"))
                .willReturn(okJson("{\"experimentTemplate\": {\"id\": \"EXT2jZ4k9QpWm7aR\"}}")
                        .withHeader("x-amzn-RequestId", "6a7b8c9d-0000-1111-2222-333344445555")));
        int before = events.events().size();

        target.inventory().resources("aws:ecs:task");
        AwsTargetTestAccess.fis(target).deleteExperimentTemplate(b -> b.id("EXT2jZ4k9QpWm7aR"));

        assertThat(events.events().subList(before, events.events().size())).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo(MutatingCallRecorder.EVENT_SOURCE);
            assertThat(e.type()).isEqualTo("aws.call");
            assertThat(e.attrs()).containsEntry("service", "Fis").containsEntry("operation", "DeleteExperimentTemplate")
                    .containsEntry("outcome", "ok").containsEntry("status", 200)
                    .containsEntry("requestId", "6a7b8c9d-0000-1111-2222-333344445555");
        });
    }

    @Test
    void openingStopsWhatADeadHarnessLeftRunningAndSaysSo() {
        // ListExperiments as FIS answers it: one experiment of a harness on another host, silent for an hour.
        aws.server().stubFor(get(urlPathEqualTo("/experiments")).atPriority(1).willReturn(okJson("""
                {"experiments": [{"id": "EXPorphan1", "arn": "arn:aws:fis:eu-west-1:123456789012:experiment/EXPorphan1",
                  "experimentTemplateId": "EXT2jZ4k9QpWm7aR", "state": {"status": "running", "reason": "Experiment is running."},
                  "creationTime": 1.7005e9,
                  "tags": {"gameday:template": "az-power-interruption", "gameday:run-id": "20261206-220000-az-outage",
                           "gameday:host": "ci-runner-7", "gameday:pid": "4242", "gameday:heartbeat": "2026-12-06T22:01:00Z"}}]}
                """)));
        aws.server().stubFor(delete(urlEqualTo("/experiments/EXPorphan1")).willReturn(okJson("""
                {"experiment": {"id": "EXPorphan1", "state": {"status": "stopping", "reason": "Stopping."}}}
                """)));
        java.util.List<String> notices = new java.util.ArrayList<>();

        AwsTarget.builder(config, events)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .environment(Map.of("SHOP_ADMIN_TOKEN", "t0ken")::get)
                .notices(notices::add)
                .open().close();

        aws.server().verify(1, deleteRequestedFor(urlEqualTo("/experiments/EXPorphan1")));
        assertThat(notices).singleElement().satisfies(n -> assertThat(n).startsWith(
                "stopped FIS experiment EXPorphan1 left running by run 20261206-220000-az-outage on ci-runner-7: its harness"
                        + " on ci-runner-7 last said it was alive at 2026-12-06T22:01:00Z"));
        assertThat(events.events(e -> e.type().equals("experiment.orphan-stopped"))).singleElement()
                .satisfies(e -> assertThat(e.attr("runId")).isEqualTo("20261206-220000-az-outage"));
        assertThat(events.events(e -> e.type().equals("aws.call"))).extracting(e -> e.attr("operation"))
                .containsExactly("StopExperiment");
    }

    @Test
    void experimentsRunThroughFisWithTheFilesRoleAndClosingStopsThem() {
        String experimentId = "EXPbL3uVq8HnK2sT";
        String templateId = "EXT2jZ4k9QpWm7aR";
        String experiment = """
                {"experiment": {"id": "%s", "arn": "arn:aws:fis:eu-west-1:123456789012:experiment/%s",
                  "experimentTemplateId": "%s", "roleArn": "arn:aws:iam::123456789012:role/gameday-fis",
                  "state": {"status": "%%s", "reason": "%%s"},
                  "targets": {"serviceTasks": {"resourceType": "aws:ecs:task", "selectionMode": "COUNT(1)"}},
                  "actions": {"stopTask": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "serviceTasks"},
                                           "state": {"status": "%%s", "reason": "%%s"}}},
                  "stopConditions": [{"source": "none"}], "creationTime": 1.7005e9, "startTime": 1.7005e9,
                  "tags": {"gameday:template": "ecs-stop-task"}}}
                """.formatted(experimentId, experimentId, templateId);
        aws.server().stubFor(get(urlPathEqualTo("/experimentTemplates")).willReturn(okJson("{\"experimentTemplates\": []}")));
        aws.server().stubFor(post(urlEqualTo("/experimentTemplates")).willReturn(okJson("""
                {"experimentTemplate": {"id": "%s", "arn": "arn:aws:fis:eu-west-1:123456789012:experiment-template/%s",
                  "description": "d", "targets": {}, "actions": {}, "stopConditions": [{"source": "none"}],
                  "creationTime": 1.7005e9, "lastUpdateTime": 1.7005e9,
                  "roleArn": "arn:aws:iam::123456789012:role/gameday-fis", "tags": {}}}
                """.formatted(templateId, templateId))));
        aws.server().stubFor(post(urlEqualTo("/experiments"))
                .willReturn(okJson(experiment.formatted("initiating", "Experiment is initiating.", "pending", "Initial state"))));
        aws.server().stubFor(get(urlEqualTo("/experiments/" + experimentId)).inScenario("fis")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(experiment.formatted("running", "Experiment is running.", "running", "Action is running."))));
        aws.server().stubFor(delete(urlEqualTo("/experiments/" + experimentId)).inScenario("fis")
                .willSetStateTo("stopped")
                .willReturn(okJson(experiment.formatted("stopping", "Stopping.", "running", "Action is running."))));
        aws.server().stubFor(get(urlEqualTo("/experiments/" + experimentId)).inScenario("fis")
                .whenScenarioStateIs("stopped")
                .willReturn(okJson(experiment.formatted("stopped", "Experiment stopped.", "stopped", "Action stopped."))));
        ExperimentTemplate template = TemplateCatalogue.classpath().load("ecs-stop-task");

        RunningExperiment running = target.faultInjector().start(TemplateValidator.validate(template, target.parameters()));
        target.close();

        assertThat(running.state().status()).isEqualTo(ExperimentStatus.STOPPED);
        aws.server().verify(postRequestedFor(urlEqualTo("/experimentTemplates"))
                .withRequestBody(matchingJsonPath("$.roleArn", equalTo("arn:aws:iam::123456789012:role/gameday-fis")))
                .withRequestBody(matchingJsonPath("$.targets.serviceTasks.parameters.cluster", equalTo("shop")))
                .withRequestBody(matchingJsonPath("$.targets.serviceTasks.parameters.service", equalTo("shop-api")))
                // The file's stopConditionAlarms replace the catalogue's {"source": "none"}.
                .withRequestBody(matchingJsonPath("$.stopConditions.length()", equalTo("1")))
                .withRequestBody(matchingJsonPath("$.stopConditions[0].source", equalTo("aws:cloudwatch:alarm")))
                .withRequestBody(matchingJsonPath("$.stopConditions[0].value",
                        equalTo("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shop-alb-5xx"))));
        aws.server().verify(1, deleteRequestedFor(urlEqualTo("/experiments/" + experimentId)));
        assertThat(events.events(e -> e.type().equals("aws.call"))).extracting(e -> e.attr("operation"))
                .containsExactly("CreateExperimentTemplate", "StartExperiment", "StopExperiment");
    }

    @Test
    void theRunsEndReadsThePlatformsHistoryIntoTheEventsAndCountsTheReadsInTheApiUsage() {
        aws.stubXml("DescribeAlarmHistory", AwsStandIn.describeAlarmHistory(null, AwsStandIn.alarmStateUpdate("shop-alb-5xx",
                Instant.parse("2026-11-23T10:02:40Z"), "OK", "ALARM", "Threshold Crossed")));
        aws.stubEcs("DescribeServices", AwsStandIn.describeServicesWithEvents("shop", "shop-api",
                Instant.parse("2026-11-23T10:03:10Z"), "(service shop-api) has started 1 tasks: (task 9a8b7c6d5e4f30211a2b3c4d5e6f7a8b)."));
        aws.stubXml("DescribeEvents", AwsStandIn.describeEvents(null));
        target.liveStatus(); // the status line's DescribeServices is not the run's evidence: not counted

        target.recordPlatformHistory(Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:05:00Z"));

        assertThat(events.events(e -> e.source().startsWith("aws.") && !e.type().startsWith("history.")))
                .extracting(Event::source, Event::type)
                .containsExactly(tuple("aws.cloudwatch", "alarm.state"), tuple("aws.ecs", "task.started"));
        aws.server().verify(queryRequested("DescribeAlarmHistory").withFormParam("AlarmName", equalTo("shop-alb-5xx")));
        aws.server().verify(2, ecsRequested("DescribeServices"));
        assertThat(target.metrics().apiUsage())
                .containsEntry("cloudwatch:DescribeAlarmHistory", 1L)
                .containsEntry("ecs:DescribeServices", 1L)
                .containsEntry("rds:DescribeEvents", 1L)
                .containsEntry("cloudwatch:GetMetricData", 0L);
    }
}
