package dev.gameday.report;

import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.allure.AllureResults;
import dev.gameday.report.junit.JUnitXml;
import dev.gameday.report.markdown.MarkdownSummary;
import dev.gameday.report.summary.Summary;
import dev.gameday.report.summary.SummaryJson;
import dev.gameday.slo.evaluation.Verdict;

import java.util.List;

/**
 * Writes every report of a run into its run directory: {@code summary.json}, {@code junit.xml},
 * {@code summary.md} and {@code allure-results/}. All are functions of the {@link Summary} alone
 * (no clock, no host name inside), so rebuilding from {@code summary.json} gives the same bytes.
 */
public final class Reports {

    private Reports() {
    }

    /**
     * Writes all reports.
     *
     * @param verdicts the verdicts the summary was built from; checked against it, so a summary
     *                 assembled from other verdicts is caught here rather than published
     * @throws IllegalArgumentException when the verdicts are not the summary's SLOs, in order
     */
    public static void writeAll(RunDirectory run, Summary summary, List<Verdict> verdicts) {
        List<String> fromVerdicts = verdicts.stream().map(v -> v.name() + "=" + v.status()).toList();
        List<String> fromSummary = summary.slos().stream().map(s -> s.name() + "=" + s.verdict()).toList();
        if (!fromVerdicts.equals(fromSummary)) {
            throw new IllegalArgumentException("the summary's SLOs " + fromSummary + " are not the verdicts "
                    + fromVerdicts);
        }
        writeAll(run, summary);
    }

    /** Writes all reports from a summary (e.g. one read back from {@code summary.json}). */
    public static void writeAll(RunDirectory run, Summary summary) {
        SummaryJson.write(run.summaryJson(), summary);
        JUnitXml.write(run.junitXml(), summary);
        MarkdownSummary.write(run.summaryMarkdown(), summary);
        AllureResults.write(run.allureResults(), summary);
    }

    /** Rebuilds every report of a run from its {@code summary.json} ({@code gameday report <run-dir>}). */
    public static Summary rebuild(RunDirectory run) {
        Summary summary = SummaryJson.read(run.summaryJson());
        writeAll(run, summary);
        return summary;
    }
}
