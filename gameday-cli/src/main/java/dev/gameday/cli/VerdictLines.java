package dev.gameday.cli;

import dev.gameday.report.summary.Summary;

import java.io.PrintStream;

/** The verdict of each SLO, one line each, as {@code gameday run} and {@code gameday gate} print them. */
final class VerdictLines {

    private VerdictLines() {
    }

    /** One line per SLO — verdict, name, what was measured, the objective — and the abort reason, if any. */
    static void print(Summary summary, PrintStream out) {
        for (Summary.SloResult slo : summary.slos()) {
            out.printf("  %-8s %-28s %s (objective %s)%n", slo.verdict(), slo.name(), slo.measuredText(),
                    slo.objective());
        }
        if (summary.abortReason() != null) {
            out.println("  aborted: " + summary.abortReason());
        }
    }
}
