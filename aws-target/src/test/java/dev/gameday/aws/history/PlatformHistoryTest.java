package dev.gameday.aws.history;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gameday.aws.client.AwsClients;
import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.standin.AwsStandIn;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static dev.gameday.aws.standin.AwsStandIn.alarmStateUpdate;
import static dev.gameday.aws.standin.AwsStandIn.describeAlarmHistory;
import static dev.gameday.aws.standin.AwsStandIn.describeEvents;
import static dev.gameday.aws.standin.AwsStandIn.describeServicesWithEvents;
import static dev.gameday.aws.standin.AwsStandIn.ecsRequested;
import static dev.gameday.aws.standin.AwsStandIn.query;
import static dev.gameday.aws.standin.AwsStandIn.queryRequested;
import static dev.gameday.aws.standin.AwsStandIn.rdsEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The platform's history, read from WireMock answering as the API references document it for the
 * protocols the SDK (2.40) speaks: CloudWatch {@code DescribeAlarmHistory} and RDS {@code DescribeEvents}
 * in the Query protocol (form-encoded {@code Action=…} in, XML out), ECS {@code DescribeServices} in
 * JSON 1.1. The tests check the requests the SDK sent (window, alarm names, cluster and service,
 * source identifier), the events written, and that each request sent is counted.
 */
class PlatformHistoryTest {

    static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    static final Instant END = Instant.parse("2026-11-23T10:06:00Z");

    AwsStandIn aws;
    AwsClients clients;
    EventLog events;

