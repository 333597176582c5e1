package dev.gameday.report.markdown;

import dev.gameday.report.recovery.Milestone;
import dev.gameday.report.recovery.RecoveryAnatomy;
import dev.gameday.report.recovery.Stage;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The "Recovery" section of {@code summary.md}: per fault, each milestone's time, offset from the
 * injection and proof, or "not reached" and why.
 */
final class RecoveryMarkdown {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private RecoveryMarkdown() {
    }

    static String section(List<RecoveryAnatomy> faults, boolean withPicture) {
        StringBuilder md = new StringBuilder("\n## Recovery\n\n");
        if (withPicture) {
            md.append("![Recovery anatomy: one bar per fault, a segment per milestone](recovery.png)\n\n");
        }
        for (RecoveryAnatomy a : faults) {
            md.append("### ").append(a.title()).append("\n\n");
            if (a.affectedRequest() != null) {
                md.append("Most affected request: `").append(a.affectedRequest()).append("`. ");
            }
            if (a.latencyBreachSeconds() != null) {
                md.append(String.format(Locale.ROOT, "Latency breach: client p99 > %.3f s.", a.latencyBreachSeconds()));
            }
            md.append("\n\n| milestone | at (UTC) | after injection | evidence |\n|---|---|---|---|\n");
            for (Milestone m : a.milestones()) {
                String label = Stage.ofKey(m.milestone()).map(Stage::label).orElse(m.milestone());
                md.append("| ").append(label).append(" | ")
                        .append(m.reached() ? CLOCK.format(m.at()) : "not reached").append(" | ")
                        .append(m.reached() ? String.format(Locale.ROOT, "+%.3f s", m.offsetSeconds()) : "—")
                        .append(" | ").append(cell(proof(m))).append(" |\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String proof(Milestone m) {
        String where = m.event() != null ? "events.jsonl:" + m.event() + " " : "";
        return where + m.evidence();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
