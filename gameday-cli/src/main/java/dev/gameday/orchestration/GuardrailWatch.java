package dev.gameday.orchestration;

import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.core.metric.TimeSeries;
import dev.gameday.definition.GuardrailSpec;
import dev.gameday.slo.spec.MetricRef;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Checks a game day's guardrails while it runs: each check reads every guardrail over its trailing
 * window, and the first one above its limit is recorded as a {@code guardrail.breached} event and
 * returned as the reason to abort.
 */
final class GuardrailWatch {

    /** How often the guardrails are read: often enough to stop a fault within a couple of seconds. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final List<GuardrailSpec> guardrails;
    private final MetricsSource client;
    private final MetricsSource server;
    private final EventLog events;
    private final Clock clock;

    GuardrailWatch(List<GuardrailSpec> guardrails, MetricsSource client, MetricsSource server, EventLog events, Clock clock) {
        this.guardrails = guardrails;
        this.client = client;
        this.server = server;
        this.events = events;
        this.clock = clock;
    }

    /** The breach to abort for, if a guardrail is above its limit now. */
    Optional<String> breach() {
        for (GuardrailSpec guardrail : guardrails) {
            OptionalDouble value = valueAt(guardrail, clock.instant(), client, server);
            if (value.isPresent() && value.getAsDouble() > guardrail.max()) {
                String reason = guardrail.describeBreach(value.getAsDouble());
                events.emit("orchestrator", "guardrail.breached", Map.of("guardrail", guardrail.name(),
                        "value", value.getAsDouble(), "max", guardrail.max(), "over", guardrail.over().toString()));
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }

    /**
     * A guardrail's value over {@code [now - over, now)}, or empty when there is nothing to judge yet
     * (no data, or a ratio with no denominator).
     */
    static OptionalDouble valueAt(GuardrailSpec guardrail, Instant now, MetricsSource client, MetricsSource server) {
        // Whole seconds, so the window is exactly one period of the metric store.
        Instant to = now.truncatedTo(ChronoUnit.SECONDS);
        Instant from = to.minus(guardrail.over());
        OptionalDouble value = read(guardrail, guardrail.metric(), from, to, client, server);
        if (guardrail.per().isEmpty() || value.isEmpty()) {
            return value;
        }
        OptionalDouble denominator = read(guardrail, guardrail.per().get(), from, to, client, server);
        return denominator.isEmpty() || denominator.getAsDouble() <= 0
                ? OptionalDouble.empty()
                : OptionalDouble.of(value.getAsDouble() / denominator.getAsDouble());
    }

    private static OptionalDouble read(GuardrailSpec guardrail, MetricRef ref, Instant from, Instant to,
                                       MetricsSource client, MetricsSource server) {
        MetricsSource source = ref.namespace().startsWith("Gameday/") ? client : server;
        TimeSeries series = source.fetch(ref.query(guardrail.over()), from, to);
        return series.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(series.points().get(0).value());
    }
}
