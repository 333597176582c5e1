package dev.gameday.report.recovery;

import java.util.Arrays;
import java.util.Optional;

/**
 * The milestones of a recovery, in the order a recovery goes through them: fault injected → first
 * impact → detected → mitigated → first good → SLO holding → capacity restored. The rule each is
 * computed by is in {@link RecoveryCalculator} and {@code reports/SUMMARY-SCHEMA.md}.
 */
public enum Stage {
    /** The action started impairing something ({@code action.state running}). */
    INJECTED("injected", "fault injected"),
    /** The first client error or latency breach after the injection. */
    FIRST_IMPACT("firstImpact", "first impact"),
    /** The first signal a monitor has: target unhealthy, alarm in ALARM, task stopped, writer lost. */
    DETECTED("detected", "detected"),
    /** The platform's reaction done: failover completed, replacement task healthy. */
    MITIGATED("mitigated", "mitigated"),
    /** The first clean second of the most affected request after it was first hit. */
    FIRST_GOOD("firstGood", "first good"),
    /** From here the client stays within bounds to the end of the traffic. */
    SLO_HOLDING("sloHolding", "SLO holding"),
    /** Running tasks back at the desired count. */
    CAPACITY_RESTORED("capacityRestored", "capacity restored");

    private final String key;
    private final String label;

    Stage(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The name in {@code summary.json}. */
    public String key() {
        return key;
    }

    /** The name for people. */
    public String label() {
        return label;
    }

    /** The stage named {@code key} in {@code summary.json}. */
    public static Optional<Stage> ofKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
