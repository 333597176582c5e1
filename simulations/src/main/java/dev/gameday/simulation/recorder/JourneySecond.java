package dev.gameday.simulation.recorder;

import java.time.Instant;
import java.util.Objects;

/**
 * One second of one journey in {@code client.json}: how many shoppers started it then.
 *
 * @param second  the second
 * @param journey the journey ({@code browser}, {@code buyer}, …)
 * @param started journeys started in that second
 */
public record JourneySecond(Instant second, String journey, long started) {

    public JourneySecond {
        Objects.requireNonNull(second, "second");
        Objects.requireNonNull(journey, "journey");
    }
}
