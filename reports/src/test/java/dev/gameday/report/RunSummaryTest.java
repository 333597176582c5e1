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

    private static Summary withoutEvidence(Summary s) {
        return new Summary(s.schemaVersion(), s.gameday(), s.description(), s.target(), s.runId(), s.startedAt(),
                s.endedAt(), s.verdict(), s.abortReason(), s.phases(), s.slos(), s.experiments(), null, null,
                s.apiCalls(), s.recovery(), s.timings());
    }
}
