package dev.gameday.report.allure;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.gameday.core.metric.DataPoint;
import dev.gameday.report.summary.Summary;
import dev.gameday.report.summary.SummaryJson;
import dev.gameday.slo.evaluation.EvidenceSeries;
import dev.gameday.slo.evaluation.Verdict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes {@code allure-results/} directly as Allure 2 result files, so {@code allure generate}
 * turns a run into the architects' report without any test framework in between: one
 * {@code <uuid>-result.json} per SLO (epic = game day, feature = SLO kind, story = SLO name), a
 * step per evidence series with the series attached as CSV, plus {@code environment.properties},
 * {@code executor.json} and {@code categories.json}. UUIDs are name-based (run id + SLO name), so
 * rebuilding the reports of a run gives byte-identical files. The run's {@code timeline.png} is
 * attached to every result and shown in its description.
 *
 * <p>The folder belongs to this writer: its files are deleted first, so no result of an older
 * build of the same run lingers ({@code history/}, which {@link AllureReport} fills, stays).
 */
public final class AllureResults {

    private AllureResults() {
    }

    /** Allure's statuses for our verdicts. */
    static String status(Verdict.Status status) {
        return switch (status) {
            case PASS -> "passed";
            case FAIL -> "failed";
            case NO_DATA -> "broken";
        };
    }

    /** Writes every file into {@code dir}, without a timeline picture. */
    public static void write(Path dir, Summary summary) {
        write(dir, summary, null);
    }

    /**
     * Writes every file into {@code dir}.
     *
     * @param timeline the run's {@code timeline.png}, attached to every result so whoever opens
     *                 an SLO in Allure sees what the fault did; {@code null} or a missing file
     *                 for none
     */
    public static void write(Path dir, Summary summary, Path timeline) {
        write(dir, summary, timeline, null);
    }

