package dev.gameday.report.markdown;

import dev.gameday.report.summary.Summary;
import dev.gameday.slo.evaluation.Verdict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes {@code summary.md}: the verdict line, the SLO table, experiment states, load totals and
 * the order audit, short enough for a CI job summary ({@code $GITHUB_STEP_SUMMARY}).
 * Deterministic: same summary, same bytes.
 */
public final class MarkdownSummary {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private MarkdownSummary() {
    }

    /** Writes {@code summary.md}, without the timeline picture. */
    public static void write(Path file, Summary summary) {
        write(file, summary, false);
    }

    /**
     * Writes {@code summary.md}.
     *
     * @param withTimeline whether {@code timeline.png} sits beside it, to be shown in the text
     */
    public static void write(Path file, Summary summary, boolean withTimeline) {
        write(file, summary, withTimeline, false);
    }

    /**
     * Writes {@code summary.md}.
     *
     * @param withTimeline whether {@code timeline.png} sits beside it, to be shown in the text
     * @param withRecovery whether {@code recovery.png} sits beside it, to be shown in the text
     */
    public static void write(Path file, Summary summary, boolean withTimeline, boolean withRecovery) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, render(summary, withTimeline, withRecovery), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The Markdown text, without the timeline picture. */
    public static String render(Summary s) {
        return render(s, false);
    }

    /**
     * The Markdown text.
     *
     * @param withTimeline whether to show {@code timeline.png} (a link relative to the run
     *                     directory, so the file reads the same wherever the folder is moved)
     */
    public static String render(Summary s, boolean withTimeline) {
        return render(s, withTimeline, false);
    }

