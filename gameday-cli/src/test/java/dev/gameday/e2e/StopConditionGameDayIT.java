package dev.gameday.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@code aws:cloudwatch:alarm} stop condition on the local target: the harness evaluates the
 * target file's alarm over the live local metrics, and when it enters ALARM the experiment is
 * stopped as FIS stops it; the game day plays on and ends ABORTED (exit 2) naming the alarm.
 */
class StopConditionGameDayIT {

    @TempDir
    Path out;

    @Test
    void anAlarmInAlarmStopsTheExperimentAndTheRunEndsAborted() throws Exception {
        // Any request through the load balancer puts this alarm in ALARM at the end of a 5-second period.
        Path target = out.resolve("local-tripwire.yaml");
        Files.writeString(target, """
                kind: local
                alarms:
                  - name: any-requests
                    namespace: AWS/ApplicationELB
                    metric: RequestCount
                    dimensions: { LoadBalancer: "${loadBalancer}" }
                    statistic: Sum
                    period: 5s
                    evaluationPeriods: 1
                    threshold: 0
                    comparisonOperator: GreaterThanThreshold
                    treatMissingData: notBreaching
                """);
        Files.writeString(out.resolve("watched-wait.json"), """
                {"description": "A long wait that only its stop condition ends early.",
                 "targets": {},
                 "actions": {"wait": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT10M"}}},
                 "stopConditions": [{"source": "aws:cloudwatch:alarm",
                                     "value": "arn:aws:cloudwatch:${region}:${account}:alarm:any-requests"}],
                 "roleArn": "arn:aws:iam::000000000000:role/fis"}
                """);
        Path gameday = out.resolve("watched.yaml");
        Files.writeString(gameday, """
                name: watched
                description: A wait watched by an alarm that any traffic trips.
                platform: { zones: 1, tasksPerZone: 1 }
                load: { usersPerSecond: 2, shoppers: 3 }
                phases: { warmup: 5s, steady: 5s, fault: 20s, recovery: 5s }
                experiment: { template: watched-wait.json, startAt: fault }
                slos:
                  - name: shopper-availability
                    kind: ratio
                    good:  { namespace: Gameday/Client, metric: OkCount }
                    valid: { namespace: Gameday/Client, metric: RequestCount }
                    window: steady
                    objective: 50%
                """);
        Process process = Launcher.start(out.resolve("console.log"), "run", gameday.toString(),
                "--target", target.toString(), "--out", out.resolve("runs").toString());

        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String printed = Files.readString(out.resolve("console.log"));
        assertThat(process.exitValue()).as(printed).isEqualTo(2);
        assertThat(printed).contains("experiment stopped — stop condition: alarm any-requests in ALARM");

        Path run;
        try (Stream<Path> dirs = Files.list(out.resolve("runs"))) {
            run = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        JsonNode summary = Json.mapper().readTree(run.resolve("summary.json").toFile());
        assertThat(summary.get("verdict").asText()).isEqualTo("ABORTED");
        assertThat(summary.get("abortReason").asText()).isEqualTo("stop condition: alarm any-requests in ALARM");
        // The SLOs were still judged: the run played its phases to the end.
        assertThat(summary.get("slos").get(0).get("verdict").asText()).isEqualTo("PASS");
        assertThat(summary.get("phases")).extracting(p -> p.get("name").asText())
                .containsExactly("warmup", "steady", "fault", "recovery");

        List<Event> events = EventLog.read(run.resolve("events.jsonl"));
        Event started = first(events, "orchestrator", "experiment.started");
        Event alarm = events.stream().filter(e -> e.type().equals("alarm.state") && "ALARM".equals(e.attr("state")))
                .findFirst().orElseThrow();
        Event stopped = first(events, "orchestrator", "experiment.stopped");
        assertThat(alarm.attr("alarm")).isEqualTo("any-requests");
        assertThat(stopped.attr("reason")).isEqualTo("stop condition: alarm any-requests in ALARM");
        assertThat(events.indexOf(started)).isLessThan(events.indexOf(alarm));
        assertThat(events.indexOf(alarm)).isLessThan(events.indexOf(stopped));
        // The experiment's own state, as FIS reports it: stopped, by the stop condition, long before its 10 minutes.
        Event state = events.stream().filter(e -> e.type().equals("experiment.state") && "stopped".equals(e.attr("state")))
                .findFirst().orElseThrow();
        assertThat(state.attr("reason")).isEqualTo("Experiment stopped by stop condition");
        assertThat(events.stream().filter(e -> e.type().equals("action.state") && "wait".equals(e.attr("action")))
                .map(e -> e.attr("state"))).containsExactly("pending", "running", "stopped");
        JsonNode experiment = summary.get("experiments").get(0);
        assertThat(experiment.get("state").asText()).isEqualTo("stopped");
        assertThat(experiment.get("reason").asText()).isEqualTo("Experiment stopped by stop condition");
    }

    private static Event first(List<Event> events, String source, String type) {
        return events.stream().filter(e -> e.source().equals(source) && e.type().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " from " + source + " in " + events));
    }
}
