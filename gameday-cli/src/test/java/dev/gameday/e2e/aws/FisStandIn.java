package dev.gameday.e2e.aws;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * FIS as its API reference documents it (REST-JSON: {@code POST /experiments} starts,
 * {@code GET /experiments/{id}} reads, {@code DELETE /experiments/{id}} stops), with one experiment
 * that moves through FIS's states in time: {@code initiating} for 2 s, {@code running} until
 * {@code runFor} after its start, then {@code completed}; once stopped, {@code stopping} for 1 s,
 * then {@code stopped}. Route 53's stand-in asks it whether the fault is on.
 */
public final class FisStandIn implements ResponseDefinitionTransformerV2 {

    static final String NAME = "fis-experiment";
    static final String EXPERIMENT_ID = "EXPbL3uVq8HnK2sT";
    static final String TEMPLATE_ID = "EXT2jZ4k9QpWm7aR";

    private final Duration runFor;
    private final Clock clock = Clock.systemUTC();
    private Instant startedAt;
    private Instant stopRequestedAt;

    FisStandIn(Duration runFor) {
        this.runFor = runFor;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        RequestMethod method = serveEvent.getRequest().getMethod();
        synchronized (this) {
            if (method.equals(RequestMethod.POST)) {
                startedAt = clock.instant();
            } else if (method.equals(RequestMethod.DELETE) && stopRequestedAt == null) {
                stopRequestedAt = clock.instant();
            }
        }
        return responseDefinition().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-RequestId", "9d2c1e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f")
                .withBody(experiment(status())).build();
    }

    /** The experiment's FIS status now. */
    synchronized String status() {
        Instant now = clock.instant();
        if (startedAt == null) {
            return "pending";
        }
        if (stopRequestedAt != null) {
            return now.isBefore(stopRequestedAt.plusSeconds(1)) ? "stopping" : "stopped";
        }
        if (now.isBefore(startedAt.plusSeconds(2))) {
            return "initiating";
        }
        return now.isBefore(startedAt.plus(runFor)) ? "running" : "completed";
    }

    /** Whether the fault is being injected: FIS running it, or still undoing it. */
    boolean faultOn() {
        String status = status();
        return status.equals("running") || status.equals("stopping");
    }

    private static String experiment(String status) {
        String action = switch (status) {
            case "initiating" -> "pending";
            case "stopping", "stopped" -> "stopped";
            default -> status;
        };
        return """
                {"experiment": {
                  "id": "%1$s", "arn": "arn:aws:fis:eu-west-1:123456789012:experiment/%1$s", "experimentTemplateId": "%2$s",
                  "roleArn": "arn:aws:iam::123456789012:role/gameday-fis",
                  "state": {"status": "%3$s", "reason": "Experiment is %3$s."},
                  "targets": {"zoneTasks": {"resourceType": "aws:ecs:task", "selectionMode": "ALL"}},
                  "actions": {
                    "stopZoneTasks": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "zoneTasks"},
                                      "state": {"status": "%4$s", "reason": "Action is %4$s."}}
                  },
                  "stopConditions": [{"source": "none"}],
                  "creationTime": 1.7005e9, "startTime": 1.7005e9,
                  "tags": {"gameday:template": "az-power-interruption"},
                  "experimentOptions": {"accountTargeting": "single-account", "emptyTargetResolutionMode": "skip"}
                }}
                """.formatted(EXPERIMENT_ID, TEMPLATE_ID, status, action);
    }
}
