package dev.gameday.slo.evaluation;

import dev.gameday.slo.period.PeriodRule;
import dev.gameday.slo.period.Rescaled;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Why a verdict is what it is: the sentence, the bound, the window judged, the first breaching
 * period and the series read — enough for a person to check the verdict by hand.
 *
 * @param explanation one sentence, e.g. {@code p99 0.734 s over steady (12:00:10–12:00:30) > 0.500 s}
 * @param bound       the objective as text, e.g. {@code ≤ 0.500 s}
 * @param windowStart the judged window's start, or {@code null} when it could not be placed
 * @param windowEnd   the judged window's end (exclusive), or {@code null}
 * @param firstBreach the start of the first period outside the bound, or {@code null} when none
 * @param series      the series read
 * @param coarsened   how the SLO was rescaled to the source's coarser data ({@link PeriodRule}), or
 *                    {@code null} when it was judged as written
 */
public record Evidence(String explanation, String bound, Instant windowStart, Instant windowEnd, Instant firstBreach,
                       List<EvidenceSeries> series, String coarsened) {

    public Evidence {
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(bound, "bound");
        series = series == null ? List.of() : List.copyOf(series);
    }

    /** Evidence of an SLO judged as written. */
    public Evidence(String explanation, String bound, Instant windowStart, Instant windowEnd, Instant firstBreach,
                    List<EvidenceSeries> series) {
        this(explanation, bound, windowStart, windowEnd, firstBreach, series, null);
    }

    /**
     * This evidence, saying — in its own field and at the end of the explanation, where people read
     * it — that it was judged on coarser data than written; unchanged when it was not.
     */
    public Evidence coarsenedBy(Rescaled rescaled) {
        if (!rescaled.coarsened()) {
            return this;
        }
        String note = rescaled.note();
        return new Evidence(explanation + " [" + note + "]", bound, windowStart, windowEnd, firstBreach, series, note);
    }
}
