package dev.gameday.report;

import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.summary.Summary;
import dev.gameday.report.summary.SummaryJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The summary built from a real run's directory ({@code ./gameday run az-outage} on the local
 * platform): the client totals and the order audit read from its files are the ones the run
 * reported; without those files the record's values stand.
 */
class RunSummaryTest {

    private static final Path RUN = Path.of("src/test/resources/runs/20261207-041016-az-outage");

    @Test
    void theEvidenceComesFromTheRunDirectory() {
        RunDirectory run = RunDirectory.open(RUN);
        Summary recorded = SummaryJson.read(run.summaryJson());
        Summary record = withoutEvidence(recorded);
        assertThat(record.load()).isEqualTo(new Summary.Load(0, 0, 0));
        assertThat(record.orders()).isNull();

        Summary built = RunSummary.of(run, record);

        assertThat(built.load()).isEqualTo(new Summary.Load(3992, 3982, 10));
        assertThat(built.orders()).isEqualTo(new Summary.Orders(66, 0, 0, 0, 0, 0));
        assertThat(built).isEqualTo(recorded);
    }

    @Test
    void withoutItsDataFilesTheRecordStands(@TempDir Path dir) throws IOException {
        RunDirectory bare = RunDirectory.create(dir, "az-outage", SummaryJson.read(RUN.resolve("summary.json")).startedAt());
        Files.copy(RUN.resolve("summary.json"), bare.summaryJson());
        Summary recorded = SummaryJson.read(bare.summaryJson());

        assertThat(bare.clientMetrics()).doesNotExist();
        assertThat(bare.auditedOrders()).doesNotExist();

        assertThat(RunSummary.of(bare, recorded)).isEqualTo(recorded);
    }

    @Test
    void severalInjectorsShowTheirShareAndZoneBesideTheMergedTotals(@TempDir Path dir) throws IOException {
        RunDirectory copy = RunDirectory.create(dir, "az-outage", SummaryJson.read(RUN.resolve("summary.json")).startedAt());
        for (Path file : new Path[] {Path.of("summary.json"), Path.of("events.jsonl"), Path.of("metrics/client.json")}) {
            Files.createDirectories(copy.root().resolve(file).getParent());
            Files.copy(RUN.resolve(file), copy.root().resolve(file));
        }
        Files.createDirectories(copy.injectors());
        // As InjectorFleet writes it (fields the summary does not show are ignored).
        Files.writeString(copy.injectorLoads(), """
                {"service": "gameday-injectors", "note": "exact merge",
                 "injectors": [
                   {"id": "inj-1", "zone": "local-1a", "service": "gameday-injectors", "requests": 2000, "ok": 1995,
                    "ko": 5, "orders": 30, "died": false, "clientFrom": "injector", "gatlingReport": "injectors/inj-1/gatling/index.html"},
                   {"id": "inj-2", "zone": "local-1b", "service": "gameday-injectors", "requests": 1992, "ok": 1987,
                    "ko": 5, "orders": 36, "died": true, "clientFrom": "feed", "gatlingReport": "injectors/inj-2/gatling/index.html"}]}
                """);

        Summary built = RunSummary.of(copy, SummaryJson.read(copy.summaryJson()));

        assertThat(built.load().requests()).isEqualTo(3992);
        assertThat(built.load().injectors()).containsExactly(
                new Summary.Injector("inj-1", "local-1a", 2000, 1995, 5, 30, false, "injectors/inj-1/gatling/index.html"),
                new Summary.Injector("inj-2", "local-1b", 1992, 1987, 5, 36, true, "injectors/inj-2/gatling/index.html"));
        String markdown = dev.gameday.report.markdown.MarkdownSummary.render(built);
        assertThat(markdown).contains("Sent by 2 injectors")
                .contains("| inj-2 (died) | local-1b | 1992 | 1987 | 5 | 36 | [report](injectors/inj-2/gatling/index.html) |");
    }

    private static Summary withoutEvidence(Summary s) {
        return new Summary(s.schemaVersion(), s.gameday(), s.description(), s.target(), s.runId(), s.startedAt(),
                s.endedAt(), s.verdict(), s.abortReason(), s.phases(), s.slos(), s.experiments(), null, null,
                s.apiCalls(), s.recovery(), s.timings());
    }
}
