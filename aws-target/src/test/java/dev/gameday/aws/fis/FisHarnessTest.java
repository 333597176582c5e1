package dev.gameday.aws.fis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.TemplateParser;
import dev.gameday.chaos.validation.TemplateValidator;
import dev.gameday.core.event.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.gameday.aws.fis.FisFaultInjectorTest.ACCOUNT;
import static dev.gameday.aws.fis.FisFaultInjectorTest.EXPERIMENT_ID;
import static dev.gameday.aws.fis.FisFaultInjectorTest.GAME_DAY;
import static dev.gameday.aws.fis.FisFaultInjectorTest.JSON;
import static dev.gameday.aws.fis.FisFaultInjectorTest.createdTemplate;
import static dev.gameday.aws.fis.FisFaultInjectorTest.experiment;
import static dev.gameday.aws.fis.FisFaultInjectorTest.templateSummaries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * What a harness leaves on FIS so that no experiment outlives it unnoticed: the role it acts with,
 * the tags on each experiment (run id, host, pid, heartbeat), the heartbeat refreshed with
 * {@code TagResource}, and the sweep that stops the experiments of dead harnesses
 * ({@code ListExperiments} + {@code StopExperiment}). FIS is WireMock answering in the API
 * reference's shapes; the tests check the requests sent.
 */
class FisHarnessTest {

    static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/gameday-fis";
    static final Harness SELF = Harness.current("20261207-040000-smoke");

    FisStub stub;
    WireMockServer fis;

    @BeforeEach
    void startFis() {
        stub = FisStub.start(b -> b.roleArn(ROLE).harness(SELF).heartbeat(Duration.ofMillis(50), Duration.ofMinutes(3)));
        fis = stub.fis();
    }

    @AfterEach
    void stopFis() {
        stub.close();
    }

    void stubRunningExperiment() {
        fis.stubFor(get(urlPathEqualTo("/experimentTemplates")).willReturn(okJson(templateSummaries())));
        fis.stubFor(post(urlEqualTo("/experimentTemplates")).willReturn(okJson(createdTemplate())));
        fis.stubFor(post(urlEqualTo("/experiments")).willReturn(okJson(experiment("initiating", "initiating", "pending"))));
        fis.stubFor(get(urlEqualTo("/experiments/" + EXPERIMENT_ID)).willReturn(okJson(experiment("running", "running", "running"))));
        fis.stubFor(delete(urlEqualTo("/experiments/" + EXPERIMENT_ID)).willReturn(okJson(experiment("stopped", "stopped", "stopped"))));
        fis.stubFor(post(urlPathMatching("/tags/.*")).willReturn(okJson("{}")));
    }

