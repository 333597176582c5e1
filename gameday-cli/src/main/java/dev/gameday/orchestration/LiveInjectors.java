package dev.gameday.orchestration;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the injectors of a fleet stand while the traffic runs, for the status line: how many are
 * still sending, and how late their figures reach the harness's live recorder (the guardrails',
 * live waits' and status line's) — under a second over loopback, about five seconds through S3.
 *
 * @param running  injectors still running
 * @param launched injectors the game day started
 * @param late     how late the newest merged figures were when they arrived; empty until measured
 */
public record LiveInjectors(int running, int launched, Optional<Duration> late) {

    public LiveInjectors {
        Objects.requireNonNull(late, "late");
        if (running < 0 || running > launched) {
            throw new IllegalArgumentException("running must be 0.." + launched + ", was " + running);
        }
    }

    /** The status line's part: {@code injectors 3/3 running, figures ≈5.2 s late} ({@code <0.1 s} over loopback). */
    public String describe() {
        String head = "injectors " + running + "/" + launched + " running";
        // Over loopback the lag is milliseconds: "≈0.0 s" would read as a rounding accident.
        return late.map(d -> head + ", figures " + (d.toMillis() < 50 ? "<0.1" : "≈" + seconds(d)) + " s late")
                .orElse(head);
    }

    /**
     * Whole seconds the live figures trail the clock by: the status line reads its window that much
     * earlier, so a few seconds of lag do not read as a drop in load.
     */
    public Duration trailing() {
        return late.map(d -> Duration.ofSeconds(Math.max(0, d.toSeconds()))).orElse(Duration.ZERO);
    }

    private static String seconds(Duration d) {
        double s = Math.max(0, d.toMillis()) / 1000.0;
        // Tenths while they matter (loopback, S3's few seconds); whole seconds beyond.
        return s < 10 ? String.format(Locale.ROOT, "%.1f", s) : String.valueOf(Math.round(s));
    }
}
