package dev.gameday.orchestration;

import dev.gameday.report.summary.Summary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a run's time went, step by step: each step around the phases (the harness's own start,
 * preflight, the run directory, target open, traffic start, the phases, the audit, each report, teardown) is timed as it
 * runs ({@link #begin}, {@link #end}) or recorded from instants measured elsewhere, parts of a step
 * measured elsewhere (the platform's start-up, from its events) are added under it, and the whole
 * is printed as one table into {@code gameday.log} and kept as {@code timings} in
 * {@code summary.json}.
 *
 * <p>Every step of {@link #STEPS} appears, in that order, whether it ran or not (a run that failed
 * to open its target has no traffic step to time): a reader of the table or of the JSON always
 * finds the same rows.
 */
public final class RunSteps {

    /** The steps of every run, in the order they run; parts and reports go under their step. */
    public static final List<String> STEPS = List.of(
            "harness start", "preflight", "run directory", "target open", "traffic start", "phases", "traffic end", "metrics", "platform history",
            "order audit", "teardown", "verdicts", "reports", "allure html");

    private final Clock clock;
    private final List<Summary.Timing> measured = new ArrayList<>();
    private String running;
    private Instant runningSince;

    public RunSteps(Clock clock) {
        this.clock = clock;
    }

    /**
     * Starts the step {@code name}, ending the one running (if any): steps that follow each other in
     * straight-line code read as a list of laps.
     */
    public synchronized void begin(String name) {
        end();
        running = name;
        runningSince = clock.instant();
    }

    /** Ends the running step, if any, and records it. */
    public synchronized void end() {
        if (running != null) {
            record(running, runningSince, clock.instant());
            running = null;
        }
    }

    /** Records a step, or a part of one ({@code <step> / <part>}), measured elsewhere. */
    public synchronized void record(String name, Instant start, Instant end) {
        measured.add(new Summary.Timing(name, start, Duration.between(start, end)));
    }

    /**
     * Every step of {@link #STEPS} in order, each followed by its parts in the order recorded; a step
     * not recorded is listed as not run. Steps recorded under other names follow at the end.
     */
    public synchronized List<Summary.Timing> timings() {
        List<Summary.Timing> out = new ArrayList<>();
        for (String step : STEPS) {
            List<Summary.Timing> own = measured.stream().filter(t -> t.step().equals(step)).toList();
            out.addAll(own.isEmpty() ? List.of(new Summary.Timing(step, null, null)) : own);
            measured.stream().filter(t -> t.step().startsWith(step + " / ")).forEach(out::add);
        }
        measured.stream().filter(t -> !out.contains(t)).forEach(out::add);
        return out;
    }

    /**
     * The timings as a table for people: one row per step, its parts indented under it, seconds with
     * milliseconds, offsets from the first step's start; the steps' sum and the span from the first
     * start to the last end at the bottom.
     */
    public String table() {
        List<Summary.Timing> timings = timings();
        Instant first = timings.stream().filter(Summary.Timing::ran).map(Summary.Timing::start).min(Instant::compareTo)
                .orElse(null);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-52s %10s %10s%n", "step", "at (s)", "took (s)"));
        Duration steps = Duration.ZERO;
        Instant last = first;
        for (Summary.Timing t : timings) {
            boolean part = t.step().contains(" / ");
            String name = part ? "  " + t.step().substring(t.step().indexOf(" / ") + 3) : t.step();
            if (!t.ran()) {
                out.append(String.format(Locale.ROOT, "%-52s %10s %10s%n", name, "-", "not run"));
                continue;
            }
            Instant end = t.start().plus(t.duration());
            last = end.isAfter(last) ? end : last;
            if (!part) {
                steps = steps.plus(t.duration());
            }
            out.append(String.format(Locale.ROOT, "%-52s %10.3f %10.3f%n", name, seconds(Duration.between(first, t.start())),
                    seconds(t.duration())));
        }
        if (first != null) {
            out.append(String.format(Locale.ROOT, "%-52s %10s %10.3f%n", "sum of steps", "", seconds(steps)));
            out.append(String.format(Locale.ROOT, "%-52s %10s %10.3f%n", "first start to last end", "",
                    seconds(Duration.between(first, last))));
        }
        return out.toString();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