    @Test
    void tagsEachExperimentWithTheRunTheHostAndThePidAndKeepsItsHeartbeat() throws Exception {
        stubRunningExperiment();

        RunningExperiment experiment = stub.injector().start(FisFaultInjectorTest.request(FisFaultInjectorTest.azPower()));

        JsonNode tags = JSON.readTree(fis.findAll(postRequestedFor(urlEqualTo("/experiments"))).get(0).getBodyAsString()).get("tags");
        assertThat(tags.get("gameday:template").asText()).isEqualTo("az-power-interruption");
        assertThat(tags.get("gameday:run-id").asText()).isEqualTo("20261207-040000-smoke");
        assertThat(tags.get("gameday:host").asText()).isEqualTo(SELF.host());
        assertThat(tags.get("gameday:pid").asText()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(Instant.parse(tags.get("gameday:heartbeat").asText())).isBeforeOrEqualTo(Instant.now());
        if (SELF.processStart() != null) {
            assertThat(tags.get("gameday:process-start").asText()).isEqualTo(SELF.processStart().toString());
        }
        // The template is reused across runs: it carries no run's tags.
        JsonNode templateTags = JSON.readTree(fis.findAll(postRequestedFor(urlEqualTo("/experimentTemplates"))).get(0)
                .getBodyAsString()).get("tags");
        assertThat(templateTags.has("gameday:run-id")).isFalse();

        // TagResource on the experiment's ARN, the heartbeat only, while it runs.
        String arn = "arn:aws:fis:eu-west-1:" + ACCOUNT + ":experiment/" + EXPERIMENT_ID;
        await().atMost(Duration.ofSeconds(10)).until(() -> !heartbeats().isEmpty());
        LoggedRequest heartbeat = heartbeats().get(0);
        assertThat(URLDecoder.decode(heartbeat.getUrl(), StandardCharsets.UTF_8)).isEqualTo("/tags/" + arn);
        JsonNode sent = JSON.readTree(heartbeat.getBodyAsString());
        assertThat(sent.get("tags").size()).isEqualTo(1);
        assertThat(Instant.parse(sent.at("/tags/gameday:heartbeat").asText())).isBeforeOrEqualTo(Instant.now());
        experiment.stop("test over");
    }

    List<LoggedRequest> heartbeats() {
        return fis.findAll(postRequestedFor(urlPathMatching("/tags/.*")));
    }

    @Test
    void actsOnlyWithTheBuildersRole() throws Exception {
        stubRunningExperiment();
        Map<String, String> otherRole = new HashMap<>(GAME_DAY);
        otherRole.put("roleArn", "arn:aws:iam::999999999999:role/admin");

        stub.injector().start(TemplateValidator.validate(FisFaultInjectorTest.azPower(), otherRole)).stop("test over");

        // The roleArn parameter is not read: the template goes to FIS with the builder's role.
        fis.verify(postRequestedFor(urlEqualTo("/experimentTemplates")).withRequestBody(matchingJsonPath("$.roleArn", equalTo(ROLE))));
    }

    @Test
    void refusesATemplateNamingAnotherRole() throws Exception {
        ObjectNode json = (ObjectNode)
                TemplateCatalogue.classpath().load("ecs-stop-task").fill(GAME_DAY).json();
        json.put("roleArn", "arn:aws:iam::999999999999:role/admin");
        ExperimentTemplate withRole = TemplateParser.fromTree("ecs-stop-task", "ecs-stop-task.json", json);

        assertThatThrownBy(() -> stub.injector().start(TemplateValidator.validate(withRole, GAME_DAY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ecs-stop-task.json: $.roleArn: FIS acts only with the role " + ROLE
                        + ", was arn:aws:iam::999999999999:role/admin");
        assertThat(fis.getAllServeEvents()).isEmpty();
    }

    /** An experiment as ListExperiments summarises it. */
    static String summary(String id, String status, Map<String, String> tags) throws Exception {
        return """
                {"id": "%1$s", "arn": "arn:aws:fis:eu-west-1:%2$s:experiment/%1$s", "experimentTemplateId": "EXT2jZ4k9QpWm7aR",
                 "state": {"status": "%3$s", "reason": "Experiment is %3$s."}, "creationTime": %4$d,
                 "tags": %5$s,
                 "experimentOptions": {"accountTargeting": "single-account", "emptyTargetResolutionMode": "skip", "actionsMode": "run-all"}}
                """.formatted(id, ACCOUNT, status, Instant.now().minus(Duration.ofHours(1)).getEpochSecond(),
                JSON.writeValueAsString(tags));
    }

    static Map<String, String> harnessTags(String host, long pid, Instant processStart, Instant heartbeat) {
        Map<String, String> tags = new HashMap<>(new Harness("20261206-230000-az-outage", host, pid, processStart).tags(heartbeat));
        tags.put("gameday:template", "az-power-interruption");
        return tags;
    }

    @Test
    void stopsTheExperimentsOfDeadHarnessesAndLeavesTheOthers() throws Exception {
        long pid = ProcessHandle.current().pid();
        Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
        Instant now = Instant.now();
        fis.stubFor(get(urlPathEqualTo("/experiments")).willReturn(okJson("{\"experiments\": ["
                // This host, a pid that now belongs to a process started at another time: its harness died.
                + summary("EXPdeadPidReused", "running", harnessTags(SELF.host(), pid, started.minusSeconds(600), now)) + ","
                // This host, this very process: alive.
                + summary("EXPaliveHere", "running", harnessTags(SELF.host(), pid, started, now)) + ","
                // Another host, silent for an hour: its harness (or host) is gone.
                + summary("EXPstaleElsewhere", "initiating", harnessTags("ci-runner-7", 4242, null, now.minus(Duration.ofHours(1)))) + ","
                // Another host, heartbeat 10 s ago: alive.
                + summary("EXPfreshElsewhere", "running", harnessTags("ci-runner-8", 4242, null, now.minusSeconds(10))) + ","
                // Not the harness's: never touched.
                + summary("EXPbyHand", "running", Map.of("Name", "manual")) + ","
                // Over already.
                + summary("EXPcompleted", "completed", harnessTags("ci-runner-9", 1, null, now.minus(Duration.ofHours(2))))
                + "], \"nextToken\": \"page2\"}")));
        fis.stubFor(get(urlPathEqualTo("/experiments")).withQueryParam("nextToken", equalTo("page2")).atPriority(1)
                .willReturn(okJson("{\"experiments\": ["
                        + summary("EXPdeadSecondPage", "pending", harnessTags("ci-runner-10", 1, null, now.minus(Duration.ofMinutes(4))))
                        + "]}")));
        for (String id : List.of("EXPdeadPidReused", "EXPstaleElsewhere", "EXPdeadSecondPage")) {
            fis.stubFor(delete(urlEqualTo("/experiments/" + id)).willReturn(okJson(experimentStopping(id))));
        }

        List<FisFaultInjector.Finding> findings = stub.injector().stopOrphanedExperiments();

        fis.verify(2, getRequestedFor(urlPathEqualTo("/experiments")));
        fis.verify(deleteRequestedFor(urlEqualTo("/experiments/EXPdeadPidReused")));
        fis.verify(deleteRequestedFor(urlEqualTo("/experiments/EXPstaleElsewhere")));
        fis.verify(deleteRequestedFor(urlEqualTo("/experiments/EXPdeadSecondPage")));
        assertThat(fis.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(r -> r.getMethod().getName().equals("DELETE")).count()).isEqualTo(3);
        assertThat(findings).extracting(FisFaultInjector.Finding::experimentId, FisFaultInjector.Finding::stopped)
                .containsExactly(
                        tuple("EXPdeadPidReused", true),
                        tuple("EXPaliveHere", false),
                        tuple("EXPstaleElsewhere", true),
                        tuple("EXPfreshElsewhere", false),
                        tuple("EXPdeadSecondPage", true));
        assertThat(findings.get(0).reason()).contains("pid " + pid, "is gone", "the pid now belongs to a process started");
        assertThat(findings.get(2).reason()).contains("ci-runner-7", "last said it was alive", "more than 180 s ago");
        List<Event> stopped = stub.events().events(e -> e.type().equals("experiment.orphan-stopped"));
        assertThat(stopped).extracting(e -> e.attr("experiment"))
                .containsExactly("EXPdeadPidReused", "EXPstaleElsewhere", "EXPdeadSecondPage");
        assertThat(stopped.get(0).attr("runId")).isEqualTo("20261206-230000-az-outage");
    }

    @Test
    void aProcessThatIsGoneIsADeadHarness() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        fis.stubFor(get(urlPathEqualTo("/experiments")).willReturn(okJson("{\"experiments\": ["
                + summary("EXPkilled", "running", harnessTags(SELF.host(), exited.pid(), null, Instant.now())) + "]}")));
        fis.stubFor(delete(urlEqualTo("/experiments/EXPkilled")).willReturn(okJson(experimentStopping("EXPkilled"))));

        assertThat(stub.injector().stopOrphanedExperiments()).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo("its harness (pid " + exited.pid() + " on " + SELF.host() + ") is gone"));
        fis.verify(deleteRequestedFor(urlEqualTo("/experiments/EXPkilled")));
    }

    @Test
    void anOrphanThatEndedMeanwhileIsNoReasonToRefuseButOneStillRunningIs() throws Exception {
        Instant stale = Instant.now().minus(Duration.ofHours(1));
        fis.stubFor(get(urlPathEqualTo("/experiments")).willReturn(okJson("{\"experiments\": ["
                + summary("EXPendedMeanwhile", "running", harnessTags("ci-runner-7", 1, null, stale)) + "]}")));
        fis.stubFor(delete(urlEqualTo("/experiments/EXPendedMeanwhile")).willReturn(
                FisFaultInjectorTest.fisError(409, "ConflictException", "Experiment EXPendedMeanwhile is already completed.")));
        fis.stubFor(get(urlEqualTo("/experiments/EXPendedMeanwhile")).willReturn(okJson(
                "{\"experiment\": {\"id\": \"EXPendedMeanwhile\", \"state\": {\"status\": \"completed\"}}}")));

        assertThat(stub.injector().stopOrphanedExperiments()).singleElement().satisfies(f -> assertThat(f.stopped()).isTrue());

        // Still running after FIS refused to stop it: the fault may be on, nothing new may start.
        fis.stubFor(get(urlEqualTo("/experiments/EXPendedMeanwhile")).willReturn(okJson(
                "{\"experiment\": {\"id\": \"EXPendedMeanwhile\", \"state\": {\"status\": \"running\"}}}")));
        assertThatThrownBy(() -> stub.injector().stopOrphanedExperiments())
                .isInstanceOf(FisRequestException.class)
                .hasMessageContaining("FIS StopExperiment failed for experiment 'az-power-interruption'")
                .hasMessageContaining("ConflictException");
    }

    static String experimentStopping(String id) {
        return """
                {"experiment": {"id": "%1$s", "arn": "arn:aws:fis:eu-west-1:%2$s:experiment/%1$s",
                  "state": {"status": "stopping", "reason": "Experiment is stopping."}}}
                """.formatted(id, ACCOUNT);
    }
}
