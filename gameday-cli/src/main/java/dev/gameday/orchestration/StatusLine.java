package dev.gameday.orchestration;

import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.core.metric.Statistic;
import dev.gameday.simulation.recorder.ClientRecorder;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The live progress line: phase, elapsed/total, client req/s, error %, p99, the target's own view
 * (healthy targets per zone, running tasks), the injectors (how many run, how late their figures
 * arrive) and the experiment's state. One plain line per interval, so it reads the same in a
 * terminal and in a CI log.
 *
 * <p>The client figures are those of the last {@value #WINDOW_SECONDS} seconds the recorder holds
 * whole: with injectors whose figures arrive late (through S3 on AWS), the window ends that many
 * whole seconds ago, and the line says how late they are.
 */
final class StatusLine {

    private static final int WINDOW_SECONDS = 5;
    private static final Duration WINDOW = Duration.ofSeconds(WINDOW_SECONDS);

    private final PrintStream out;
    private final Clock clock;
    private final ClientRecorder recorder;
    private final Supplier<String> target;
    private final Supplier<Optional<LiveInjectors>> injectors;
    private final Duration total;
    private final Duration interval;
    private Instant next;

    /**
     * @param target    the target's own live view ({@code Target.liveStatus}); blank for none
     * @param injectors the injectors' state when a fleet sends the traffic; empty when the harness does
     */
    StatusLine(PrintStream out, Clock clock, ClientRecorder recorder, Supplier<String> target,
               Supplier<Optional<LiveInjectors>> injectors, Duration total, Duration interval) {
        this.out = out;
        this.clock = clock;
        this.recorder = recorder;
        this.target = target;
        this.injectors = injectors;
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
        Optional<LiveInjectors> fleet = injectors.get();
        Instant to = now.minus(fleet.map(LiveInjectors::trailing).orElse(Duration.ZERO));
        Instant from = to.minus(WINDOW);
        double requests = value(ClientRecorder.REQUEST_COUNT, Statistic.SUM, from, to);
        double ko = value(ClientRecorder.KO_COUNT, Statistic.SUM, from, to);
        double p99 = value(ClientRecorder.RESPONSE_TIME, Statistic.of("p99"), from, to);
        long elapsed = Duration.between(runStart, now).toSeconds();
        StringBuilder line = new StringBuilder(String.format("[%-8s %3ds/%ds] %5.1f req/s  %5.1f%% errors  p99 %s",
                phase, elapsed, total.toSeconds(), requests / WINDOW.toSeconds(),
                requests > 0 ? 100.0 * ko / requests : 0.0,
                Double.isNaN(p99) ? "-" : Math.round(p99 * 1000) + " ms"));
        String live = target.get();
        if (!live.isBlank()) {
            line.append("  | ").append(live);
        }
        fleet.ifPresent(f -> line.append("  | ").append(f.describe()));
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
