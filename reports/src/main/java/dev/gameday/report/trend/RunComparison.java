package dev.gameday.report.trend;

import dev.gameday.report.recovery.Milestone;
import dev.gameday.report.recovery.RecoveryAnatomy;
import dev.gameday.report.recovery.Stage;
import dev.gameday.report.summary.Summary;
import dev.gameday.slo.evaluation.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Compares a run with a baseline run: per SLO its measured value and verdict, per recovery milestone
 * (matched by fault action and milestone) its offset from the injection. A regression is a verdict
 * that got worse (PASS → FAIL or NO_DATA), a milestone no longer reached, or a value worse by more
 * than its {@link Tolerance}: by default {@link Tolerance#RATIO} for ratios, {@link Tolerance#SECONDS}
 * for recovery and eventually SLOs and milestones, {@link Tolerance#RELATIVE} for thresholds and
 * burn rates; {@code overrides} set one by SLO name, by milestone key ({@code sloHolding}) or by
 * {@code <action> <milestone>}. Which way is worse follows the objective: {@code ≥} wants more,
 * everything else less.
 */
public final class RunComparison {

    private RunComparison() {
    }

    /** Every change, SLOs first (in the baseline's order, then new ones), then milestones. */
    public static List<Change> compare(Summary baseline, Summary now, Map<String, Tolerance> overrides) {
        List<Change> out = new ArrayList<>();
        for (Summary.SloResult before : baseline.slos()) {
            Optional<Summary.SloResult> after = now.slos().stream().filter(s -> s.name().equals(before.name())).findFirst();
            out.add(after.map(a -> slo(before, a, overrides))
                    .orElseGet(() -> new Change("slo", before.name(), text(before), "not judged", "—", false, false)));
        }
        for (Summary.SloResult added : now.slos()) {
            if (baseline.slos().stream().noneMatch(s -> s.name().equals(added.name()))) {
                out.add(new Change("slo", added.name(), "not judged", text(added), "—", false, false));
            }
        }
        for (RecoveryAnatomy before : baseline.recovery()) {
            Optional<RecoveryAnatomy> after = now.recovery().stream()
                    .filter(a -> a.fault().action().equals(before.fault().action())).findFirst();
            for (Milestone m : before.milestones()) {
                if (m.milestone().equals(Stage.INJECTED.key())) {
                    continue;
                }
                Optional<Milestone> later = after.flatMap(a -> a.milestones().stream()
                        .filter(x -> x.milestone().equals(m.milestone())).findFirst());
                String name = before.fault().action() + " " + m.milestone();
                Tolerance tolerance = overrides.getOrDefault(name, overrides.getOrDefault(m.milestone(), Tolerance.SECONDS));
                out.add(milestone(name, m, later.orElse(null), tolerance));
            }
        }
        return out;
    }

    /** Whether any change is a regression. */
    public static boolean regressed(List<Change> changes) {
        return changes.stream().anyMatch(Change::regression);
    }

    private static Change slo(Summary.SloResult before, Summary.SloResult after, Map<String, Tolerance> overrides) {
        int verdictMove = rank(after.verdict()) - rank(before.verdict());
        Tolerance tolerance = overrides.getOrDefault(before.name(), defaultFor(before.kind()));
        String change = "—";
        boolean worse = false;
        boolean better = false;
        if (before.measured() != null && after.measured() != null) {
            double delta = after.measured() - before.measured();
            double worseBy = before.objective().startsWith("≥") ? -delta : delta;
            worse = tolerance.exceededBy(before.measured(), worseBy);
            better = tolerance.exceededBy(before.measured(), -worseBy);
            change = String.format(Locale.ROOT, "%+.4g", delta) + (before.verdict() != after.verdict()
                    ? ", " + before.verdict() + " → " + after.verdict() : "");
        } else if (before.verdict() != after.verdict()) {
            change = before.verdict() + " → " + after.verdict();
        }
        return new Change("slo", before.name(), text(before), text(after), change,
                verdictMove > 0 || (verdictMove == 0 && worse), verdictMove < 0 || (verdictMove == 0 && better));
    }

    private static Change milestone(String name, Milestone before, Milestone after, Tolerance tolerance) {
        String was = offset(before);
        String is = after == null ? "no such fault" : offset(after);
        if (after == null || !after.reached()) {
            return new Change("milestone", name, was, is, "—", before.reached(), false);
        }
        if (!before.reached()) {
            return new Change("milestone", name, was, is, "—", false, true);
        }
        double delta = after.offsetSeconds() - before.offsetSeconds();
        return new Change("milestone", name, was, is, String.format(Locale.ROOT, "%+.3f s", delta),
                tolerance.exceededBy(before.offsetSeconds(), delta), tolerance.exceededBy(before.offsetSeconds(), -delta));
    }

    private static Tolerance defaultFor(String kind) {
        return switch (kind) {
            case "ratio" -> Tolerance.RATIO;
            case "recovery", "eventually" -> Tolerance.SECONDS;
            default -> Tolerance.RELATIVE;
        };
    }

    /** PASS 0, NO_DATA and FAIL 1: a move up is worse. */
    private static int rank(Verdict.Status status) {
        return status == Verdict.Status.PASS ? 0 : 1;
    }

    private static String text(Summary.SloResult slo) {
        return slo.measuredText() + " (" + slo.verdict() + ")";
    }

    private static String offset(Milestone m) {
        return m.reached() ? String.format(Locale.ROOT, "+%.3f s", m.offsetSeconds()) : "not reached";
    }
}
