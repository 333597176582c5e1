package dev.gameday.definition;

import java.time.Duration;

/**
 * One planned phase of a game day and how long it lasts.
 *
 * @param name     {@code warmup}, {@code steady}, {@code fault}, {@code recovery} or {@code cooldown}
 * @param duration how long; a zero-length phase is skipped
 */
public record PhaseSpec(String name, Duration duration) {

    /** The phase names, in the order a game day plays them. */
    public static final java.util.List<String> ORDER = java.util.List.of("warmup", "steady", "fault", "recovery", "cooldown");
}
