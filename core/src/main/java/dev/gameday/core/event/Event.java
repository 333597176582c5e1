package dev.gameday.core.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One line of a run's {@code events.jsonl}: something that happened, when, and who said so.
 * Events are the ground truth measurements are checked against (phase changes, experiment and
 * action states, tasks stopped and started, targets healthy or not, guardrail breaches).
 *
 * @param ts     when it happened
 * @param source who observed it, e.g. {@code orchestrator}, {@code platform}, {@code fis}
 * @param type   what happened, dotted, e.g. {@code phase.started}, {@code task.stopped}
 * @param attrs  details; values are strings, numbers or booleans
 */
public record Event(Instant ts, String source, String type, Map<String, Object> attrs) {

    public Event {
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        attrs = attrs == null ? Map.of() : Map.copyOf(attrs);
    }

    /** The attribute as a string, or {@code null} when absent. */
    public String attr(String name) {
        Object value = attrs.get(name);
        return value == null ? null : value.toString();
    }
}
