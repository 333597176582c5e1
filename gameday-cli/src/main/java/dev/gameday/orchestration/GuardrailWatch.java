package dev.gameday.orchestration;

import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricsSource;

import java.time.Clock;
import java.time.Duration;
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

    private final List<Guardrail> guardrails;
    private final MetricsSource client;
    private final MetricsSource server;
    private final EventLog events;
    private final Clock clock;

    GuardrailWatch(List<Guardrail> guardrails, MetricsSource client, MetricsSource server, EventLog events, Clock clock) {
        this.guardrails = guardrails;
        this.client = client;
        this.server = server;
        this.events = events;
        this.clock = clock;
    }

    /** The breach to abort for, if a guardrail is above its limit now. */
    Optional<String> breach() {
        for (Guardrail guardrail : guardrails) {
            OptionalDouble value = guardrail.valueAt(clock.instant(), client, server);
            if (value.isPresent() && value.getAsDouble() > guardrail.max()) {
                String reason = guardrail.describeBreach(value.getAsDouble());
                events.emit("orchestrator", "guardrail.breached", Map.of("guardrail", guardrail.name(),
                        "value", value.getAsDouble(), "max", guardrail.max(), "over", guardrail.over().toString()));
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
