package dev.gameday.aws.fis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.chaos.fault.ExperimentState;
import dev.gameday.chaos.fault.ExperimentStatus;
import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.TemplateException;
import dev.gameday.chaos.template.TemplateParser;
import dev.gameday.chaos.validation.FisVerdict;
import dev.gameday.chaos.validation.TemplateValidator;
import dev.gameday.chaos.validation.ValidatedExperiment;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * FIS is stood in by WireMock answering as the FIS API reference documents (REST-JSON, epoch-second
 * timestamps, errors as {@code x-amzn-ErrorType} + {@code {"message": …}}); the tests check what the
 * SDK sent.
 */
class FisFaultInjectorTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCOUNT = "123456789012";
    static final String TEMPLATE_ID = "EXT2jZ4k9QpWm7aR";
    static final String TEMPLATE_ARN = "arn:aws:fis:eu-west-1:" + ACCOUNT + ":experiment-template/" + TEMPLATE_ID;
    static final String EXPERIMENT_ID = "EXPbL3uVq8HnK2sT";
    static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    static final Map<String, String> GAME_DAY = Map.of(
            "account", ACCOUNT, "region", "eu-west-1", "roleArn", "arn:aws:iam::" + ACCOUNT + ":role/gameday-fis",
            "cluster", "shop", "service", "api", "zone", "eu-west-1a", "dbCluster", "shop-db", "duration", "PT3M");

    WireMockServer fis;
    EventLog events;
    FisFaultInjector injector;

    @BeforeEach
    void startFis() {
        fis = new WireMockServer(options().dynamicPort());
        fis.start();
        events = EventLog.inMemory(Clock.systemUTC());
        injector = builder(fis, events).build();
    }

    /** An injector talking to the stand-in {@code fis}, with fast retries and polls, recording into {@code events}. */
    static FisFaultInjector.Builder builder(WireMockServer fis, EventLog events) {
        return FisFaultInjector.builder()
                .endpointOverride(URI.create(fis.baseUrl()))
                .region("eu-west-1")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .retries(4, Duration.ofMillis(1), Duration.ofMillis(20))
                .pollInterval(Duration.ofMillis(10), Duration.ofMillis(40))
                .stopTimeout(Duration.ofSeconds(10))
                .events(events);
    }

    @AfterEach
    void stopFis() {
        try {
            injector.close();
        } finally {
            fis.stop();
        }
    }

    static ExperimentTemplate azPower() {
        return TemplateCatalogue.classpath().load("az-power-interruption").fill(GAME_DAY);
    }

    static ValidatedExperiment request(ExperimentTemplate template) {
        return TemplateValidator.validate(template, GAME_DAY);
    }

    // --- FIS's documented response shapes -------------------------------------------------------

    static String templateSummaries(String... summaries) {
        return "{\"experimentTemplates\": [" + String.join(",", summaries) + "]}";
    }

    static String summary(String id, String name, String hash) {
        return """
                {"id": "%s", "arn": "arn:aws:fis:eu-west-1:%s:experiment-template/%s", "description": "d",
                 "creationTime": 1.7005e9, "lastUpdateTime": 1.7005e9,
                 "tags": {"gameday:template": "%s", "gameday:content-hash": "%s"}}
                """.formatted(id, ACCOUNT, id, name, hash);
    }

    static String createdTemplate() {
        return """
                {"experimentTemplate": {"id": "%s", "arn": "%s", "description": "d",
                  "targets": {}, "actions": {}, "stopConditions": [{"source": "none"}],
                  "creationTime": 1.7005e9, "lastUpdateTime": 1.7005e9,
                  "roleArn": "arn:aws:iam::%s:role/gameday-fis", "tags": {}}}
                """.formatted(TEMPLATE_ID, TEMPLATE_ARN, ACCOUNT);
    }

    /** An experiment as GetExperiment/StartExperiment/StopExperiment return it. */
    static String experiment(String status, String reason, String actionStatus) {
        return """
                {"experiment": {
                  "id": "%s", "arn": "arn:aws:fis:eu-west-1:%s:experiment/%s", "experimentTemplateId": "%s",
                  "roleArn": "arn:aws:iam::%s:role/gameday-fis",
                  "state": {"status": "%s", "reason": "%s"},
                  "targets": {"zoneTasks": {"resourceType": "aws:ecs:task", "selectionMode": "ALL"}},
                  "actions": {
                    "stopZoneTasks": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "zoneTasks"},
                                      "state": {"status": "%s", "reason": "%s"}}
                  },
                  "stopConditions": [{"source": "none"}],
                  "creationTime": 1.7005e9, "startTime": 1.7005e9,
                  "tags": {"gameday:template": "az-power-interruption"},
                  "experimentOptions": {"accountTargeting": "single-account", "emptyTargetResolutionMode": "skip"}
                }}
                """.formatted(EXPERIMENT_ID, ACCOUNT, EXPERIMENT_ID, TEMPLATE_ID, ACCOUNT, status, reason, actionStatus, reason);
    }

    static ResponseDefinitionBuilder fisError(int status, String type, String message) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", type)
                .withBody("{\"message\": \"" + message + "\"}");
    }

    void stubNoTemplatesYet() {
        fis.stubFor(get(urlPathEqualTo("/experimentTemplates")).willReturn(okJson(templateSummaries())));
        fis.stubFor(post(urlEqualTo("/experimentTemplates")).willReturn(okJson(createdTemplate())));
    }

    void stubStart() {
        fis.stubFor(post(urlEqualTo("/experiments"))
                .willReturn(okJson(experiment("initiating", "Experiment is initiating.", "pending"))));
    }

    /** GetExperiment walks through the given (experiment, action) states, staying on the last. */
    void stubProgress(String... statuses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < statuses.length; i++) {
            String[] pair = statuses[i].split("/");
            String next = i + 1 < statuses.length ? "poll-" + (i + 1) : state;
            ScenarioMappingBuilder poll = get(urlEqualTo("/experiments/" + EXPERIMENT_ID))
                    .inScenario("progress").whenScenarioStateIs(state)
                    .willReturn(okJson(experiment(pair[0], "state " + pair[0], pair[1])));
            fis.stubFor(next.equals(state) ? poll : poll.willSetStateTo(next));
            state = next;
        }
    }

    List<String> stateEvents(String type) {
        return events.events(e -> e.type().equals(type)).stream()
                .map(e -> (e.attr("action") != null ? e.attr("action") + ":" : "") + e.attr("state"))
                .toList();
    }

    static void awaitFinal(RunningExperiment experiment) {
        await().atMost(Duration.ofSeconds(10)).until(() -> experiment.state().status().isFinal());
    }

    // --- tests -----------------------------------------------------------------------------------

    @Test
    void createsTheTemplateStartsTheExperimentAndFollowsItToCompletion() throws Exception {
        stubNoTemplatesYet();
        stubStart();
        stubProgress("running/running", "running/running", "completed/completed");

        RunningExperiment experiment = injector.start(request(azPower()));

        assertThat(experiment.id()).isEqualTo(EXPERIMENT_ID);
        awaitFinal(experiment);
        assertThat(stateEvents("experiment.state")).containsExactly("initiating", "running", "completed");
        assertThat(stateEvents("action.state"))
                .containsExactly("stopZoneTasks:pending", "stopZoneTasks:running", "stopZoneTasks:completed");
        assertThat(experiment.actionStates()).containsEntry("stopZoneTasks",
                new ExperimentState(ExperimentStatus.COMPLETED, "state completed"));

        // The template went to FIS in FIS's shape, without the x-gameday block, tagged with its content hash.
        JsonNode sent = JSON.readTree(fis.findAll(postRequestedFor(urlEqualTo("/experimentTemplates"))).get(0).getBodyAsString());
        String hash = FisTemplates.contentHash(azPower(), GAME_DAY.get("roleArn"));
        assertThat(sent.has("x-gameday")).isFalse();
        assertThat(sent.get("clientToken").asText()).matches(UUID_PATTERN);
        assertThat(sent.get("roleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/gameday-fis");
        assertThat(sent.at("/tags/gameday:template").asText()).isEqualTo("az-power-interruption");
        assertThat(sent.at("/tags/gameday:content-hash").asText()).isEqualTo(hash);
        assertThat(sent.at("/tags/Name").asText()).isEqualTo("gameday-az-power-interruption");
        assertThat(sent.get("experimentOptions")).isEqualTo(JSON.readTree(
                "{\"accountTargeting\": \"single-account\", \"emptyTargetResolutionMode\": \"skip\"}"));
        assertThat(sent.get("targets").get("zoneTasks")).isEqualTo(JSON.readTree("""
                {"resourceType": "aws:ecs:task", "parameters": {"cluster": "shop", "service": "api"},
                 "filters": [{"path": "AvailabilityZone", "values": ["eu-west-1a"]}], "selectionMode": "ALL"}
                """));
        assertThat(sent.get("targets").get("dbCluster").has("resourceTags")).isFalse();
        assertThat(sent.get("actions").get("disruptZoneSubnets")).isEqualTo(JSON.readTree("""
                {"actionId": "aws:network:disrupt-connectivity",
                 "description": "Deny all traffic in and out of the zone's subnets for the duration.",
                 "parameters": {"duration": "PT3M", "scope": "all"}, "targets": {"Subnets": "zoneSubnets"}}
                """));
        assertThat(sent.get("stopConditions")).isEqualTo(JSON.readTree("[{\"source\": \"none\"}]"));

        fis.verify(postRequestedFor(urlEqualTo("/experiments"))
                .withRequestBody(matchingJsonPath("$.experimentTemplateId", equalTo(TEMPLATE_ID)))
                .withRequestBody(matchingJsonPath("$.clientToken", matching(UUID_PATTERN)))
                .withRequestBody(matchingJsonPath("$.tags['gameday:template']", equalTo("az-power-interruption"))));
        assertThat(events.events(e -> e.type().equals("experiment-template.created"))).singleElement()
                .satisfies(e -> assertThat(e.attr("templateId")).isEqualTo(TEMPLATE_ID));
    }

    @Test
    void reusesATemplateWhoseContentHashMatches() {
        String hash = FisTemplates.contentHash(azPower(), GAME_DAY.get("roleArn"));
        fis.stubFor(get(urlPathEqualTo("/experimentTemplates")).willReturn(okJson(templateSummaries(
                summary("EXTother", "ecs-stop-task", "0123"), summary(TEMPLATE_ID, "az-power-interruption", hash)))));
        stubStart();
        stubProgress("completed/completed");

        awaitFinal(injector.start(request(azPower())));

        fis.verify(0, postRequestedFor(urlEqualTo("/experimentTemplates")));
        fis.verify(postRequestedFor(urlEqualTo("/experiments"))
                .withRequestBody(matchingJsonPath("$.experimentTemplateId", equalTo(TEMPLATE_ID))));
    }

    @Test
    void replacesATemplateWhoseContentChanged() throws Exception {
        fis.stubFor(get(urlPathEqualTo("/experimentTemplates")).willReturn(okJson(templateSummaries(
                summary("EXToutdated", "az-power-interruption", "0ld")))));
        fis.stubFor(post(urlEqualTo("/experimentTemplates")).willReturn(okJson(createdTemplate())));
        fis.stubFor(delete(urlEqualTo("/experimentTemplates/EXToutdated")).willReturn(okJson(createdTemplate()
                .replace(TEMPLATE_ID, "EXToutdated"))));
        stubStart();
        stubProgress("completed/completed");

        RunningExperiment experiment = injector.start(request(azPower()));
        awaitFinal(experiment);

        JsonNode created = JSON.readTree(fis.findAll(postRequestedFor(urlEqualTo("/experimentTemplates"))).get(0).getBodyAsString());
        assertThat(created.at("/tags/gameday:content-hash").asText())
                .isEqualTo(FisTemplates.contentHash(azPower(), GAME_DAY.get("roleArn")));
        fis.verify(1, deleteRequestedFor(urlEqualTo("/experimentTemplates/EXToutdated")));
        fis.verify(postRequestedFor(urlEqualTo("/experiments"))
                .withRequestBody(matchingJsonPath("$.experimentTemplateId", equalTo(TEMPLATE_ID))));
        assertThat(events.events(e -> e.type().startsWith("experiment-template.")))
                .extracting(Event::type).containsExactly("experiment-template.created", "experiment-template.deleted");
    }

    @Test
    void stopSendsStopExperimentAndWaitsForAFinalState() {
        stubNoTemplatesYet();
        stubStart();
        fis.stubFor(get(urlEqualTo("/experiments/" + EXPERIMENT_ID)).inScenario("stop")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(experiment("running", "Experiment is running.", "running"))));
        fis.stubFor(delete(urlEqualTo("/experiments/" + EXPERIMENT_ID)).inScenario("stop")
                .willReturn(okJson(experiment("stopping", "Stopping the experiment.", "stopping")))
                .willSetStateTo("stopping"));
        fis.stubFor(get(urlEqualTo("/experiments/" + EXPERIMENT_ID)).inScenario("stop")
                .whenScenarioStateIs("stopping")
                .willReturn(okJson(experiment("stopped", "Experiment stopped by user.", "stopped"))));

        RunningExperiment experiment = injector.start(request(azPower()));
        await().atMost(Duration.ofSeconds(10)).until(() -> experiment.state().status() == ExperimentStatus.RUNNING);

        experiment.stop("guardrail breached: availability");

        assertThat(experiment.state()).isEqualTo(new ExperimentState(ExperimentStatus.STOPPED, "Experiment stopped by user."));
        fis.verify(1, deleteRequestedFor(urlEqualTo("/experiments/" + EXPERIMENT_ID)));
        assertThat(stateEvents("experiment.state")).containsExactly("initiating", "running", "stopping", "stopped");
        assertThat(events.events(e -> e.type().equals("experiment.stop-requested"))).singleElement()
                .extracting(e -> e.attr("reason")).isEqualTo("guardrail breached: availability");

        experiment.stop("again");
        fis.verify(1, deleteRequestedFor(urlEqualTo("/experiments/" + EXPERIMENT_ID)));
    }

    @Test
    void closeStopsExperimentsStillRunning() {
        stubNoTemplatesYet();
        stubStart();
        fis.stubFor(get(urlEqualTo("/experiments/" + EXPERIMENT_ID)).inScenario("close")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(experiment("running", "Experiment is running.", "running"))));
        fis.stubFor(delete(urlEqualTo("/experiments/" + EXPERIMENT_ID)).inScenario("close")
                .willReturn(okJson(experiment("stopped", "Experiment stopped by user.", "stopped")))
                .willSetStateTo("stopped"));

        RunningExperiment experiment = injector.start(request(azPower()));
        injector.close();

        fis.verify(1, deleteRequestedFor(urlEqualTo("/experiments/" + EXPERIMENT_ID)));
        assertThat(experiment.state().status()).isEqualTo(ExperimentStatus.STOPPED);
    }

    @Test
    void retriesThrottlingAnd5xxWithBackoff() {
        stubNoTemplatesYet();
        fis.stubFor(post(urlEqualTo("/experiments")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(fisError(503, "ServiceUnavailableException", "Service unavailable")).willSetStateTo("throttled"));
        fis.stubFor(post(urlEqualTo("/experiments")).inScenario("flaky").whenScenarioStateIs("throttled")
                .willReturn(fisError(429, "ThrottlingException", "Rate exceeded")).willSetStateTo("ok"));
        fis.stubFor(post(urlEqualTo("/experiments")).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(okJson(experiment("initiating", "Experiment is initiating.", "pending"))));
        stubProgress("completed/completed");

        RunningExperiment experiment = injector.start(request(azPower()));
        awaitFinal(experiment);

        assertThat(experiment.id()).isEqualTo(EXPERIMENT_ID);
        var starts = fis.findAll(postRequestedFor(urlEqualTo("/experiments")));
        assertThat(starts).hasSize(3);
        // Every retry carries the same client token, so FIS starts one experiment, not three.
        assertThat(starts).extracting(r -> r.getBodyAsString()).allMatch(body -> body.equals(starts.get(0).getBodyAsString()));
    }

    @Test
    void reportsFisOwnMessageWhenItRefuses() {
        stubNoTemplatesYet();
        fis.stubFor(post(urlEqualTo("/experiments")).willReturn(fisError(400, "ValidationException",
                "Role arn:aws:iam::123456789012:role/gameday-fis is not authorized to perform: ecs:StopTask")));

        assertThatThrownBy(() -> injector.start(request(azPower())))
                .isInstanceOf(FisRequestException.class)
                .hasMessage("FIS StartExperiment failed for experiment 'az-power-interruption': Role "
                        + "arn:aws:iam::123456789012:role/gameday-fis is not authorized to perform: ecs:StopTask"
                        + " (ValidationException, HTTP 400)");
        fis.verify(1, postRequestedFor(urlEqualTo("/experiments")));
    }

    @Test
    void aFailedExperimentCarriesFisReasonAndError() {
        stubNoTemplatesYet();
        stubStart();
        fis.stubFor(get(urlEqualTo("/experiments/" + EXPERIMENT_ID)).willReturn(okJson("""
                {"experiment": {"id": "%s", "experimentTemplateId": "%s",
                  "state": {"status": "failed", "reason": "Target resolution failed for target zoneTasks.",
                            "error": {"accountId": "%s", "code": "TargetResolutionFailed", "location": "targets.zoneTasks"}},
                  "actions": {"stopZoneTasks": {"actionId": "aws:ecs:stop-task",
                                                "state": {"status": "cancelled", "reason": "Experiment failed."}}}}}
                """.formatted(EXPERIMENT_ID, TEMPLATE_ID, ACCOUNT))));

        RunningExperiment experiment = injector.start(request(azPower()));

        awaitFinal(experiment);
        assertThat(experiment.state()).isEqualTo(new ExperimentState(ExperimentStatus.FAILED,
                "Target resolution failed for target zoneTasks."));
        Event failed = events.events(e -> e.type().equals("experiment.state")).get(1);
        assertThat(failed.attr("errorCode")).isEqualTo("TargetResolutionFailed");
        assertThat(failed.attr("errorLocation")).isEqualTo("targets.zoneTasks");
    }

    /** An action FIS runs and the local platform does not: the aws target sends it as it is. */
    @Test
    void sendsATemplateThatPlaysOnAwsOnlyAsItIs() throws Exception {
        stubNoTemplatesYet();
        stubStart();
        stubProgress("completed/completed");
        ExperimentTemplate terminate = TemplateParser.parse("terminate-shop-instances", "terminate.json", """
                {"description": "Terminate one shop instance in the zone",
                 "targets": {"shopInstances": {"resourceType": "aws:ec2:instance", "resourceTags": {"app": "shop"},
                                               "filters": [{"path": "Placement.AvailabilityZone", "values": ["eu-west-1a"]}],
                                               "selectionMode": "COUNT(1)"}},
                 "actions": {"terminate": {"actionId": "aws:ec2:terminate-instances", "targets": {"Instances": "shopInstances"}}},
                 "stopConditions": [{"source": "none"}],
                 "roleArn": "arn:aws:iam::123456789012:role/gameday-fis"}
                """, TemplateParser.Format.JSON);
        assertThat(TemplateValidator.verdict(terminate).kind()).isEqualTo(FisVerdict.Kind.VALID_AWS_ONLY);

        awaitFinal(injector.start(TemplateValidator.validate(terminate, Map.of())));

        JsonNode sent = JSON.readTree(fis.findAll(postRequestedFor(urlEqualTo("/experimentTemplates"))).get(0).getBodyAsString());
        assertThat(sent.get("actions")).isEqualTo(JSON.readTree(
                "{\"terminate\": {\"actionId\": \"aws:ec2:terminate-instances\", \"targets\": {\"Instances\": \"shopInstances\"}}}"));
        assertThat(sent.at("/targets/shopInstances/resourceType").asText()).isEqualTo("aws:ec2:instance");
        fis.verify(postRequestedFor(urlEqualTo("/experiments"))
                .withRequestBody(matchingJsonPath("$.experimentTemplateId", equalTo(TEMPLATE_ID))));
    }

    @Test
    void anInvalidTemplateNeverReachesFis() {
        ExperimentTemplate unfilled = TemplateCatalogue.classpath().load("ecs-stop-task");

        // The injector takes only what the validator let through: an invalid template makes nothing to start.
        assertThatThrownBy(() -> injector.start(TemplateValidator.validate(unfilled, Map.of())))
                .isInstanceOf(TemplateException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ecs-stop-task.json: $.targets.serviceTasks.parameters.cluster: unfilled placeholder ${cluster}");
        assertThat(fis.getAllServeEvents()).isEmpty();
    }

    @Test
    void needsARoleFromTheTemplateTheParametersOrTheBuilder() {
        ExperimentTemplate noRole = TemplateCatalogue.classpath().load("ecs-stop-task").fill(GAME_DAY);

        assertThatThrownBy(() -> injector.start(TemplateValidator.validate(noRole, Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("experiment 'ecs-stop-task' needs an IAM role for FIS: give the template a roleArn,"
                        + " the game day a roleArn parameter, or the FIS fault injector a default role");
        assertThat(fis.getAllServeEvents()).isEmpty();
    }

    @Test
    void followsListPagination() {
        String hash = FisTemplates.contentHash(azPower(), GAME_DAY.get("roleArn"));
        fis.stubFor(get(urlPathEqualTo("/experimentTemplates")).atPriority(5)
                .willReturn(okJson("{\"experimentTemplates\": [" + summary("EXTa", "other", "x") + "], \"nextToken\": \"page2\"}")));
        fis.stubFor(get(urlPathEqualTo("/experimentTemplates")).atPriority(1)
                .withQueryParam("nextToken", equalTo("page2"))
                .willReturn(okJson(templateSummaries(summary(TEMPLATE_ID, "az-power-interruption", hash)))));
        stubStart();
        stubProgress("completed/completed");

        awaitFinal(injector.start(request(azPower())));

        fis.verify(2, getRequestedFor(urlPathEqualTo("/experimentTemplates")));
        fis.verify(0, postRequestedFor(urlEqualTo("/experimentTemplates")));
    }
}
