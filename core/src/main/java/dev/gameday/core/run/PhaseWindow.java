package dev.gameday.core.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When one phase of a run ({@code warmup}, {@code steady}, {@code fault}, {@code recovery},
 * {@code cooldown}) started and ended.
 *
 * @param name  the phase
 * @param start inclusive
 * @param end   exclusive
 */
public record PhaseWindow(String name, Instant start, Instant end) {

    public PhaseWindow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("phase " + name + " ends before it starts");
        }
    }

    /** How long it lasted. */
    public Duration duration() {
        return Duration.between(start, end);
    }
}
