package dev.gameday.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.core.json.Json;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.summary.Summary;
import dev.gameday.report.summary.SummaryJson;
import dev.gameday.slo.evaluation.Verdict;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportsTest {

    private static final SampleRun RUN = new SampleRun();

    @Test
    void theSampleVerdictsAreWhatTheReportsAssume() {
        assertThat(RUN.verdicts).extracting(Verdict::status)
                .containsExactly(Verdict.Status.PASS, Verdict.Status.FAIL, Verdict.Status.NO_DATA);
    }

    @Test
    void theGateRule() {
        List<Verdict> all = RUN.verdicts;
        assertThat(Summary.verdictOf(all, false)).isEqualTo(Summary.RunVerdict.FAIL);
        assertThat(Summary.verdictOf(all.subList(0, 1), false)).isEqualTo(Summary.RunVerdict.PASS);
        assertThat(Summary.verdictOf(all.subList(2, 3), false)).isEqualTo(Summary.RunVerdict.FAIL); // NO_DATA
        assertThat(Summary.verdictOf(all.subList(0, 1), true)).isEqualTo(Summary.RunVerdict.ABORTED);
        assertThat(Summary.verdictOf(List.of(), false)).isEqualTo(Summary.RunVerdict.PASS);
    }

    @Test
    void summaryJsonHasTheDocumentedShapeAndReadsBack(@TempDir Path dir) throws IOException {
        RunDirectory run = RunDirectory.create(dir, "smoke", SampleRun.T0);
        Summary summary = RUN.summary(run.id()).build();
        Reports.writeAll(run, summary, RUN.verdicts);

        JsonNode json = Json.mapper().readTree(run.summaryJson().toFile());
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("schemaVersion", "gameday", "description", "target", "runId", "startedAt",
                "endedAt", "verdict", "abortReason", "phases", "slos", "experiments", "load", "orders", "apiCalls", "recovery",
                "timings");
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.get("timings").isEmpty()).isTrue(); // the run adds them at its very end
        assertThat(json.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(json.get("startedAt").asText()).isEqualTo("2026-11-23T12:00:00Z");
        assertThat(json.get("abortReason").isNull()).isTrue();
        assertThat(json.get("orders").isNull()).isTrue();
        JsonNode p99 = json.get("slos").get(1);
        assertThat(p99.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(p99.get("measured").asDouble()).isEqualTo(0.734);
        assertThat(p99.get("explanation").asText()).isEqualTo("p99 0.734 s over steady (12:00:00–12:00:20) > 0.500 s");
        JsonNode series = p99.get("evidence").get("series").get(0);
        assertThat(series.get("query").get("statistic").asText()).isEqualTo("p99");
        assertThat(series.get("query").get("period").asText()).isEqualTo("PT20S");
        assertThat(series.get("points").get(0).get("timestamp").asText()).isEqualTo("2026-11-23T12:00:00Z");
        assertThat(json.get("slos").get(2).get("measured").isNull()).isTrue(); // NO_DATA: null, not NaN
        assertThat(Files.readString(run.summaryJson())).doesNotContain("\r").endsWith("}\n");

        assertThat(SummaryJson.read(run.summaryJson())).isEqualTo(summary);
    }

    @Test
    void eachReportIsTimedAndTheRunsTimingsSurviveARebuild(@TempDir Path a, @TempDir Path b) throws IOException {
        RunDirectory first = RunDirectory.create(a, "smoke", SampleRun.T0);
        List<String> timed = new ArrayList<>();
        Summary written = Reports.writeAll(first, RUN.summary(first.id()).build(), RUN.verdicts,
                (report, start, end) -> timed.add(report));
        assertThat(timed).containsExactly("recovery anatomy", "summary.json", "junit.xml", "timeline.png", "recovery.png",
                "summary.md", "allure-results");
        SummaryJson.write(first.summaryJson(), written.withTimings(List.of(
                new Summary.Timing("preflight", SampleRun.T0, java.time.Duration.ofMillis(1234)),
                new Summary.Timing("phases", null, null))));

        RunDirectory second = RunDirectory.create(b, "smoke", SampleRun.T0);
        Files.copy(first.summaryJson(), second.summaryJson());
        Summary rebuilt = Reports.rebuild(second);

        assertThat(rebuilt.timings()).extracting(Summary.Timing::step).containsExactly("preflight", "phases");
        assertThat(Files.readString(second.summaryJson())).isEqualTo(Files.readString(first.summaryJson()))
                .contains("\"duration\" : \"PT1.234S\"");
    }

    @Test
    void everyReportIsByteIdenticalWhenRebuilt(@TempDir Path a, @TempDir Path b) throws IOException {
        RunDirectory first = RunDirectory.create(a, "smoke", SampleRun.T0);
        RunDirectory second = RunDirectory.create(b, "smoke", SampleRun.T0);
        Reports.writeAll(first, RUN.summary(first.id()).build(), RUN.verdicts);
        // The second is rebuilt from the first's summary.json, as `gameday report` does.
        Files.copy(first.summaryJson(), second.summaryJson());
        Files.createDirectories(second.allureResults());
        Files.writeString(second.allureResults().resolve("stale-result.json"), "{}", StandardCharsets.UTF_8);
        Reports.rebuild(second);

        Map<String, byte[]> x = files(first.root());
        Map<String, byte[]> y = files(second.root());
        assertThat(y.keySet()).isEqualTo(x.keySet());
        x.forEach((name, bytes) -> assertThat(y.get(name)).as(name).isEqualTo(bytes));
        assertThat(x.keySet()).contains("summary.json", "junit.xml", "summary.md",
                "allure-results/environment.properties", "allure-results/executor.json",
                "allure-results/categories.json");
    }

    @Test
    void junitXmlHasOneTestCasePerSloAndFailuresForMissedAndNoData(@TempDir Path dir) throws Exception {
        RunDirectory run = RunDirectory.create(dir, "smoke", SampleRun.T0);
        Reports.writeAll(run, RUN.summary(run.id()).build(), RUN.verdicts);

        Element suite = xml(run.junitXml()).getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("name")).isEqualTo("gameday.smoke");
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        assertThat(suite.getAttribute("timestamp")).isEqualTo("2026-11-23T12:00:00");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(3);
        Element availability = (Element) cases.item(0);
        assertThat(availability.getAttribute("classname")).isEqualTo("slo.ratio");
        assertThat(availability.getAttribute("name")).isEqualTo("shopper-availability");
        assertThat(availability.getElementsByTagName("failure").getLength()).isZero();
        Element p99 = (Element) cases.item(1);
        Element failure = (Element) p99.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("p99 0.734 s over steady (12:00:00–12:00:20) > 0.500 s");
        assertThat(failure.getAttribute("type")).isEqualTo("FAIL");
        assertThat(failure.getTextContent()).contains("objective: ≤ 0.500 s", "measured: 0.734 s");
        Element noData = (Element) ((Element) cases.item(2)).getElementsByTagName("failure").item(0);
        assertThat(noData.getAttribute("type")).isEqualTo("NO_DATA");
        assertThat(noData.getAttribute("message")).startsWith("No data: ");
    }

    @Test
    void anAbortedRunIsAnErrorInJUnitAndBrokenInAllure(@TempDir Path dir) throws Exception {
        RunDirectory run = RunDirectory.create(dir, "smoke", SampleRun.T0);
        Summary summary = RUN.summary(run.id()).aborted("guardrail <client error rate> breached: 12% > 5%").build();
        assertThat(summary.verdict()).isEqualTo(Summary.RunVerdict.ABORTED);
        Reports.writeAll(run, summary, RUN.verdicts);

        Element suite = xml(run.junitXml()).getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("4");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        Element error = (Element) suite.getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("message")).isEqualTo("Game day aborted: guardrail <client error rate> breached: 12% > 5%");

        List<TestResult> results = allureResults(run);
        assertThat(results).hasSize(4);
        TestResult aborted = results.stream().filter(r -> r.getName().equals("game day run")).findFirst().orElseThrow();
        assertThat(aborted.getStatus()).isEqualTo(Status.BROKEN);
        assertThat(aborted.getStatusDetails().getMessage()).startsWith("Game day aborted: ");
        assertThat(Files.readString(run.summaryMarkdown())).contains("⛔", "**Aborted:** guardrail");
    }

    @Test
    void allureResultsAreReadableByAllureAndDeterministicallyNamed(@TempDir Path dir) throws Exception {
        RunDirectory run = RunDirectory.create(dir, "smoke", SampleRun.T0);
        Reports.writeAll(run, RUN.summary(run.id()).build(), RUN.verdicts);

        String uuid = UUID.nameUUIDFromBytes((run.id() + "\nalb-p99-steady").getBytes(StandardCharsets.UTF_8)).toString();
        Path file = run.allureResults().resolve(uuid + "-result.json");
        assertThat(file).exists();
        TestResult p99 = strictAllure().readValue(file.toFile(), TestResult.class);
        assertThat(p99.getUuid()).isEqualTo(uuid);
        assertThat(p99.getName()).isEqualTo("alb-p99-steady");
        assertThat(p99.getFullName()).isEqualTo("gameday.smoke.alb-p99-steady");
        assertThat(p99.getStatus()).isEqualTo(Status.FAILED);
        assertThat(p99.getStart()).isEqualTo(SampleRun.T0.toEpochMilli());
        assertThat(p99.getStop()).isEqualTo(SampleRun.T0.plusSeconds(20).toEpochMilli());
        Map<String, String> labels = new TreeMap<>();
        p99.getLabels().forEach(l -> labels.put(l.getName(), l.getValue()));
        assertThat(labels).containsEntry("epic", "smoke").containsEntry("feature", "threshold")
                .containsEntry("story", "alb-p99-steady").containsEntry("suite", "alb-p99-steady");
        // The timeline travels with every SLO: one PNG in the folder, attached to each result.
        assertThat(p99.getAttachments()).first().satisfies(a -> {
            assertThat(a.getType()).isEqualTo("image/png");
            assertThat(run.allureResults().resolve(a.getSource())).hasSameBinaryContentAs(run.timeline());
        });
        assertThat(p99.getParameters()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("objective");
            assertThat(p.getValue()).isEqualTo("≤ 0.500 s");
        });
        assertThat(p99.getSteps()).hasSize(2);
        String csv = p99.getSteps().get(0).getAttachments().get(0).getSource();
        assertThat(csv).endsWith("-attachment.csv");
        assertThat(Files.readString(run.allureResults().resolve(csv)))
                .isEqualTo("timestamp,value\n2026-11-23T12:00:00Z,0.734\n");
        assertThat(p99.getAttachments()).hasSize(2); // the timeline, then the series

        assertThat(allureResults(run)).extracting(TestResult::getStatus)
                .containsExactlyInAnyOrder(Status.PASSED, Status.FAILED, Status.BROKEN);
        assertThat(Files.readString(run.allureResults().resolve("environment.properties")))
                .isEqualTo("gameday=smoke\nrunId=" + run.id() + "\nstartedAt=2026-11-23T12:00:00Z\ntarget=local\nverdict=FAIL\n");
        JsonNode categories = Json.mapper().readTree(run.allureResults().resolve("categories.json").toFile());
        assertThat(categories).extracting(c -> c.get("name").asText())
                .containsExactly("SLO missed", "No data", "Game day aborted");
        JsonNode executor = Json.mapper().readTree(run.allureResults().resolve("executor.json").toFile());
        assertThat(executor.get("buildName").asText()).isEqualTo(run.id());
    }

    @Test
    void markdownForTheCiJobSummary(@TempDir Path dir) throws IOException {
        RunDirectory run = RunDirectory.create(dir, "smoke", SampleRun.T0);
        Reports.writeAll(run, RUN.summary(run.id()).orders(new Summary.Orders(120, 0, 0, 0, 2)).build(), RUN.verdicts);
        String md = Files.readString(run.summaryMarkdown());
        assertThat(md).startsWith("# ❌ Game day `smoke`: **FAIL**\n\n1 of 3 SLOs met, 1 missed, 1 without data (counted as missed).");
        assertThat(md).contains(
                "| SLO | kind | objective | measured | verdict |",
                "| shopper-availability | ratio | ≥ 99.00% | 99.95% (5997 of 6000 good) | ✅ PASS |",
                "| alb-p99-steady | threshold | ≤ 0.500 s | 0.734 s | ❌ FAIL |",
                "| capacity-restored | recovery | ≤ 30 s | no data | ⚠️ NO_DATA |",
                "| EXP1 | ecs-stop-task | completed | stop-one-task: completed |",
                "6000 requests, 5997 OK, 3 KO (0.05% errors).",
                "✅ intact: 120 acknowledged, 0 lost, 0 duplicated, 0 mismatched, 0 unexpected, 2 recovered.",
                "## API calls\n\nNone: the local target's metrics are read in process, at no cost.\n",
                "## Timeline\n\n![Timeline of the run", "](timeline.png)\n");
        assertThat(run.timeline()).isRegularFile();
    }

    @Test
    void theMetricsSourcesApiCallsLandInTheSummaryFiles(@TempDir Path dir) throws IOException {
        RunDirectory run = RunDirectory.create(dir, "smoke", SampleRun.T0);
        Summary summary = RUN.summary(run.id()).target("aws")
                .apiCalls(Map.of("cloudwatch:GetMetricData", 4L, "metricsRequested", 37L))
                .orders(new Summary.Orders(120, 0, 0, 0, 2, 1)).build();

        Reports.writeAll(run, summary, RUN.verdicts);

        JsonNode json = Json.mapper().readTree(run.summaryJson().toFile());
        assertThat(json.get("apiCalls").get("cloudwatch:GetMetricData").asLong()).isEqualTo(4);
        assertThat(json.get("apiCalls").get("metricsRequested").asLong()).isEqualTo(37);
        assertThat(json.get("orders").get("mismatched").asLong()).isEqualTo(1);
        assertThat(SummaryJson.read(run.summaryJson())).isEqualTo(summary);
        assertThat(Files.readString(run.summaryMarkdown())).contains(
                "## API calls\n\n`cloudwatch:GetMetricData`: 4, `metricsRequested`: 37.\n",
                "❌ **not intact**: 120 acknowledged, 0 lost, 0 duplicated, 1 mismatched, 0 unexpected, 2 recovered.");
    }

    @Test
    void verdictsThatAreNotTheSummarysAreRefused(@TempDir Path dir) {
        RunDirectory run = RunDirectory.create(dir, "smoke", SampleRun.T0);
        Summary summary = RUN.summary(run.id()).build();
        assertThatThrownBy(() -> Reports.writeAll(run, summary, RUN.verdicts.subList(0, 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers ----

    private static ObjectMapper strictAllure() {
        // Allure writes its enums in lower case with its own mapper; the fields must all be known.
        return com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    private static List<TestResult> allureResults(RunDirectory run) throws IOException {
        List<TestResult> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(run.allureResults())) {
            for (Path f : files.filter(p -> p.toString().endsWith("-result.json")).sorted().toList()) {
                out.add(strictAllure().readValue(f.toFile(), TestResult.class));
            }
        }
        return out;
    }

    private static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Iterator<Path> it = all.filter(Files::isRegularFile).iterator(); it.hasNext(); ) {
                Path f = it.next();
                out.put(root.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }
}
