package dev.gameday.slo.evaluation;

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
 */
public record Evidence(String explanation, String bound, Instant windowStart, Instant windowEnd, Instant firstBreach,
                       List<EvidenceSeries> series) {

    public Evidence {
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(bound, "bound");
        series = series == null ? List.of() : List.copyOf(series);
    }
}
