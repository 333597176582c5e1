package dev.gameday.definition;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated game day file ({@code gamedays/<name>.yaml}): what traffic, which phases, which
 * fault when, and which SLOs judge it.
 *
 * @param name        the game day's name (the file's base name)
 * @param description what it proves, in a sentence or two
 * @param file        where it was read from
 * @param target      {@code local} or a target file
 * @param platform    the local platform's shape
 * @param load        the shopper traffic
 * @param phases      the phases with non-zero durations, in play order
 * @param experiment  the fault, if any
 * @param slos        the SLOs, parsed, or the name of a shared SLO set (read by the preflight)
 * @param guardrails  the live safety limits, parsed, placeholders kept until the target opens
 * @param awaits      the live waits, parsed, placeholders kept until the target opens
 * @param overrides   the {@code --set} values applied over the file, by dotted path
 */
public record GameDayDefinition(String name, String description, Path file, String target,
                                PlatformSpec platform, LoadSpec load, List<PhaseSpec> phases,
                                Optional<ExperimentSpec> experiment, GameDaySlos slos, List<GuardrailSpec> guardrails,
                                List<WaitSpec> awaits, Map<String, String> overrides) {

    public GameDayDefinition {
        phases = List.copyOf(phases);
        guardrails = List.copyOf(guardrails);
        awaits = List.copyOf(awaits);
        overrides = Map.copyOf(overrides);
    }

    /** How long traffic runs: every phase. */
    public Duration totalDuration() {
        return phases.stream().map(PhaseSpec::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** When a phase starts, as an offset from the first phase's start. */
    public Duration offsetOf(String phase) {
        Duration at = Duration.ZERO;
        for (PhaseSpec p : phases) {
            if (p.name().equals(phase)) {
                return at;
            }
            at = at.plus(p.duration());
        }
        throw new IllegalArgumentException("no phase " + phase + " in " + name);
    }
}
