package dev.gameday.slo.evaluation;

import dev.gameday.slo.spec.Bound;

import java.time.Instant;
import java.util.TreeMap;

/**
 * Finds runs of consecutive periods within a bound. A period without data breaks a run: no data
 * cannot show that the service is back.
 */
final class Streaks {

    private Streaks() {
    }

    /** The start of the first period at or after {@code from} with data outside the bound, or {@code null}. */
    static Instant firstBreach(TreeMap<Instant, Double> values, Bound bound, Instant from) {
        for (var e : values.tailMap(from, true).entrySet()) {
            if (!bound.isMet(e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * The start of the first run of {@code length} consecutive periods within the bound that begins
     * at or after {@code from}, periods being {@code periodSeconds} apart; {@code null} when none.
     */
    static Instant firstStreak(TreeMap<Instant, Double> values, Bound bound, Instant from, int length,
                               long periodSeconds) {
        Instant runStart = null;
        Instant expected = null;
        int count = 0;
        for (var e : values.tailMap(from, true).entrySet()) {
            boolean contiguous = expected != null && e.getKey().equals(expected);
            if (bound.isMet(e.getValue())) {
                if (!contiguous || count == 0) {
                    runStart = e.getKey();
                    count = 0;
                }
                count++;
                if (count >= length) {
                    return runStart;
                }
            } else {
                count = 0;
            }
            expected = e.getKey().plusSeconds(periodSeconds);
        }
        return null;
    }
}
