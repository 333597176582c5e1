package dev.gameday.core.alarm;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of an alarm's state, as CloudWatch's alarm history records it.
 *
 * @param at     when the evaluation that changed it ran (the end of the last period it judged)
 * @param from   the state before
 * @param to     the state after
 * @param reason why, e.g. {@code 2 of the last 3 data points breached (4.0, 7.0)}
 */
public record AlarmTransition(Instant at, AlarmState from, AlarmState to, String reason) {

    public AlarmTransition {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
    }
}
