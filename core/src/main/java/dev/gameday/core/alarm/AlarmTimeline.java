package dev.gameday.core.alarm;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An alarm's states over a stretch of time: {@code INSUFFICIENT_DATA} from {@code start} (an alarm
 * that was just created), then every transition in order.
 *
 * @param alarm       the alarm
 * @param start       when evaluation began
 * @param end         the end of the last evaluated period
 * @param transitions the state changes, in time order
 */
public record AlarmTimeline(AlarmDefinition alarm, Instant start, Instant end, List<AlarmTransition> transitions) {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    public AlarmTimeline {
        Objects.requireNonNull(alarm, "alarm");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        transitions = List.copyOf(transitions);
    }

    /** The state in force at {@code t} (a transition at {@code t} is in force from {@code t}). */
    public AlarmState stateAt(Instant t) {
        AlarmState state = AlarmState.INSUFFICIENT_DATA;
        for (AlarmTransition transition : transitions) {
            if (transition.at().isAfter(t)) {
                break;
            }
            state = transition.to();
        }
        return state;
    }

    /** The first transition into {@code state} at or after {@code notBefore}. */
    public Optional<AlarmTransition> firstEntry(AlarmState state, Instant notBefore) {
        return transitions.stream().filter(t -> t.to() == state && !t.at().isBefore(notBefore)).findFirst();
    }

    /** The states in order, for sentences: {@code INSUFFICIENT_DATA → OK 12:00:10 → ALARM 12:00:40}. */
    public String describe() {
        StringBuilder b = new StringBuilder(AlarmState.INSUFFICIENT_DATA.name());
        for (AlarmTransition t : transitions) {
            b.append(" → ").append(t.to()).append(' ').append(CLOCK.format(t.at()));
        }
        return b.toString();
    }
}