    @BeforeEach
    void start() {
        aws = new AwsStandIn();
        clients = aws.clients(EventLog.inMemory(Clock.systemUTC()));
        events = EventLog.inMemory(Clock.fixed(END.plusSeconds(30), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        try {
            clients.close();
        } finally {
            aws.close();
        }
    }

    /** The example target file (alarms shop-alb-5xx and shop-p99-latency, DB cluster shop-db), with edits. */
    static AwsTargetConfig example(String... replacements) {
        try {
            String text = Files.readString(Path.of("../targets/aws-example.yaml"));
            for (int i = 0; i < replacements.length; i += 2) {
                assertThat(text).contains(replacements[i]);
                text = text.replace(replacements[i], replacements[i + 1]);
            }
            return AwsTargetConfig.parse("targets/aws-example.yaml", text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example file without alarms. */
    static AwsTargetConfig withoutAlarms(String... replacements) {
        String[] all = java.util.Arrays.copyOf(replacements, replacements.length + 4);
        all[replacements.length] = "alarms:\n  - shop-alb-5xx\n  - shop-p99-latency";
        all[replacements.length + 1] = "alarms: []";
        all[replacements.length + 2] = "stopConditionAlarms:\n  - shop-alb-5xx";
        all[replacements.length + 3] = "stopConditionAlarms: []";
        return example(all);
    }

    void stubQuiet() {
        aws.stubXml("DescribeAlarmHistory", describeAlarmHistory(null));
        aws.stubEcs("DescribeServices", describeServicesWithEvents("shop", "shop-api"));
        aws.stubXml("DescribeEvents", describeEvents(null));
    }

    @Test
    void alarmStateChangesInTheWindowBecomeAlarmStateEventsOneCallPerNamedAlarm() {
        stubQuiet();
        Instant alarm = Instant.parse("2026-11-23T10:02:05.123Z");
        Instant ok = Instant.parse("2026-11-23T10:04:07Z");
        aws.stub(query("DescribeAlarmHistory").withFormParam("AlarmName", equalTo("shop-alb-5xx"))
                .withFormParam("NextToken", absent()), "text/xml", describeAlarmHistory("page-2",
                alarmStateUpdate("shop-alb-5xx", alarm, "OK", "ALARM",
                        "Threshold Crossed: 1 out of the last 1 datapoints [12.0 (23/11/26 10:01:00)] was greater than the threshold (5.0)")));
        aws.stub(query("DescribeAlarmHistory").withFormParam("AlarmName", equalTo("shop-alb-5xx"))
                .withFormParam("NextToken", equalTo("page-2")), "text/xml", describeAlarmHistory(null,
                alarmStateUpdate("shop-alb-5xx", ok, "ALARM", "OK", "Threshold Crossed: 1 datapoint [0.0] was not greater than the threshold (5.0)")));

        List<Event> found = new PlatformHistory(clients, example()).record(START, END, events);

        assertThat(found).extracting(Event::ts, Event::source, Event::type, e -> e.attr("alarm"), e -> e.attr("state"),
                        e -> e.attr("previous"))
                .containsExactly(tuple(alarm, "aws.cloudwatch", "alarm.state", "shop-alb-5xx", "ALARM", "OK"),
                        tuple(ok, "aws.cloudwatch", "alarm.state", "shop-alb-5xx", "OK", "ALARM"));
        assertThat(found.get(0).attr("reason")).startsWith("Threshold Crossed: 1 out of the last 1 datapoints");
        // One alarm named twice in the file is asked for once; each page is a request, sent for the run's window.
        List<LoggedRequest> sent = aws.server().findAll(queryRequested("DescribeAlarmHistory"));
        assertThat(sent).extracting(r -> r.formParameters().get("AlarmName").firstValue())
                .containsExactly("shop-alb-5xx", "shop-alb-5xx", "shop-p99-latency");
        assertEverySent(sent, "StartDate", "EndDate", Map.of("Version", "2010-08-01", "HistoryItemType", "StateUpdate",
                "ScanBy", "TimestampAscending"));
        assertThat(clients.countedReadCalls()).containsEntry("cloudwatch:DescribeAlarmHistory", 3L);
    }

    @Test
    void theServicesEventsInTheWindowBecomeTaskAndTargetAndSteadyEvents() {
        stubQuiet();
        String taskOld = "0f2e4a6c8b1d3f5e7a9c0b2d4f6e8a1c";
        String taskNew = "9a8b7c6d5e4f30211a2b3c4d5e6f7a8b";
        aws.stubEcs("DescribeServices", describeServicesWithEvents("shop", "shop-api",
                Instant.parse("2026-11-23T09:40:00Z"), "(service shop-api) has reached a steady state.",
                Instant.parse("2026-11-23T10:02:01Z"), "(service shop-api) (task " + taskOld + ") (port 8080) is unhealthy in"
                        + " (target-group arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-tg/73e2d6bc24d8a067)"
                        + " due to (reason Request timed out).",
                Instant.parse("2026-11-23T10:02:11Z"), "(service shop-api) has stopped 1 running tasks: (task " + taskOld + ").",
                Instant.parse("2026-11-23T10:02:30Z"), "(service shop-api) has started 1 tasks: (task " + taskNew + ").",
                Instant.parse("2026-11-23T10:03:02Z"), "(service shop-api) registered 1 targets in (target-group"
                        + " arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-tg/73e2d6bc24d8a067)",
                Instant.parse("2026-11-23T10:04:40Z"), "(service shop-api) has reached a steady state.",
                Instant.parse("2026-11-23T10:07:00Z"), "(service shop-api) has reached a steady state."));

        List<Event> found = new PlatformHistory(clients, withoutAlarms()).record(START, END, events);

        // The steady state before the run and the one after it are outside the window.
        assertThat(found).extracting(e -> e.ts().toString(), Event::source, Event::type, e -> e.attr("task"))
                .containsExactly(
                        tuple("2026-11-23T10:02:01Z", "aws.ecs", "target.unhealthy", taskOld),
                        tuple("2026-11-23T10:02:11Z", "aws.ecs", "task.stopped", taskOld),
                        tuple("2026-11-23T10:02:30Z", "aws.ecs", "task.started", taskNew),
                        tuple("2026-11-23T10:03:02Z", "aws.ecs", "service.event", null),
                        tuple("2026-11-23T10:04:40Z", "aws.ecs", "service.steady", null));
        assertThat(found.get(0).attrs()).containsEntry("reason", "Request timed out")
                .containsEntry("targetGroup", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-tg/73e2d6bc24d8a067")
                .containsEntry("cluster", "shop").containsEntry("service", "shop-api");
        assertThat(found.get(3).attr("message")).startsWith("(service shop-api) registered 1 targets");
        aws.server().verify(1, ecsRequested("DescribeServices")
                .withRequestBody(equalToJson("{\"cluster\": \"shop\", \"services\": [\"shop-api\"]}")));
        assertThat(clients.countedReadCalls()).containsEntry("ecs:DescribeServices", 1L)
                // No alarm named in the file: no alarm history read.
                .doesNotContainKey("cloudwatch:DescribeAlarmHistory");
        aws.server().verify(0, queryRequested("DescribeAlarmHistory"));
    }

    @Test
    void aClustersFailoverEventsBecomeFailoverStartedAndCompleted() {
        stubQuiet();
        Instant started = Instant.parse("2026-11-23T10:02:03.512Z");
        Instant completed = Instant.parse("2026-11-23T10:02:31.077Z");
        aws.stub(query("DescribeEvents").withFormParam("Marker", absent()), "text/xml", describeEvents("marker-2",
                rdsEvent("db-cluster", "shop-db", started, "Started cross AZ failover to DB instance: shop-db-2")));
        aws.stub(query("DescribeEvents").withFormParam("Marker", equalTo("marker-2")), "text/xml", describeEvents(null,
                rdsEvent("db-cluster", "shop-db", completed, "Completed failover to DB instance: shop-db-2")));

        List<Event> found = new PlatformHistory(clients, withoutAlarms()).record(START, END, events);

        assertThat(found).extracting(Event::ts, Event::source, Event::type, e -> e.attr("cluster"), e -> e.attr("to"))
                .containsExactly(tuple(started, "aws.rds", "db.failover.started", "shop-db", "shop-db-2"),
                        tuple(completed, "aws.rds", "db.failover.completed", "shop-db", "shop-db-2"));
        assertThat(found.get(1).attr("message")).isEqualTo("Completed failover to DB instance: shop-db-2");
        List<LoggedRequest> sent = aws.server().findAll(queryRequested("DescribeEvents"));
        assertThat(sent).hasSize(2);
        assertEverySent(sent, "StartTime", "EndTime", Map.of("Version", "2014-10-31", "SourceType", "db-cluster",
                "SourceIdentifier", "shop-db", "EventCategories.EventCategory.1", "failover"));
        assertThat(clients.countedReadCalls()).containsEntry("rds:DescribeEvents", 2L);
    }

    @Test
    void aMultiAzInstanceIsAskedForByItsInstanceIdentifier() {
        stubQuiet();
        aws.stubXml("DescribeEvents", describeEvents(null,
                rdsEvent("db-instance", "shop-db", Instant.parse("2026-11-23T10:02:00Z"), "Multi-AZ instance failover started."),
                rdsEvent("db-instance", "shop-db", Instant.parse("2026-11-23T10:02:20Z"),
                        "Multi-AZ failover to standby complete - DNS propagation may take a few minutes."),
                rdsEvent("db-instance", "shop-db", Instant.parse("2026-11-23T10:02:25Z"), "Multi-AZ instance failover completed.")));

        List<Event> found = new PlatformHistory(clients, withoutAlarms("  cluster: shop-db", "  instance: shop-db")).record(START, END, events);

        assertThat(found).extracting(Event::type, e -> e.attr("instance"))
                .containsExactly(tuple("db.failover.started", "shop-db"), tuple("db.failover.completed", "shop-db"),
                        tuple("db.failover.completed", "shop-db"));
        aws.server().verify(queryRequested("DescribeEvents").withFormParam("SourceType", equalTo("db-instance"))
                .withFormParam("SourceIdentifier", equalTo("shop-db")));
    }

    @Test
    void rdsMessagesAreToldApartByTheStepTheyReport() {
        assertThat(RdsEvents.type("Started same AZ failover to DB instance: shop-db-2")).isEqualTo("db.failover.started");
        assertThat(RdsEvents.type("Cluster failover failed, check the health of your cluster instances and try again."))
                .isEqualTo("db.failover.failed");
        assertThat(RdsEvents.type("Promoting previous primary again: shop-db-1")).isEqualTo("db.event");
    }

    @Test
    void eachSourceIsReadInTheWindowAndTheirEventsAreWrittenInTimeOrderWithANotePerSource() {
        aws.stubXml("DescribeAlarmHistory", describeAlarmHistory(null, alarmStateUpdate("shop-alb-5xx",
                Instant.parse("2026-11-23T10:02:40Z"), "OK", "ALARM", "Threshold Crossed")));
        aws.stubEcs("DescribeServices", describeServicesWithEvents("shop", "shop-api",
                Instant.parse("2026-11-23T10:02:10Z"), "(service shop-api) has stopped 1 running tasks: (task 0f2e4a6c8b1d3f5e7a9c0b2d4f6e8a1c)."));
        aws.stubXml("DescribeEvents", describeEvents(null,
                rdsEvent("db-cluster", "shop-db", Instant.parse("2026-11-23T10:02:20Z"), "Started cross AZ failover to DB instance: shop-db-2")));

        new PlatformHistory(clients, example("  - shop-p99-latency\n", "")).record(START, END, events);

        assertThat(events.events()).extracting(Event::source, Event::type).containsExactly(
                tuple("aws.ecs", "task.stopped"), tuple("aws.rds", "db.failover.started"), tuple("aws.cloudwatch", "alarm.state"),
                tuple("aws.cloudwatch", "history.read"), tuple("aws.ecs", "history.read"), tuple("aws.rds", "history.read"));
        assertThat(events.events().get(3).attrs()).containsEntry("call", "cloudwatch:DescribeAlarmHistory")
                .containsEntry("events", 1).containsEntry("from", START.toString()).containsEntry("to", END.toString());
        assertThat(clients.countedReadCalls()).isEqualTo(Map.of(
                "cloudwatch:DescribeAlarmHistory", 1L, "ecs:DescribeServices", 1L, "rds:DescribeEvents", 1L));
    }

    @Test
    void aSourceThatCannotBeReadIsSaidAndTheOthersAreStillRead() {
        stubQuiet();
        aws.server().stubFor(query("DescribeEvents").willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml")
                .withBody("""
                        <ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
                          <Error>
                            <Type>Sender</Type>
                            <Code>AccessDenied</Code>
                            <Message>User: arn:aws:sts::123456789012:assumed-role/gameday-operator/sre is not authorized to perform: rds:DescribeEvents</Message>
                          </Error>
                          <RequestId>0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d</RequestId>
                        </ErrorResponse>
                        """)));
        aws.stubEcs("DescribeServices", describeServicesWithEvents("shop", "shop-api",
                Instant.parse("2026-11-23T10:04:40Z"), "(service shop-api) has reached a steady state."));

        List<Event> found = new PlatformHistory(clients, withoutAlarms()).record(START, END, events);

        assertThat(found).extracting(Event::type).containsExactly("service.steady");
        Event unavailable = events.events().stream().filter(e -> e.type().equals(PlatformHistory.UNAVAILABLE)).findFirst().orElseThrow();
        assertThat(unavailable.source()).isEqualTo("aws.rds");
        assertThat(unavailable.attr("call")).isEqualTo("rds:DescribeEvents");
        assertThat(unavailable.attr("error")).contains("not authorized to perform: rds:DescribeEvents");
    }

    /** Every request asked for the run's window (its start and end parameters) with these parameters. */
    private static void assertEverySent(List<LoggedRequest> sent, String start, String end, Map<String, String> params) {
        for (LoggedRequest r : sent) {
            assertThat(Instant.parse(form(r, start))).isEqualTo(START);
            assertThat(Instant.parse(form(r, end))).isEqualTo(END);
            params.forEach((name, value) -> assertThat(form(r, name)).as(name).isEqualTo(value));
        }
    }

    private static String form(LoggedRequest request, String name) {
        return request.formParameters().get(name).firstValue();
    }
}
