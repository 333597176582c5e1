package dev.gameday.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.core.json.Json;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.allure.AllureReport;
import dev.gameday.report.summary.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generates real Allure reports with the command line the build unpacked into
 * {@code target/allure-commandline} (in {@code generate-resources}, before the tests).
 */
class AllureReportTest {

    private static final SampleRun RUN = new SampleRun();
    private static final Path ALLURE = Path.of("target", "allure-commandline").toAbsolutePath();

    @Test
    void theBuildUnpackedTheCommandLine() {
        assertThat(AllureReport.command(ALLURE)).as("allure in " + ALLURE).isPresent();
    }

    @Test
    void generatesOneFileThatNamesEverySloAndKeepsItsHistory(@TempDir Path out) throws IOException {
        RunDirectory run = written(out, 0);

        AllureReport.Outcome outcome = AllureReport.generate(run, ALLURE);

        assertThat(outcome.generated()).as(outcome.message()).isTrue();
        assertThat(outcome.report()).isEqualTo(run.allureReport().resolve("index.html")).isRegularFile();
        // Opening a game day's report must not call out to Google Analytics.
        assertThat(Files.readString(outcome.report())).doesNotContain("googletagmanager");
        Map<String, byte[]> data = AllureReport.embedded(outcome.report());
        String testCases = data.entrySet().stream().filter(e -> e.getKey().startsWith("data/test-cases/"))
                .map(e -> new String(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("\n"));
        assertThat(testCases).contains("\"shopper-availability\"", "\"alb-p99-steady\"", "\"capacity-restored\"");
        // The timeline is attached to the SLOs, so it travels inside the one file too.
        assertThat(data.keySet()).anyMatch(name -> name.startsWith("data/attachments/") && name.endsWith(".png"));
        assertThat(run.allureReport().resolve("history/history.json")).isRegularFile();
        assertThat(run.allureReport().resolve("history/history-trend.json")).isRegularFile();
    }

    @Test
    void carriesHistoryOverFromThePreviousRunInTheSameFolder(@TempDir Path out) throws IOException {
        RunDirectory first = written(out, 0);
        assertThat(AllureReport.generate(first, ALLURE).generated()).isTrue();
        RunDirectory second = written(out, 3600);

        AllureReport.Outcome outcome = AllureReport.generate(second, ALLURE);

        assertThat(outcome.generated()).as(outcome.message()).isTrue();
        assertThat(second.allureResults().resolve("history/history.json"))
                .hasSameBinaryContentAs(first.allureReport().resolve("history/history.json"));
        JsonNode trend = Json.mapper().readTree(second.allureReport().resolve("history/history-trend.json").toFile());
        assertThat(trend).as("one trend entry per run").hasSize(2);
        assertThat(trend.get(0).get("buildOrder").asInt()).as("the newest run first, numbered on").isEqualTo(2);
        JsonNode history = Json.mapper().readTree(second.allureReport().resolve("history/history.json").toFile());
        history.forEach(entry -> assertThat(entry.get("items")).as(entry.toString()).hasSize(2));
    }

    @Test
    void aMissingCommandLineSkipsWithAWarningInsteadOfFailing(@TempDir Path out) {
        RunDirectory run = written(out, 0);

        AllureReport.Outcome outcome = AllureReport.generate(run, out.resolve("no-allure-here"));

        assertThat(outcome.generated()).isFalse();
        assertThat(outcome.message()).contains("Allure report skipped", "no-allure-here");
        assertThat(run.allureReport()).doesNotExist();
    }

    @Test
    void theCommandLineIsFoundFromTheSystemProperties() {
        String allureHome = System.getProperty(AllureReport.HOME_PROPERTY);
        String gamedayHome = System.getProperty(AllureReport.GAMEDAY_HOME_PROPERTY);
        try {
            System.clearProperty(AllureReport.HOME_PROPERTY);
            System.setProperty(AllureReport.GAMEDAY_HOME_PROPERTY, "/opt/gameday");
            assertThat(AllureReport.home()).isEqualTo(Path.of("/opt/gameday/reports/target/allure-commandline"));
            System.setProperty(AllureReport.HOME_PROPERTY, "/opt/allure");
            assertThat(AllureReport.home()).isEqualTo(Path.of("/opt/allure"));
        } finally {
            restore(AllureReport.HOME_PROPERTY, allureHome);
            restore(AllureReport.GAMEDAY_HOME_PROPERTY, gamedayHome);
        }
    }

    @Test
    void rebuildAllLeavesSummaryJsonByteIdenticalAndRegeneratesTheReport(@TempDir Path out) throws IOException {
        RunDirectory run = written(out, 0);
        byte[] summary = Files.readAllBytes(run.summaryJson());
        byte[] timeline = Files.readAllBytes(run.timeline());
        Files.delete(run.summaryMarkdown());
        String allureHome = System.getProperty(AllureReport.HOME_PROPERTY);
        Reports.Rebuilt rebuilt;
        try {
            System.setProperty(AllureReport.HOME_PROPERTY, ALLURE.toString());
            rebuilt = Reports.rebuildAll(run);
        } finally {
            restore(AllureReport.HOME_PROPERTY, allureHome);
        }

        assertThat(Files.readAllBytes(run.summaryJson())).isEqualTo(summary);
        assertThat(Files.readAllBytes(run.timeline())).isEqualTo(timeline);
        assertThat(run.summaryMarkdown()).isRegularFile();
        assertThat(rebuilt.summary().runId()).isEqualTo(run.id());
        assertThat(rebuilt.allure().generated()).as(rebuilt.allure().message()).isTrue();
        assertThat(run.allureReport().resolve("index.html")).isRegularFile();
    }

    private static RunDirectory written(Path out, long offsetSeconds) {
        RunDirectory run = RunDirectory.create(out, "smoke", SampleRun.T0.plusSeconds(offsetSeconds));
        Summary summary = RUN.summary(run.id()).build();
        Reports.writeAll(run, summary, RUN.verdicts);
        return run;
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
