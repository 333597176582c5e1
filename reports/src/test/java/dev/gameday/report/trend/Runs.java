package dev.gameday.report.trend;

import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.recovery.Fault;
import dev.gameday.report.recovery.Milestone;
import dev.gameday.report.recovery.RecoveryAnatomy;
import dev.gameday.report.summary.Summary;
import dev.gameday.report.summary.SummaryJson;
import dev.gameday.slo.evaluation.Evidence;
import dev.gameday.slo.evaluation.Verdict;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds summaries of constructed runs: a ratio SLO (availability), a threshold (p99), a recovery
 * SLO, and one fault whose SLO-holding milestone comes a given number of seconds after injection.
 */
final class Runs {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private Runs() {
    }

    /**
     * @param availability the ratio's measured fraction (objective ≥ 99 %)
     * @param p99          the threshold's measured seconds (objective ≤ 0.5 s)
     * @param recovery     the recovery SLO's seconds (objective ≤ 30 s)
     * @param sloHolding   seconds from injection to SLO holding, or {@code NaN} for not reached
     */
    static Summary summary(String runId, double availability, double p99, double recovery, double sloHolding) {
        List<Summary.SloResult> slos = List.of(
                slo("availability", "ratio", "≥ 99.00%", availability, availability >= 0.99),
                slo("p99", "threshold", "≤ 0.500 s", p99, p99 <= 0.5),
                slo("capacity-back", "recovery", "≤ 30 s", recovery, recovery <= 30));
        boolean pass = slos.stream().allMatch(s -> s.verdict() == Verdict.Status.PASS);
        Instant injected = T0.plusSeconds(30);
        List<Milestone> milestones = new ArrayList<>();
        milestones.add(new Milestone("injected", true, injected, Duration.ZERO, "action.state", 7, null));
        milestones.add(Double.isNaN(sloHolding)
                ? new Milestone("sloHolding", false, null, null, "not reached: still bad", null, null)
                : new Milestone("sloHolding", true, injected.plusMillis((long) (sloHolding * 1000)),
                Duration.ofMillis((long) (sloHolding * 1000)), "good", null, "Gameday/Client KoCount{} Sum/1s"));
        RecoveryAnatomy anatomy = new RecoveryAnatomy(new Fault("EXP1", "stop", "aws:ecs:stop-task", "", injected,
                null), null, 0.2, milestones);
        return new Summary(Summary.SCHEMA_VERSION, "smoke", "", "local", runId, T0, T0.plusSeconds(90),
                pass ? Summary.RunVerdict.PASS : Summary.RunVerdict.FAIL, null, List.of(), slos, List.of(),
                new Summary.Load(100, 100, 0), null, Map.of(), List.of(anatomy), List.of());
    }

    static Summary.SloResult slo(String name, String kind, String objective, double measured, boolean met) {
        String text = Double.toString(measured);
        return new Summary.SloResult(name, kind, "", objective, measured, text,
                met ? Verdict.Status.PASS : Verdict.Status.FAIL, name + " " + text,
                new Evidence(name + " " + text, objective, T0, T0.plusSeconds(60), null, List.of()));
    }

    /** Writes a run directory holding only {@code summary.json}. */
    static RunDirectory write(Path out, Summary summary) throws java.io.IOException {
        Path root = out.resolve(summary.runId());
        Files.createDirectories(root);
        SummaryJson.write(root.resolve("summary.json"), summary);
        return RunDirectory.open(root);
    }
}
