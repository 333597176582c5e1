package dev.gameday.report;

import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.allure.AllureReport;
import dev.gameday.report.allure.AllureResults;
import dev.gameday.report.junit.JUnitXml;
import dev.gameday.report.markdown.MarkdownSummary;
import dev.gameday.report.recovery.RecoveryCalculator;
import dev.gameday.report.recovery.RecoveryChart;
import dev.gameday.report.summary.Summary;
import dev.gameday.report.summary.SummaryJson;
import dev.gameday.report.timeline.Timeline;
import dev.gameday.slo.evaluation.Verdict;

import java.awt.AWTError;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Writes every report of a run into its run directory: {@code summary.json}, {@code junit.xml},
 * {@code timeline.png}, {@code summary.md} and {@code allure-results/}. All are functions of the
 * run directory and the {@link Summary} (no clock, no host name inside), so rebuilding from
 * {@code summary.json} gives the same bytes. The Allure HTML ({@link AllureReport}) is generated
 * from them by an external tool, separately.
 */
public final class Reports {

    private Reports() {
    }

    /**
     * What {@link #rebuildAll} did.
     *
     * @param summary the summary read back from {@code summary.json}
     * @param allure  what became of the Allure HTML report
     */
    public record Rebuilt(Summary summary, AllureReport.Outcome allure) {
    }

    /**
     * Writes all reports.
     *
     * @param verdicts the verdicts the summary was built from; checked against it, so a summary
     *                 assembled from other verdicts is caught here rather than published
     * @return the summary as written (with its recovery anatomy)
     * @throws IllegalArgumentException when the verdicts are not the summary's SLOs, in order
     */
    public static Summary writeAll(RunDirectory run, Summary summary, List<Verdict> verdicts) {
        return writeAll(run, summary, verdicts, ReportTimer.NONE);
    }

    /**
     * {@link #writeAll(RunDirectory, Summary, List)}, telling {@code timer} how long each report took.
     */
    public static Summary writeAll(RunDirectory run, Summary summary, List<Verdict> verdicts, ReportTimer timer) {
        List<String> fromVerdicts = verdicts.stream().map(v -> v.name() + "=" + v.status()).toList();
        List<String> fromSummary = summary.slos().stream().map(s -> s.name() + "=" + s.verdict()).toList();
        if (!fromVerdicts.equals(fromSummary)) {
            throw new IllegalArgumentException("the summary's SLOs " + fromSummary + " are not the verdicts "
                    + fromVerdicts);
        }
        return writeAll(run, summary, timer);
    }

    /**
     * Writes all reports from a summary (e.g. one read back from {@code summary.json}). Its
     * {@code recovery} is (re)computed from the run directory first, so a summary written before the
     * recovery anatomy existed gains it, and a rebuild gives the same bytes.
     *
     * @return the summary as written
     */
    public static Summary writeAll(RunDirectory run, Summary summary) {
        return writeAll(run, summary, ReportTimer.NONE);
    }

    private static Summary writeAll(RunDirectory run, Summary summary, ReportTimer timer) {
        Summary written = timed(timer, "recovery anatomy", () -> summary.withRecovery(RecoveryCalculator.of(run)));
        timed(timer, "summary.json", () -> SummaryJson.write(run.summaryJson(), written));
        timed(timer, "junit.xml", () -> JUnitXml.write(run.junitXml(), written));
        Path timeline = timed(timer, "timeline.png", () -> picture("timeline.png", () -> Timeline.write(run, written)));
        // Absent (a stale one removed) when the run had no fault.
        Path recovery = timed(timer, "recovery.png", () -> picture("recovery.png", () -> RecoveryChart.write(run, written)));
        timed(timer, "summary.md", () -> MarkdownSummary.write(run.summaryMarkdown(), written, timeline != null,
                recovery != null));
        timed(timer, "allure-results", () -> AllureResults.write(run.allureResults(), written, timeline, recovery));
        return written;
    }

    private static <T> T timed(ReportTimer timer, String report, java.util.function.Supplier<T> write) {
        Instant start = Instant.now();
        try {
            return write.get();
        } finally {
            timer.wrote(report, start, Instant.now());
        }
    }

    private static void timed(ReportTimer timer, String report, Runnable write) {
        timed(timer, report, () -> {
            write.run();
            return null;
        });
    }

    /**
     * Rebuilds every file report of a run from its {@code summary.json} and recorded data, the
     * summary built again by {@link RunSummary} ({@code summary.json} itself is rewritten
     * byte-identical when the files are those it was built from). The Allure HTML is left as it is.
     */
    public static Summary rebuild(RunDirectory run) {
        return writeAll(run, RunSummary.of(run, SummaryJson.read(run.summaryJson())));
    }

    /**
     * Rebuilds everything {@code gameday report <run-dir>} promises from the run directory alone:
     * the file reports ({@link #rebuild}), {@code timeline.png}, and the Allure HTML with the
     * command line {@link AllureReport#home()} finds (skipped with a warning when absent).
     */
    public static Rebuilt rebuildAll(RunDirectory run) {
        Summary summary = rebuild(run);
        return new Rebuilt(summary, AllureReport.generate(run));
    }

    /**
     * Draws one picture ({@code timeline.png}, {@code recovery.png}); a picture that cannot be drawn
     * costs the picture, not the reports.
     *
     * @return the file drawn, or {@code null} when none was
     */
    private static Path picture(String name, java.util.function.Supplier<Path> draw) {
        try {
            return draw.get();
        } catch (RuntimeException | AWTError | LinkageError e) {
            // AWT without a usable font configuration fails with errors, not exceptions.
            System.err.println("gameday: " + name + " skipped: " + e);
            return null;
        }
    }
}
