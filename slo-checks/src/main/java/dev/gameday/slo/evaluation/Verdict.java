package dev.gameday.slo.evaluation;

import java.util.Objects;

/**
 * The outcome of one SLO in one run, with its evidence.
 *
 * @param name         the SLO's name
 * @param kind         the SLO's kind, e.g. {@code ratio}
 * @param description  the SLO's description; may be empty
 * @param objective    the objective for people, e.g. {@code ≥ 99.00%}, {@code ≤ 0.500 s}, {@code ≤ 30 s}
 * @param measured     the measured value (ratio as a fraction, seconds, or the share of bad
 *                     slices), {@code NaN} when nothing could be measured
 * @param measuredText the measured value for people, e.g. {@code 99.37% (9937 of 10000 good)}
 * @param status       the outcome
 * @param evidence     why
 */
public record Verdict(String name, String kind, String description, String objective, double measured,
                      String measuredText, Status status, Evidence evidence) {

    /** The outcome of an SLO. */
    public enum Status {
        /** The objective was met. */
        PASS,
        /** The objective was missed. */
        FAIL,
        /**
         * Nothing could be measured (no data recorded, or the window never happened). Absence of
         * data cannot prove an SLO, so the gate treats {@code NO_DATA} as not met.
         */
        NO_DATA;

        /** Whether the gate counts this as met: only {@link #PASS} is. */
        public boolean isMet() {
            return this == PASS;
        }
    }

    public Verdict {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(measuredText, "measuredText");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(evidence, "evidence");
        description = description == null ? "" : description;
    }

    /** The one-sentence explanation (from the evidence). */
    public String explanation() {
        return evidence.explanation();
    }
}