    /**
     * The Markdown text.
     *
     * @param withTimeline whether to show {@code timeline.png}
     * @param withRecovery whether to show {@code recovery.png} (in the Recovery section)
     */
    public static String render(Summary s, boolean withTimeline, boolean withRecovery) {
        StringBuilder md = new StringBuilder();
        var counts = s.sloCounts();
        md.append("# ").append(icon(s.verdict())).append(" Game day `").append(s.gameday()).append("`: **")
                .append(s.verdict()).append("**\n\n");
        md.append(counts.get(Verdict.Status.PASS)).append(" of ").append(s.slos().size()).append(" SLOs met");
        if (counts.get(Verdict.Status.FAIL) > 0) {
            md.append(", ").append(counts.get(Verdict.Status.FAIL)).append(" missed");
        }
        if (counts.get(Verdict.Status.NO_DATA) > 0) {
            md.append(", ").append(counts.get(Verdict.Status.NO_DATA)).append(" without data (counted as missed)");
        }
        md.append(". Run `").append(s.runId()).append("` on `").append(s.target()).append("`, ")
                .append(TIME.format(s.startedAt())).append(" – ").append(TIME.format(s.endedAt())).append(" UTC (")
                .append(Duration.between(s.startedAt(), s.endedAt()).toSeconds()).append(" s).\n");
        if (!s.description().isEmpty()) {
            md.append("\n").append(s.description()).append("\n");
        }
        if (s.abortReason() != null) {
            md.append("\n> **Aborted:** ").append(s.abortReason().replace("\n", " ")).append("\n");
        }

        md.append("\n## SLOs\n\n");
        if (s.slos().isEmpty()) {
            md.append("No SLOs were evaluated.\n");
        } else {
            md.append("| SLO | kind | objective | measured | verdict |\n|---|---|---|---|---|\n");
            for (Summary.SloResult slo : s.slos()) {
                md.append("| ").append(cell(slo.name())).append(" | ").append(slo.kind()).append(" | ")
                        .append(cell(slo.objective())).append(" | ").append(cell(slo.measuredText())).append(" | ")
                        .append(icon(slo.verdict())).append(' ').append(slo.verdict()).append(" |\n");
            }
            md.append('\n');
            for (Summary.SloResult slo : s.slos()) {
                md.append("- **").append(slo.name()).append("**: ").append(slo.explanation().replace("\n", " "))
                        .append('\n');
            }
        }

        if (withTimeline) {
            md.append("\n## Timeline\n\n![Timeline of the run: load and errors")
                    .append(s.load().injectors().isEmpty() ? "" : " (and each injector's requests/s, by zone)")
                    .append(", p99 latency, healthy targets per zone, running tasks; fault shaded](timeline.png)\n");
        }
        if (!s.recovery().isEmpty()) {
            md.append(RecoveryMarkdown.section(s.recovery(), withRecovery));
        }

        md.append("\n## Experiments\n\n");
        if (s.experiments().isEmpty()) {
            md.append("No fault experiment ran.\n");
        } else {
            md.append("| experiment | template | state | actions |\n|---|---|---|---|\n");
            for (Summary.Experiment e : s.experiments()) {
                String actions = e.actions().stream().map(a -> a.name() + ": " + a.state())
                        .collect(Collectors.joining(", "));
                md.append("| ").append(cell(e.id())).append(" | ").append(cell(e.template())).append(" | ")
                        .append(cell(e.state() + (e.reason() == null ? "" : " (" + e.reason() + ")"))).append(" | ")
                        .append(cell(actions)).append(" |\n");
            }
        }

        Summary.Load load = s.load();
        md.append("\n## Load\n\n");
        md.append(load.requests()).append(" requests, ").append(load.ok()).append(" OK, ").append(load.ko())
                .append(" KO");
        if (load.requests() > 0) {
            md.append(String.format(Locale.ROOT, " (%.2f%% errors)", 100.0 * load.ko() / load.requests()));
        }
        md.append(".\n");
        if (!load.injectors().isEmpty()) {
            md.append("\nSent by ").append(load.injectors().size()).append(" injectors; the figures above are their")
                    .append(" exact merge, each Gatling report covers its own share only.\n\n")
                    .append("| injector | zone | requests | OK | KO | orders | Gatling report |\n|---|---|---|---|---|---|---|\n");
            for (Summary.Injector i : load.injectors()) {
                md.append("| ").append(cell(i.id())).append(i.died() ? " (died)" : "").append(" | ").append(cell(i.zone()))
                        .append(" | ").append(i.requests()).append(" | ").append(i.ok()).append(" | ").append(i.ko())
                        .append(" | ").append(i.orders()).append(" | [report](").append(i.gatlingReport()).append(") |\n");
            }
        }

        if (s.orders() != null) {
            Summary.Orders o = s.orders();
            md.append("\n## Orders\n\n").append(o.intact() ? "✅ intact: " : "❌ **not intact**: ")
                    .append(o.acknowledged()).append(" acknowledged, ").append(o.lost()).append(" lost, ")
                    .append(o.duplicated()).append(" duplicated, ").append(o.mismatched()).append(" mismatched, ")
                    .append(o.unexpected()).append(" unexpected, ").append(o.recovered()).append(" recovered.\n");
        }

        md.append("\n## API calls\n\n");
        if (!s.apiCalls().isEmpty()) {
            md.append(s.apiCalls().entrySet().stream().map(e -> "`" + e.getKey() + "`: " + e.getValue())
                    .collect(Collectors.joining(", "))).append(".\n");
        } else if (s.target().equals("local")) {
            md.append("None: the local target's metrics are read in process, at no cost.\n");
        } else {
            md.append("None reported by the target's metrics source.\n");
        }
        return md.toString();
    }

    private static String icon(Summary.RunVerdict verdict) {
        return switch (verdict) {
            case PASS -> "✅";
            case FAIL -> "❌";
            case ABORTED -> "⛔";
        };
    }

    private static String icon(Verdict.Status status) {
        return switch (status) {
            case PASS -> "✅";
            case FAIL -> "❌";
            case NO_DATA -> "⚠️";
        };
    }

    /** A table cell: pipes escaped, one line. */
    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