    /**
     * Writes every file into {@code dir}.
     *
     * @param timeline the run's {@code timeline.png} (see {@link #write(Path, Summary, Path)})
     * @param recovery the run's {@code recovery.png}, attached beside the timeline to every result;
     *                 {@code null} or a missing file for none
     */
    public static void write(Path dir, Summary summary, Path timeline, Path recovery) {
        try {
            clean(dir);
            Files.createDirectories(dir);
            List<Attachment> pictures = new ArrayList<>();
            String inline = null;
            if (timeline != null && Files.isRegularFile(timeline)) {
                // One copy, shared by every result: Allure resolves attachments by file name.
                String source = uuid(summary.runId(), "\ntimeline") + "-attachment.png";
                Files.copy(timeline, dir.resolve(source));
                pictures.add(new Attachment("timeline", source, "image/png"));
                // Attachments open collapsed; the picture is the first thing to see, so it is
                // also shown in the description, inline as data so the single-file report
                // keeps it wherever it is copied.
                inline = "<img alt=\"timeline of the run\" style=\"max-width:100%\" src=\"data:image/png;base64,"
                        + Base64.getEncoder().encodeToString(Files.readAllBytes(timeline)) + "\">";
            }
            if (recovery != null && Files.isRegularFile(recovery)) {
                String source = uuid(summary.runId(), "\nrecovery") + "-attachment.png";
                Files.copy(recovery, dir.resolve(source));
                pictures.add(new Attachment("recovery anatomy", source, "image/png"));
            }
            long runStart = summary.startedAt().toEpochMilli();
            long runStop = summary.endedAt().toEpochMilli();
            if (summary.verdict() == Summary.RunVerdict.ABORTED) {
                writeAborted(dir, summary, runStart, runStop, pictures, inline);
            }
            for (Summary.SloResult slo : summary.slos()) {
                writeSlo(dir, summary, slo, runStart, runStop, pictures, inline);
            }
            writeMetadata(dir, summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Allure results to " + dir, e);
        }
    }

    /**
     * Writes {@code environment.properties}, {@code executor.json} and {@code categories.json}
     * into {@code dir}: the overview's environment, title and failure categories.
     */
    public static void writeMetadata(Path dir, Summary summary) {
        try {
            Files.createDirectories(dir);
            text(dir.resolve("environment.properties"), environment(summary));
            // reportName is the title of Allure's overview: the game day and its gate.
            text(dir.resolve("executor.json"), SummaryJson.toJson(new Executor("gameday", "gameday",
                    summary.runId(), "gameday " + summary.gameday() + " · " + summary.verdict())));
            text(dir.resolve("categories.json"), SummaryJson.toJson(List.of(
                    new Category("SLO missed", List.of("failed"), null),
                    new Category("No data", List.of("broken"), "(?s)No data.*"),
                    new Category("Game day aborted", List.of("broken"), "(?s)Game day aborted.*"))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Allure metadata to " + dir, e);
        }
    }

    private static void writeSlo(Path dir, Summary summary, Summary.SloResult slo, long runStart, long runStop,
                                 List<Attachment> pictures, String inline) throws IOException {
        String uuid = uuid(summary.runId(), slo.name());
        Instant ws = slo.evidence().windowStart();
        Instant we = slo.evidence().windowEnd();
        long start = ws == null ? runStart : ws.toEpochMilli();
        long stop = we == null ? runStop : we.toEpochMilli();
        String status = status(slo.verdict());
        List<Attachment> attachments = new ArrayList<>();
        attachments.addAll(pictures);
        List<Step> steps = new ArrayList<>();
        List<EvidenceSeries> series = slo.evidence().series();
        for (int i = 0; i < series.size(); i++) {
            EvidenceSeries s = series.get(i);
            String source = uuid(summary.runId(), slo.name() + "\n" + i + "\n" + s.label()) + "-attachment.csv";
            text(dir.resolve(source), csv(s));
            Attachment attachment = new Attachment(s.role() + ": " + s.label(), source, "text/csv");
            attachments.add(attachment);
            steps.add(new Step(s.role() + ": " + s.label(), status, "finished", start, stop,
                    List.of(new Parameter("points", Integer.toString(s.points().size()))), List.of(attachment),
                    List.of()));
        }
        steps.add(new Step(slo.explanation(), status, "finished", start, stop, List.of(), List.of(), List.of()));
        List<Parameter> parameters = new ArrayList<>();
        parameters.add(new Parameter("objective", slo.objective()));
        parameters.add(new Parameter("measured", slo.measuredText()));
        if (ws != null) {
            parameters.add(new Parameter("window", ws + " – " + we));
        }
        if (slo.evidence().firstBreach() != null) {
            parameters.add(new Parameter("first breach", slo.evidence().firstBreach().toString()));
        }
        parameters.add(new Parameter("target", summary.target()));
        StatusDetails details = slo.verdict() == Verdict.Status.PASS ? null
                : new StatusDetails(slo.explanation(), "objective: " + slo.objective() + "\nmeasured: "
                + slo.measuredText());
        String history = uuid(summary.gameday(), slo.name()).replace("-", "");
        Result result = new Result(uuid, history, history, "gameday." + summary.gameday() + "." + slo.name(),
                slo.name(), slo.description().isEmpty() ? null : slo.description(),
                descriptionHtml(slo.description(), inline), status, details, "finished",
                start, stop, labels(summary, slo.kind(), slo.name()), parameters, steps, attachments);
        text(dir.resolve(uuid + "-result.json"), SummaryJson.toJson(result));
    }

    private static void writeAborted(Path dir, Summary summary, long start, long stop, List<Attachment> pictures,
                                     String inline) throws IOException {
        String uuid = uuid(summary.runId(), "\nrun");
        String history = uuid(summary.gameday(), "\nrun").replace("-", "");
        String message = "Game day aborted: " + summary.abortReason();
        Result result = new Result(uuid, history, history, "gameday." + summary.gameday() + ".run", "game day run",
                summary.description().isEmpty() ? null : summary.description(),
                descriptionHtml(summary.description(), inline), "broken",
                new StatusDetails(message, null), "finished", start, stop, labels(summary, "run", "game day run"),
                List.of(new Parameter("target", summary.target())), List.of(),
                pictures);
        text(dir.resolve(uuid + "-result.json"), SummaryJson.toJson(result));
    }

    private static List<Label> labels(Summary summary, String feature, String name) {
        // Each SLO is its own suite: Allure's overview lists the top-level suites, so the
        // architects' first page names every SLO with its pass/fail bar.
        return List.of(
                new Label("epic", summary.gameday()),
                new Label("feature", feature),
                new Label("story", name),
                new Label("suite", name),
                new Label("framework", "gameday"));
    }

    /** A series as CSV: ISO-8601 UTC timestamp (period start), value. */
    static String csv(EvidenceSeries series) {
        StringBuilder b = new StringBuilder("timestamp,value\n");
        for (DataPoint p : series.points()) {
            b.append(p.timestamp()).append(',').append(p.value()).append('\n');
        }
        return b.toString();
    }

    /** {@code environment.properties}, keys sorted; non-ASCII escaped as Allure reads it as ISO-8859-1. */
    static String environment(Summary summary) {
        StringBuilder b = new StringBuilder();
        property(b, "gameday", summary.gameday());
        property(b, "runId", summary.runId());
        property(b, "startedAt", summary.startedAt().toString());
        property(b, "target", summary.target());
        property(b, "verdict", summary.verdict().name());
        return b.toString();
    }

    private static void property(StringBuilder b, String key, String value) {
        b.append(key).append('=');
        for (char c : value.toCharArray()) {
            if (c == '\\') {
                b.append("\\\\");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('\n');
    }

    /** A name-based UUID: the same run and name always give the same UUID. */
    static String uuid(String scope, String name) {
        return UUID.nameUUIDFromBytes((scope + "\n" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void clean(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.delete(f);
                }
            }
        }
    }

    private static void text(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The description as HTML followed by the timeline picture, or {@code null} without a picture. */
    private static String descriptionHtml(String description, String inline) {
        if (inline == null) {
            return null;
        }
        String text = description.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return (text.isEmpty() ? "" : "<p>" + text + "</p>") + inline;
    }

    // ---- Allure 2's file shapes (io.qameta.allure.model), only the fields we fill ----

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"uuid", "historyId", "testCaseId", "fullName", "name", "description", "descriptionHtml", "status",
            "statusDetails", "stage", "start", "stop", "labels", "parameters", "steps", "attachments"})
    record Result(String uuid, String historyId, String testCaseId, String fullName, String name, String description,
                  String descriptionHtml,
                  String status, StatusDetails statusDetails, String stage, long start, long stop, List<Label> labels,
                  List<Parameter> parameters, List<Step> steps, List<Attachment> attachments) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"message", "trace"})
    record StatusDetails(String message, String trace) {
    }

    @JsonPropertyOrder({"name", "status", "stage", "start", "stop", "parameters", "attachments", "steps"})
    record Step(String name, String status, String stage, long start, long stop, List<Parameter> parameters,
                List<Attachment> attachments, List<Step> steps) {
    }

    @JsonPropertyOrder({"name", "value"})
    record Label(String name, String value) {
    }

    @JsonPropertyOrder({"name", "value"})
    record Parameter(String name, String value) {
    }

    @JsonPropertyOrder({"name", "source", "type"})
    record Attachment(String name, String source, String type) {
    }

    @JsonPropertyOrder({"name", "type", "buildName", "reportName"})
    record Executor(String name, String type, String buildName, String reportName) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "matchedStatuses", "messageRegex"})
    record Category(String name, List<String> matchedStatuses, String messageRegex) {
    }
}
