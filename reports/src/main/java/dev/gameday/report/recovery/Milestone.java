package dev.gameday.report.recovery;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One milestone of a fault's recovery, with what proves it: an event of {@code events.jsonl} (its
 * 1-based line) or a recorded series and second. A milestone that was not reached has no time and
 * says why in {@code evidence}.
 *
 * @param milestone which one ({@link Stage#key()}: {@code injected}, {@code firstImpact}…)
 * @param reached   whether it was reached during the run
 * @param at        when, or {@code null} when not reached
 * @param offset    from the fault's injection (milliseconds precision), or {@code null}
 * @param evidence  for people: the event and its attributes, or the series, second and value; or why
 *                  it was not reached
 * @param event     the proving event's line in {@code events.jsonl}, or {@code null}
 * @param series    the proving series' label, or {@code null}
 */
@JsonPropertyOrder({"milestone", "reached", "at", "offset", "evidence", "event", "series"})
public record Milestone(String milestone, boolean reached, Instant at, Duration offset, String evidence,
                        Integer event, String series) {

    public Milestone {
        Objects.requireNonNull(milestone, "milestone");
        Objects.requireNonNull(evidence, "evidence");
        if (reached != (at != null)) {
            throw new IllegalArgumentException(milestone + ": a reached milestone has a time, an unreached one none");
        }
    }

    /** A milestone proven by an event. */
    static Milestone byEvent(Stage stage, Instant injectedAt, IndexedEvent event, String evidence) {
        return new Milestone(stage.key(), true, event.event().ts(), offset(injectedAt, event.event().ts()), evidence,
                event.line(), null);
    }

    /**
     * A milestone proven by one second of a recorded series; the second that holds the injection
     * counts from the injection (nothing after it happened earlier).
     */
    static Milestone bySeries(Stage stage, Instant injectedAt, Instant second, String series, String evidence) {
        Instant at = second.isBefore(injectedAt) ? injectedAt : second;
        return new Milestone(stage.key(), true, at, offset(injectedAt, at), evidence, null, series);
    }

    /** A milestone the run did not reach, and why. */
    static Milestone notReached(Stage stage, String why) {
        return new Milestone(stage.key(), false, null, null, "not reached: " + why, null, null);
    }

    /** The time from injection, to the millisecond. */
    private static Duration offset(Instant injectedAt, Instant at) {
        return Duration.ofMillis(Duration.between(injectedAt, at).toMillis());
    }

    /** The offset in seconds, or {@code NaN} when not reached. */
    public double offsetSeconds() {
        return offset == null ? Double.NaN : offset.toMillis() / 1000.0;
    }
}
