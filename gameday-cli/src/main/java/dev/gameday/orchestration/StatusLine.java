package dev.gameday.orchestration;

import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.target.Target;
import dev.gameday.simulation.recorder.ClientRecorder;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The live progress line: phase, elapsed/total, client req/s, error %, p99, the target's own view
 * (healthy targets per zone, running tasks) and the experiment's state. One plain line per
 * interval, so it reads the same in a terminal and in a CI log.
 */
final class StatusLine {

    private static final Duration WINDOW = Duration.ofSeconds(5);

    private final PrintStream out;
    private final Clock clock;
    private final ClientRecorder recorder;
    private final Target target;
    private final Duration total;
    private final Duration interval;
    private Instant next;

    StatusLine(PrintStream out, Clock clock, ClientRecorder recorder, Target target, Duration total, Duration interval) {
        this.out = out;
        this.clock = clock;
        this.recorder = recorder;
        this.target = target;
        this.total = total;
        this.interval = interval;
        this.next = clock.instant().plus(interval);
    }

    /** Prints a line when one is due (every interval, across phases). */
    void printIfDue(String phase, Instant runStart, RunningExperiment experiment) {
        Instant now = clock.instant();
        if (now.isBefore(next)) {
            return;
        }
        next = next.plus(interval);
        Instant from = now.minus(WINDOW);
        double requests = value(ClientRecorder.REQUEST_COUNT, Statistic.SUM, from, now);
        double ko = value(ClientRecorder.KO_COUNT, Statistic.SUM, from, now);
        double p99 = value(ClientRecorder.RESPONSE_TIME, Statistic.of("p99"), from, now);
        long elapsed = Duration.between(runStart, now).toSeconds();
        StringBuilder line = new StringBuilder(String.format("[%-8s %3ds/%ds] %5.1f req/s  %5.1f%% errors  p99 %s",
                phase, elapsed, total.toSeconds(), requests / WINDOW.toSeconds(),
                requests > 0 ? 100.0 * ko / requests : 0.0,
                Double.isNaN(p99) ? "-" : Math.round(p99 * 1000) + " ms"));
        String live = target.liveStatus();
        if (!live.isBlank()) {
            line.append("  | ").append(live);
        }
        if (experiment != null) {
            line.append("  | experiment ").append(experiment.state().status().fisName());
        }
        out.println(line);
        out.flush();
    }

    private double value(String metric, Statistic statistic, Instant from, Instant to) {
        double v = recorder.aggregateOver(ClientRecorder.query(metric, null, statistic), from, to);
        return Double.isNaN(v) && statistic.equals(Statistic.SUM) ? 0 : v;
    }
}
